/**
 * The Explore editor: a textarea over a highlighted copy of its text (the copy is only
 * decoration; the textarea is what the reader types in, what tests fill, what screen readers read).
 * Chosen over CodeMirror to keep the page light: this is ~80 lines and no dependency.
 */
import { tokenizeSql } from "../../lib/explore/sql-text.js";
import { el } from "./dom.js";

export interface SqlEditor {
  element: HTMLElement;
  textarea: HTMLTextAreaElement;
  value(): string;
  set(sql: string): void;
  /** Insert at the caret (replacing the selection). */
  insert(text: string): void;
  /** Put the caret at `offset` (where DuckDB points an error). */
  caret(offset: number): void;
}

export function sqlEditor(onRun: () => void): SqlEditor {
  const code = el("code");
  const pre = el("pre", { class: "explore-highlight", "aria-hidden": "true" }, code);
  const textarea = el("textarea", {
    class: "explore-input",
    "data-testid": "explore-sql",
    "aria-label": "SQL query (Ctrl+Enter or ⌘+Enter runs it)",
    spellcheck: "false",
    autocapitalize: "off",
    autocomplete: "off",
    wrap: "off",
    rows: "10",
  });
  const sync = () => {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
  };
  const paint = () => {
    const frag = document.createDocumentFragment();
    for (const t of tokenizeSql(textarea.value)) frag.append(t.kind === "space" || t.kind === "operator" || t.kind === "semicolon" ? t.text : el("span", { class: `tok-${t.kind}` }, t.text));
    frag.append("\n "); // keeps the last line's height when the text ends in a newline
    code.replaceChildren(frag);
    sync();
  };
  textarea.addEventListener("input", paint);
  textarea.addEventListener("scroll", sync);
  textarea.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onRun();
    }
  });
  return {
    element: el("div", { class: "explore-editor" }, pre, textarea),
    textarea,
    value: () => textarea.value,
    set(sql) {
      textarea.value = sql;
      paint();
    },
    insert(text) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, "end");
      paint();
      textarea.focus();
    },
    caret(offset) {
      textarea.setSelectionRange(offset, offset);
    },
  };
}
