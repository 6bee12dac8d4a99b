// htl 0.3 ships no types; the two tagged templates the components use.
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement | Text | DocumentFragment;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement | DocumentFragment;
}
