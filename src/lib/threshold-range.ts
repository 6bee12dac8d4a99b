/**
 * What a threshold value may be, and the one error a bad one raises. A leaf module: the gate and
 * drift threshold modules declare each key's range with it, and the registry (src/lib/thresholds.ts)
 * gathers them for sweep.json, the CLI's `--set`, the pages' inputs and the docs.
 */

export interface ThresholdRange {
  /** "count": integer ≥ 0 unless `min` says more; "integer": any integer in range; "number": finite. */
  kind: "count" | "integer" | "number";
  min?: number;
  /** `min` itself is not allowed (e.g. a significance level > 0). */
  minExclusive?: boolean;
  max?: number;
  maxExclusive?: boolean;
  /** One line for the docs and `--help`: what the number means, with its unit. */
  description: string;
}

/** Thrown for an unknown threshold name or a bad value; `key` names the culprit, `value` is what was given. */
export class ThresholdError extends Error {
  readonly key: string;
  readonly value: unknown;
  constructor(key: string, message: string, value?: unknown) {
    super(message);
    this.name = "ThresholdError";
    this.key = key;
    this.value = value;
  }
}

/** What the value must be, as the end of "must …": "lie in (0, 1)", "be a non-negative integer", "be > 0". */
export function describeRange(r: ThresholdRange): string {
  const integral = r.kind !== "number";
  const min = r.min ?? (r.kind === "count" ? 0 : undefined);
  const lo = min === undefined ? "" : `${r.minExclusive ? "(" : "["}${min}`;
  if (min !== undefined && r.max !== undefined) return `${integral ? "be an integer and " : ""}lie in ${lo}, ${r.max}${r.maxExclusive ? ")" : "]"}`;
  if (integral && min === 0 && !r.minExclusive) return "be a non-negative integer";
  const bound = min !== undefined ? `${r.minExclusive ? ">" : ">="} ${min}` : r.max !== undefined ? `${r.maxExclusive ? "<" : "<="} ${r.max}` : "";
  return integral ? `be an integer${bound ? ` ${bound}` : ""}` : bound ? `be ${bound}` : "be a finite number";
}

/** `value` if it lies in `range`, else a ThresholdError naming `key`, the range and the value. */
export function checkThreshold(key: string, value: unknown, range: ThresholdRange): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ThresholdError(key, `threshold "${key}" must be a finite number (got ${JSON.stringify(value)}); it must ${describeRange(range)}`, value);
  }
  const min = range.min ?? (range.kind === "count" ? 0 : undefined);
  const integral = range.kind !== "number";
  const ok =
    (!integral || Number.isInteger(value)) &&
    (min === undefined || (range.minExclusive ? value > min : value >= min)) &&
    (range.max === undefined || (range.maxExclusive ? value < range.max : value <= range.max));
  if (!ok) throw new ThresholdError(key, `threshold "${key}" must ${describeRange(range)} (got ${value})`, value);
  return value;
}
