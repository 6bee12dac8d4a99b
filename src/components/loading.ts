/**
 * Loading states that say what is loading and how big it is, and the moment after first paint
 * when a page may start the heavy downloads (DuckDB-WASM) without delaying what it can already show.
 */
import { html } from "htl";
import { bytes } from "../lib/format.js";

/** What the SQL runtime costs to download (src/data/runtime.json). */
export interface RuntimeSizes {
  duckdb_wasm_bytes: number;
  parquet_wasm_bytes: number;
}

/** One thing a page is waiting for: a file name and, when known, its size in bytes. */
export interface Pending {
  name: string;
  bytes?: number | null;
}


/** The SQL engine's files, for a loading note. */
export function sqlEngine(runtime: RuntimeSizes, parquet = true): Pending[] {
  return [{ name: "DuckDB-WASM (SQL engine)", bytes: runtime.duckdb_wasm_bytes }, ...(parquet ? [{ name: "parquet-wasm", bytes: runtime.parquet_wasm_bytes }] : [])];
}

/** A FileAttachment as a pending item: its name and size. */
export function attachment(file: { name: string; size?: number }): Pending {
  return { name: file.name, bytes: Number.isFinite(file.size) ? file.size : null };
}

/** "a.parquet (1.8 MB), DuckDB-WASM (34.2 MB) and parquet-wasm (5.1 MB)" */
export function describePending(items: Pending[]): string {
  const parts = items.map((i) => (i.bytes ? `${i.name} (${bytes(i.bytes)})` : i.name));
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** `<p role="status">Loading a.parquet (1.8 MB) and DuckDB-WASM (34.2 MB) — why…</p>` */
export function loadingNote(items: Pending[], why = "", testid = "loading"): HTMLElement {
  const list = describePending(items);
  return html`<p class="ftf-loading" role="status" data-testid=${testid}><span class="ftf-spinner" aria-hidden="true"></span> Loading ${list}${why ? ` — ${why}` : ""}…</p>` as HTMLElement;
}

/**
 * Resolves once the browser has painted what the page displayed up to now (two animation frames
 * after the call) and is idle, or after 1.5 s at most: the moment to start a background download
 * without competing with the first chart for the network and the main thread. Call it from the
 * cell that starts the download: cells that display run before the next frame.
 */
export function afterFirstPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    const idle = () => {
      const ric = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
      if (ric) ric(() => resolve(), { timeout: 1500 });
      else setTimeout(resolve, 50);
    };
    const frames = () => requestAnimationFrame(() => requestAnimationFrame(idle));
    if (document.readyState === "complete") frames();
    else addEventListener("load", frames, { once: true });
  });
}
