/**
 * The few DOM builders the Explore modules share: plain functions returning elements.
 */

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export function button(label: string, testid: string, onClick: () => void, title = ""): HTMLButtonElement {
  const b = el("button", { type: "button", "data-testid": testid, ...(title ? { title } : {}) }, label);
  b.addEventListener("click", onClick);
  return b;
}

export function select(label: string, testid: string, options: readonly (readonly [string, string])[], value: string, onChange: (v: string) => void): HTMLLabelElement {
  const s = el("select", { "data-testid": testid });
  for (const [v, text] of options) {
    const o = el("option", { value: v }, text);
    if (v === value) o.selected = true;
    s.append(o);
  }
  s.addEventListener("change", () => onChange(s.value));
  return el("label", {}, `${label} `, s);
}

/** "1,234": counts as the page prints them. */
export const count = (n: number): string => n.toLocaleString("en-US");
