/**
 * The one error type of the statistics core. It names the function, the argument and (for bad
 * values) the index, so a loader can add its own file/row context and re-throw as an InputError.
 */
export type StatsErrorCode =
  | "empty" // an argument has no values where at least one is needed
  | "too-few" // fewer observations than the statistic needs (e.g. < 2 pairs)
  | "length-mismatch" // paired arguments of different lengths
  | "not-finite" // NaN or ±Infinity in the data
  | "out-of-range" // a value outside its domain (a p-value > 1, alpha <= 0, ...)
  | "invalid-option"; // an option that is not one of the documented choices

export interface StatsErrorDetail {
  /** Public function that rejected the input, e.g. "ttestRel". */
  fn: string;
  argument?: string;
  /** 0-based position of the offending value inside `argument`. */
  index?: number;
  value?: unknown;
}

export class StatsError extends Error {
  readonly code: StatsErrorCode;
  readonly detail: StatsErrorDetail;
  constructor(code: StatsErrorCode, message: string, detail: StatsErrorDetail) {
    const where = [detail.fn, detail.argument !== undefined ? `argument "${detail.argument}"` : null, detail.index !== undefined ? `index ${detail.index}` : null]
      .filter(Boolean)
      .join(", ");
    const got = detail.value !== undefined ? ` (got ${String(detail.value)})` : "";
    super(`${where}: ${message}${got}`);
    this.name = "StatsError";
    this.code = code;
    this.detail = detail;
  }
}

/** Throws unless every value is a finite number. */
export function assertFinite(values: ArrayLike<number>, fn: string, argument: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new StatsError("not-finite", "expected finite numbers only", { fn, argument, index: i, value: v });
    }
  }
}

export function assertNonEmpty(values: ArrayLike<number>, fn: string, argument: string): void {
  if (values.length === 0) throw new StatsError("empty", "expected at least one value", { fn, argument });
}
