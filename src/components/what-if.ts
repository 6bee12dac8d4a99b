/**
 * What-if inputs that do not lie (issue 15): a threshold slider whose range and scale come from
 * src/lib/gates/what-if.ts (log for variances and significance levels, widened to cover the
 * threshold and the observed values), a number box that clamps an out-of-range value with a
 * visible message or refuses an impossible one, and a panel with "reset to dossier" that says
 * when the what-if changes a verdict. Each element works with Framework's `view()`: it has a
 * `.value` and fires a bubbling "input" event when that value changes.
 */
import { compact } from "../lib/format.js";
import { html } from "htl";
import { acceptTyped, domainFor, WHAT_IF_RANGES, type WhatIfName } from "../lib/gates/what-if.js";

const STYLE_ID = "ftf-what-if-style";
const CSS = `
.ftf-whatif { display: flex; flex-direction: column; gap: 0.3rem; margin: 0.5rem 0; }
.ftf-whatif-row { display: grid; grid-template-columns: 12rem minmax(8rem, 16rem) 6.5rem; gap: 0.5rem; align-items: center; font-size: 0.85rem; }
.ftf-whatif-row input[type=number] { width: 6.5rem; font-variant-numeric: tabular-nums; }
.ftf-whatif-row .scale { grid-column: 2; font-size: 0.72rem; color: var(--ftf-muted); display: flex; justify-content: space-between; margin-top: -0.3rem; }
.ftf-input-msg { grid-column: 1 / -1; font-size: 0.8rem; color: var(--ftf-warn); }
.ftf-input-msg.refused { color: var(--ftf-fail); }
.ftf-input-msg:empty { display: none; }
.ftf-whatif-bar { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; }
@media print { .ftf-whatif { display: none; } }
`;

function ensureStyle(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const el = document.createElement("style");
  el.id = STYLE_ID;
  el.textContent = CSS;
  document.head.appendChild(el);
}

const POSITIONS = 1000;

const show = compact;

export interface ThresholdInput extends HTMLElement {
  value: number;
  /** Set the value without a message (the panel's reset); fires "input". */
  setValue(x: number): void;
}

/**
 * One threshold: slider + number box + message. `observed`: the sweep's values of the statistic
 * the threshold is compared with, so the slider reaches them.
 */
export function thresholdInput(name: WhatIfName, opts: { label: string; value: number; observed?: readonly (number | null | undefined)[] }): ThresholdInput {
  ensureStyle();
  const r = WHAT_IF_RANGES[name];
  const dom = domainFor(name, opts.value, opts.observed ?? []);
  const log = r.scale === "log" && dom.min > 0;
  const toPos = (x: number) => Math.round(POSITIONS * (log ? (Math.log(x) - Math.log(dom.min)) / (Math.log(dom.max) - Math.log(dom.min)) : (x - dom.min) / (dom.max - dom.min)));
  const fromPos = (p: number) => {
    const f = p / POSITIONS;
    const x = log ? Math.exp(Math.log(dom.min) + f * (Math.log(dom.max) - Math.log(dom.min))) : dom.min + f * (dom.max - dom.min);
    // Log positions land on 3 significant digits; linear ones on the registry's step.
    return log ? Number(x.toPrecision(3)) : Math.round(x / r.step) * r.step;
  };
  const range = html`<input type="range" min="0" max=${POSITIONS} step="1" aria-label=${opts.label}>` as HTMLInputElement;
  const box = html`<input type="number" step="any" aria-label=${`${opts.label} (type a value)`}>` as HTMLInputElement;
  const msg = html`<output class="ftf-input-msg" role="status" data-testid=${`msg-${name}`}></output>` as HTMLOutputElement;
  const el = html`<div class="ftf-whatif-row" data-threshold=${name} data-scale=${log ? "log" : "linear"}>
    <label>${opts.label}</label>${range}${box}
    <div class="scale"><span>${show(dom.min)}</span>${log ? html`<span>log scale</span>` : ""}<span>${show(dom.max)}</span></div>
    ${msg}
  </div>` as ThresholdInput;

  let value = opts.value;
  const paint = () => {
    range.value = String(toPos(Math.min(dom.max, Math.max(dom.min, value))));
    box.value = show(value);
  };
  const fire = () => el.dispatchEvent(new Event("input", { bubbles: true }));
  Object.defineProperty(el, "value", { get: () => value, set: (x: number) => ((value = x), paint()) });
  el.setValue = (x: number) => {
    value = x;
    msg.textContent = "";
    msg.classList.remove("refused");
    paint();
    fire();
  };
  // The native events would reach view() with a stale value: stop them, fire our own.
  range.addEventListener("input", (e) => {
    e.stopPropagation();
    value = fromPos(Number(range.value));
    box.value = show(value);
    msg.textContent = "";
    fire();
  });
  box.addEventListener("input", (e) => e.stopPropagation());
  box.addEventListener("change", (e) => {
    e.stopPropagation();
    // Enter fires our change and the browser's: the second sees the value just set; keep its message.
    if (box.value === show(value)) return;
    const t = acceptTyped(name, box.value, dom);
    msg.classList.toggle("refused", !t.ok);
    msg.textContent = t.message ?? "";
    if (!t.ok) {
      paint();
      return;
    }
    value = t.value;
    paint();
    fire();
  });
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter") box.dispatchEvent(new Event("change"));
  });
  paint();
  return el;
}

