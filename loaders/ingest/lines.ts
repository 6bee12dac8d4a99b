/**
 * From "the k-th row DuckDB kept" back to the line a researcher sees in an editor. DuckDB skips
 * blank lines and rejected lines without numbering the rows it keeps, so the mapping needs the
 * text itself. It is built lazily, only for files that have something to report: the fast path
 * (clean files) never reads a file twice.
 */
import { readFileSync } from "node:fs";
import { constants, gunzipSync } from "node:zlib";

export class LineLocator {
  private lines: string[] | null = null;
  private dataLines: number[] | null = null;

  constructor(
    private readonly path: string,
    private readonly gz: boolean,
    /** 1-based line where data may start (after a header). */
    private readonly firstDataLine: number,
    /** 1-based lines DuckDB rejected (they hold no kept row). */
    private readonly rejected: ReadonlySet<number>,
  ) {}

  private load(): void {
    if (this.lines) return;
    const raw = readFileSync(this.path);
    // A truncated gzip still yields the lines before the cut (the damage itself is reported elsewhere).
    const data = this.gz ? gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }) : raw;
    const text = data.toString("utf8").replace(/^\uFEFF/, "");
    this.lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
    this.dataLines = [];
    for (let i = this.firstDataLine - 1; i < this.lines.length; i++) {
      if (this.lines[i] !== "" && !this.rejected.has(i + 1)) this.dataLines.push(i + 1);
    }
  }

  /** Line number (1-based) and text of the 0-based kept row `k`. */
  locate(k: number): { line: number; text: string } {
    this.load();
    const line = this.dataLines![k];
    if (line === undefined) return { line: this.firstDataLine + k, text: "" };
    return { line, text: this.lines![line - 1] };
  }

  /** Number of lines, and whether the file ends without a newline (a cut-off last line). */
  tail(): { lineCount: number; endsWithNewline: boolean } {
    this.load();
    const n = this.lines!.length;
    const endsWithNewline = this.lines![n - 1] === "";
    return { lineCount: endsWithNewline ? n - 1 : n, endsWithNewline };
  }

  /** The field of `text` at `index` (0-based), for quoting the offending value. */
  static field(text: string, delim: string, index: number): string | undefined {
    return text.split(delim)[index]?.trim().replace(/^"(.*)"$/, "$1");
  }
}
