/**
 * Typed errors for everything the loaders read. Each carries where the problem is (file, row or
 * line, column) and what was expected, so a researcher can fix the input without a debugger.
 */
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
