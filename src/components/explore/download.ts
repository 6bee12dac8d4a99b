/**
 * Explore's downloads: the whole result as CSV or Parquet, batch by batch.
 *
 * Parquet downloads are written by parquet-wasm's streaming writer from the result's Arrow
 * batches: DuckDB-WASM's `COPY … (FORMAT parquet)` needs the parquet extension, which it would
 * fetch from outside the site (DESIGN §1 fact 3; autoloading is off, so it fails offline).
 */
import * as arrow from "apache-arrow";
import { Compression, Table as ParquetTable, WriterPropertiesBuilder, transformParquetStream, writeParquet } from "parquet-wasm/esm/parquet_wasm.js";
import { arrowToRows, ensureParquet } from "../db.js";
import { CSV_EOL, csvChunks, csvRow } from "../../lib/csv.js";
import type { ResultSet } from "./result-set.js";
import { el } from "./dom.js";

/** Rows per Parquet row group in downloads (DuckDB's own default): one encode step between yields. */
const PARQUET_ROW_GROUP = 122_880;

export type DownloadFormat = "csv" | "parquet";

/** The result as CSV text (RFC 4180, exact numbers, UTC ISO-8601 times); `progress` gets rows done. */
export async function csvBlob(r: ResultSet, progress: (rows: number) => void): Promise<Blob> {
  const names = r.columns.map((c) => c.name);
  const parts: string[] = [csvRow(names) + CSV_EOL];
  let done = 0;
  for await (const batch of r.batches()) {
    for (const chunk of csvChunks(names, arrowToRows(batch))) parts.push(chunk);
    progress((done += batch.numRows));
  }
  return new Blob(parts, { type: "text/csv" });
}

/**
 * The result as a Parquet file, streamed: DuckDB's batches go one by one through parquet-wasm's
 * streaming writer, which encodes a row group at a time, so the main thread is never blocked for
 * the whole file and the result is never held twice in memory.
 */
export async function parquetBlob(r: ResultSet, progress: (rows: number) => void): Promise<Blob> {
  await ensureParquet();
  const props = () => new WriterPropertiesBuilder().setCompression(Compression.ZSTD).setMaxRowGroupSize(PARQUET_ROW_GROUP).build();
  if (r.rowCount === 0) {
    // The streaming writer needs a batch to learn the schema; an empty file is written in one go.
    for await (const t of r.batches()) return new Blob([writeParquet(ParquetTable.fromIPCStream(arrow.tableToIPC(t as unknown as arrow.Table, "stream")), props()) as Uint8Array<ArrayBuffer>]);
  }
  const batches = r.batches()[Symbol.asyncIterator]();
  let done = 0;
  const input = new ReadableStream({
    async pull(controller) {
      const next = await batches.next();
      if (next.done) return controller.close();
      const t = next.value as unknown as arrow.Table;
      for (const b of ParquetTable.fromIPCStream(arrow.tableToIPC(t, "stream")).recordBatches()) controller.enqueue(b);
      progress((done += t.numRows));
    },
    // An abandoned write must still hand the connection on.
    async cancel() {
      await batches.return?.();
    },
  });
  const bytes = await transformParquetStream(input, props());
  return new Response(bytes, { headers: { "content-type": "application/vnd.apache.parquet" } }).blob();
}

/** The result in `format`. */
export function resultBlob(r: ResultSet, format: DownloadFormat, progress: (rows: number) => void): Promise<Blob> {
  return format === "csv" ? csvBlob(r, progress) : parquetBlob(r, progress);
}

/** Hand `blob` to the browser as a download named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
