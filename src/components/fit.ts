/**
 * Tables that fit, on a 1024 px screen and on A4. A table either fits its column or sits in a
 * scroller that says so: `.ftf-wide` wrappers (and bare `table.ftf-table`s, which the stylesheet
 * turns into their own scroller) get `data-scroll-cue="on"` while their content is wider than
 * their box, which shows a caption ("scroll sideways") and a shadow on the clipped edge; the
 * first column stays put while the rest scrolls.
 *
 * For print, every `<details>` is opened while printing (CSS cannot open them in Chromium) and
 * restored afterwards; `matchMedia("print")` also fires under print emulation.
 */

const STYLE_ID = "ftf-fit-style";
const SCROLLERS = ".ftf-wide, table.ftf-table:not(.ftf-wide table.ftf-table)";

const CSS = `
.ftf-wide { overflow-x: auto; max-width: 100%; position: relative; }
#observablehq-main table.ftf-table:not(.ftf-wide table) { display: block; overflow-x: auto; max-width: 100%; width: max-content; }
.ftf-wide table.ftf-table th:first-child, .ftf-wide table.ftf-table td:first-child,
table.ftf-table[data-scroll-cue="on"] th:first-child, table.ftf-table[data-scroll-cue="on"] td:first-child {
  position: sticky; left: 0; z-index: 1; background: var(--theme-background, #fff);
}
[data-scroll-cue="on"] { box-shadow: inset -14px 0 12px -10px color-mix(in srgb, var(--theme-foreground, #000) 45%, transparent); }
.ftf-wide[data-scroll-cue="on"]::before, table.ftf-table[data-scroll-cue="on"]::before {
  content: "⇆ wider than the page: scroll sideways for the other columns";
  display: block; position: sticky; left: 0; width: max-content;
  font-size: 0.75rem; color: var(--ftf-muted, #656d76); padding: 0 0 0.15rem;
}
@media print {
  .ftf-wide, #observablehq-main table.ftf-table { overflow: visible !important; box-shadow: none !important; }
  .ftf-wide::before, table.ftf-table::before { content: none !important; display: none !important; }
  .ftf-wide table.ftf-table th:first-child, .ftf-wide table.ftf-table td:first-child { position: static; }
}`;

function mark(el: Element): void {
  const box = el as HTMLElement;
  const over = box.scrollWidth > box.clientWidth + 1;
  const want = over ? "on" : "off";
  if (box.getAttribute("data-scroll-cue") !== want) box.setAttribute("data-scroll-cue", want);
}

let observedBoxes: WeakSet<Element> | null = null;

/** Watch every present and future table scroller of the page; idempotent. */
export function installTableFit(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.appendChild(style);

  observedBoxes = new WeakSet();
  const resize = new ResizeObserver((entries) => {
    for (const e of entries) mark(e.target);
  });
  const scan = () => {
    for (const el of document.querySelectorAll(SCROLLERS)) {
      if (!observedBoxes!.has(el)) {
        observedBoxes!.add(el);
        resize.observe(el);
      }
      mark(el);
    }
  };
  // A scroller's content changes when a cell re-renders into it (a slider moved): re-measure.
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      scan();
    });
  }).observe(document.body, { subtree: true, childList: true });
  scan();

  const opened: HTMLDetailsElement[] = [];
  const openAll = () => {
    for (const d of document.querySelectorAll("details")) {
      if (!d.open) {
        d.open = true;
        opened.push(d);
      }
    }
  };
  const restore = () => {
    for (const d of opened.splice(0)) d.open = false;
  };
  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", restore);
  window.matchMedia("print").addEventListener("change", (e) => (e.matches ? openAll() : restore()));
}
