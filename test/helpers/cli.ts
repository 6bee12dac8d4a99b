/**
 * `ftf <args>` run in this process through the CLI's own entry (`main` of loaders/cli.ts): the exit
 * code it returns and the text the command printed, split into stdout and stderr as a terminal
 * would see them. Each child `node --import tsx loaders/cli.ts` costs about a second of CPU before
 * the command starts (issue 18); tests that check what a command computes use this, tests of what
 * the process itself does (no stack trace on a crash, stdout flushed before exit) keep spawning it.
 */
import { format } from "node:util";
import { main } from "../../loaders/cli.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

/** A stream's write that keeps text for the caller (and calls the write's callback, as a stream does). */
function capture(into: string[], passBinary: Write): Write {
  return ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown) => {
    // node:test's own reporter writes serialized buffers to stdout: those are not the command's
    if (typeof chunk !== "string") return passBinary(chunk, encodingOrCb as BufferEncoding, cb as () => void);
    into.push(chunk);
    const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
    if (typeof done === "function") queueMicrotask(() => (done as (e?: Error | null) => void)(null));
    return true;
  }) as Write;
}

/** Run `ftf ...args` in-process (one at a time: it swaps the process's stdout and stderr). */
export async function ftfInProcess(...args: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const write = { out: stdout.write, err: stderr.write };
  const { log, error, warn } = console;
  stdout.write = capture(out, write.out.bind(stdout));
  stderr.write = capture(err, write.err.bind(stderr));
  console.log = (...a: unknown[]) => void out.push(format(...a) + "\n");
  console.error = console.warn = (...a: unknown[]) => void err.push(format(...a) + "\n");
  try {
    const code = await main(args);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    stdout.write = write.out;
    stderr.write = write.err;
    Object.assign(console, { log, error, warn });
  }
}