/** The "Reset to dossier" button and the line that says whether the inputs moved. */
function resetBar(): { bar: HTMLElement; reset: HTMLButtonElement; state: HTMLElement } {
  const reset = html`<button type="button" data-testid="reset-to-dossier">Reset to dossier</button>` as HTMLButtonElement;
  const state = html`<span class="ftf-muted" data-testid="what-if-state"></span>` as HTMLElement;
  return { bar: html`<div class="ftf-whatif-bar">${reset}${state}</div>` as HTMLElement, reset, state };
}

/**
 * A "Reset to dossier" control for an Inputs.form whose inputs open at the values the drift
 * report was computed with (the drift pages): the button restores every input of the form, and
 * clears the messages of its threshold boxes. Returns the form itself, for `view()`.
 */
export function withReset<T extends HTMLElement & { value: Record<string, unknown> }>(form: T, testid: string): T {
  ensureStyle();
  const initial = { ...form.value };
  const { bar, reset, state } = resetBar();
  form.setAttribute("data-testid", testid);
  form.append(bar);
  const note = () => {
    const moved = Object.keys(initial).filter((k) => !Object.is(form.value[k], initial[k]) && JSON.stringify(form.value[k]) !== JSON.stringify(initial[k]));
    state.textContent = moved.length ? `what-if: ${moved.join(", ")} moved from the report's values` : "at the report's values";
    reset.disabled = !moved.length;
  };
  form.addEventListener("input", note);
  reset.addEventListener("click", () => {
    form.value = { ...initial };
    for (const m of form.querySelectorAll(".ftf-input-msg")) m.textContent = "";
    form.dispatchEvent(new Event("input", { bubbles: true }));
  });
  note();
  return form;
}

export interface WhatIfPanel extends HTMLElement {
  value: Record<string, number>;
}

/**
 * Several threshold inputs and a "reset to dossier" button that restores every one of them to
 * the value the dossier was computed with.
 */
export function whatIfPanel(
  inputs: Record<string, ThresholdInput>,
  dossier: Record<string, number>,
  testid?: string,
  /** Other inputs of the page (e.g. an Inputs.form of regime rules) the reset also restores. */
  also: ReadonlyArray<{ input: HTMLElement & { value: unknown }; value: unknown }> = [],
): WhatIfPanel {
  ensureStyle();
  const { bar, reset, state } = resetBar();
  const el = html`<div class="ftf-whatif" data-testid=${testid ?? "what-if"}>${Object.values(inputs)}${bar}</div>` as WhatIfPanel;
  const current = () => Object.fromEntries(Object.entries(inputs).map(([k, i]) => [k, i.value]));
  const note = () => {
    const moved = Object.entries(inputs).filter(([k, i]) => i.value !== dossier[k]).map(([k]) => k);
    state.textContent = moved.length ? `what-if: ${moved.join(", ")} moved from the dossier's values` : "at the dossier's values";
    reset.disabled = !moved.length;
  };
  Object.defineProperty(el, "value", { get: current });
  el.addEventListener("input", note);
  reset.addEventListener("click", () => {
    for (const [k, i] of Object.entries(inputs)) if (i.value !== dossier[k]) i.setValue(dossier[k]);
    for (const a of also) {
      a.input.value = a.value;
      a.input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    note();
  });
  note();
  return el;
}

/**
 * "Differs from the dossier": the verdicts a what-if changed, or nothing when none changed.
 * `changes` are [variant, dossier verdict, what-if verdict].
 */
export function differsFromDossier(changes: ReadonlyArray<readonly [string, string, string]>): HTMLElement {
  if (!changes.length) return html`<p class="ftf-muted" data-testid="differs-from-dossier" data-differs="no">Same verdicts as the dossier.</p>` as HTMLElement;
  return html`<p class="ftf-warning" role="status" data-testid="differs-from-dossier" data-differs="yes"><strong>Differs from the dossier:</strong>
    ${changes.map(([v, a, b], i) => html`${i ? "; " : ""}<code>${v}</code> ${a} → <strong>${b}</strong>`)}. Use “Reset to dossier” to return to the committee's numbers.</p>` as HTMLElement;
}
