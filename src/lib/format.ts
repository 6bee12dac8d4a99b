/**
 * Numbers as the workbench prints them, once: pages, gate reasons and CLI text all use these, so
 * a number reads the same wherever it appears. Fixed decimals (no locale), a true minus sign
 * (U+2212), p-values in scientific notation below 1e-4 so a tiny p is not shown as 0.0000, and
 * one mark for a missing value. The JSON always carries the full doubles next to the text.
 */

/** What a missing value (null, undefined, NaN) prints as. */
export const MISSING = "—";

function isMissing(x: number | null | undefined): x is null | undefined {
  return x === null || x === undefined || Number.isNaN(x);
}

/** `digits` fixed decimals; ±∞ as "+∞"/"−∞"; missing as MISSING. */
export function num(x: number | null | undefined, digits = 4): string {
  if (isMissing(x)) return MISSING;
  if (!Number.isFinite(x)) return x > 0 ? "+∞" : "−∞";
  return x.toFixed(digits).replace(/^-/, "−");
}

/** `num` with an explicit sign: "+0.0123", "−0.0040" (the sign of x itself). */
export function signed(x: number | null | undefined, digits = 4): string {
  if (isMissing(x) || !Number.isFinite(x)) return num(x, digits);
  return (x >= 0 ? "+" : "−") + Math.abs(x).toFixed(digits);
}

/** p-values: 4 decimals, scientific (3 significant digits) below 1e-4, exactly 0 as "0". */
export function pval(p: number | null | undefined): string {
  if (isMissing(p) || !Number.isFinite(p)) return MISSING;
  if (p === 0) return "0";
  return p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

/** "1 cell", "3 cells". */
export function plural(n: number, word: string, pluralWord = word + "s"): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** A compact number for an input box or a scale label: 4 significant digits, exponent outside [1e-3, 1e6). */
export function compact(x: number): string {
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(1);
}

/**
 * A number in a table of query results: whole numbers in full, others to `digits` significant
 * digits (a DOUBLE's 17-digit noise such as 0.30000000000000004 reads 0.3), scientific outside
 * [1e-4, 1e15), true minus sign, ±∞ and missing as `num` prints them. The exact value stays in the
 * data (and in the Explore cell's title, CSV and Parquet downloads).
 */
export function sig(x: number | null | undefined, digits = 6): string {
  if (isMissing(x) || !Number.isFinite(x)) return num(x);
  const a = Math.abs(x);
  let text: string;
  if (Number.isInteger(x) && a < 1e15) text = String(x);
  else if (a >= 1e-4 && a < 1e15) text = String(Number(x.toPrecision(digits)));
  else text = x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return text.replace(/^-/, "−");
}

/**
 * A file size: "1.9 MB", "640 kB", "12 B" (SI units, as file managers and browsers show
 * downloads); "size unknown" for a size that is not one. Loading notes and Explore's table list
 * both print sizes with it, so one file reads the same size on every page.
 */
export function bytes(n: number | null | undefined): string {
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) return "size unknown";
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${n} B`;
}
