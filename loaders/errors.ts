/**
 * Typed errors for everything the loaders read. Each carries where the problem is (file, row or
 * line, column) and what was expected, so a researcher can fix the input without a debugger.
 */
import { join } from "node:path";

export interface InputLocation {
  file?: string;
  /** 1-based data row (CSV: header excluded) or line number; say which in `unit`. */
  row?: number;
  unit?: "row" | "line";
  column?: string;
  value?: unknown;
}

export class InputError extends Error {
  readonly location: InputLocation;
  readonly expected?: string;
  readonly code: string;
  constructor(code: string, message: string, location: InputLocation = {}, expected?: string) {
    super(formatInputMessage(message, location, expected));
    this.name = "InputError";
    this.code = code;
    this.location = location;
    this.expected = expected;
  }
}

/**
 * A sweep id that names no sweep: not a valid id, or no `<folder>/<id>/sweep.json`. Carries the
 * sweeps folder and the ids it does hold, so the message says what would have worked.
 */
export class SweepIdError extends InputError {
  readonly sweepId: string;
  readonly folder: string;
  readonly known: readonly string[];
  constructor(reason: "invalid" | "not_found", sweepId: string, folder: string, known: readonly string[]) {
    const sweeps = `the sweeps in ${folder}: ${known.length ? known.join(", ") : "(none)"}`;
    super(
      reason === "invalid" ? "invalid_sweep_id" : "sweep_not_found",
      reason === "invalid" ? "invalid sweep id" : `sweep "${sweepId}" not found`,
      reason === "invalid" ? { value: sweepId } : { file: join(folder, sweepId, "sweep.json") },
      reason === "invalid" ? `[A-Za-z0-9._-]{1,100}, not "." or "..", e.g. one of ${sweeps}` : `one of ${sweeps}`,
    );
    this.name = "SweepIdError";
    this.sweepId = sweepId;
    this.folder = folder;
    this.known = known;
  }
}

/** Many input problems found in one pass; the CLI prints them all, not just the first. */
export class ValidationError extends Error {
  readonly problems: InputError[];
  constructor(problems: InputError[]) {
    super(`${problems.length} problem${problems.length === 1 ? "" : "s"} in the input:\n` + problems.map((p) => "  - " + p.message).join("\n"));
    this.name = "ValidationError";
    this.problems = problems;
  }
}

/** A step the tool runs on valid input failed (e.g. the static site build of a snapshot): the CLI exits 1. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}

/** Wrong command-line use: the CLI exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function formatInputMessage(message: string, loc: InputLocation, expected?: string): string {
  const where: string[] = [];
  if (loc.file) where.push(loc.file);
  if (loc.row !== undefined) where.push(`${loc.unit ?? "row"} ${loc.row}`);
  if (loc.column) where.push(`column "${loc.column}"`);
  let s = where.length ? `${where.join(", ")}: ${message}` : message;
  if (loc.value !== undefined) s += ` (got ${JSON.stringify(loc.value)})`;
  if (expected) s += `; expected ${expected}`;
  return s;
}

/**
 * What a user sees for an error that reached the top of a process (the CLI, a data loader): the
 * message on its own for the typed errors above, which already say where and what; for anything
 * else the message plus how to get the stack trace, which only FTF_DEBUG=1 prints.
 */
export function userErrorText(e: unknown, prefix: string, debug = process.env.FTF_DEBUG === "1"): string {
  if (debug && e instanceof Error && e.stack) return e.stack;
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof InputError || e instanceof ValidationError || e instanceof BuildError || e instanceof UsageError) return `${prefix}: ${message}`;
  return `${prefix}: ${message}\n(internal error; FTF_DEBUG=1 shows the stack trace)`;
}
