/** SHA-256 of input and output files, as lowercase hex (what `sha256sum` prints). */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";

export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

export function sha256Bytes(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The worker's code, plain JavaScript so that it loads without this process's TypeScript loader:
 * it hashes the files one after another with blocking 1 MiB reads (in its own thread nothing
 * waits on them) and posts one answer per file, in order.
 */
const HASH_WORKER_JS = `
const { createHash } = require("node:crypto");
const { closeSync, openSync, readSync } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.postMessage(workerData.paths.map((path) => {
  try {
    const h = createHash("sha256");
    const fd = openSync(path, "r");
    try {
      for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    return { sha256: h.digest("hex") };
  } catch (e) {
    return { error: e.message };
  }
}));
`;

type HashAnswer = { sha256: string } | { error: string };

/**
 * SHA-256 of every file, in input order, computed in a worker thread: an ingest hashes ~1.7 GB of
 * minute bars while DuckDB parses them, and on the main thread the hashing would also hold up the
 * event loop that drives DuckDB's queries. Rejects with the first failing file's read error.
 */
export function sha256FilesInWorker(paths: readonly string[]): Promise<string[]> {
  if (!paths.length) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER_JS, { eval: true, workerData: { paths: [...paths] } });
    worker.once("message", (answers: HashAnswer[]) => {
      const failed = answers.find((a): a is { error: string } => "error" in a);
      if (failed) reject(new Error(failed.error));
      else resolve(answers.map((a) => (a as { sha256: string }).sha256));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`the hashing worker stopped (exit code ${code})`));
    });
  });
}
