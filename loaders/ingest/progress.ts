/**
 * A one-line progress display for long ingests (files, rows, throughput), drawn on stderr only
 * when stderr is a terminal: logs, pipes and CI stay clean.
 */
import type { ProgressEvent, ProgressFn } from "./types.ts";

export function ttyProgress(stream: NodeJS.WriteStream = process.stderr): { progress?: ProgressFn; done(): void } {
  if (!stream.isTTY) return { done() {} };
  const t0 = Date.now();
  let last = 0;
  let drawn = false;
  const progress = (e: ProgressEvent) => {
    const now = Date.now();
    if (now - last < 100 && e.phase === "read") return; // at most ten redraws a second
    last = now;
    const s = Math.max((now - t0) / 1000, 1e-3);
    const parts = [
      e.phase.padEnd(5),
      `${e.files_done}/${e.files_total} files`,
      `${e.rows.toLocaleString("en-US")} rows`,
      e.phase === "read" && e.rows ? `${Math.round(e.rows / s).toLocaleString("en-US")} rows/s` : "",
      e.bytes ? `${(e.bytes / 2 ** 20 / s).toFixed(1)} MB/s` : "",
      `${s.toFixed(1)} s`,
      e.detail ? `· ${e.detail}` : "",
    ].filter(Boolean);
    const line = parts.join("  ");
    const width = stream.columns ?? 100;
    stream.write(`\r\x1b[2K${line.length > width - 1 ? line.slice(0, width - 2) + "…" : line}`);
    drawn = true;
  };
  return {
    progress,
    done() {
      if (drawn) stream.write("\r\x1b[2K");
    },
  };
}
