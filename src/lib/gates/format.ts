/**
 * Number formatting for the gates' one-sentence reasons. Reasons carry 4 significant decimals
 * (the precision a reader compares against a 0.020 or 0.05 threshold); the JSON carries the
 * full doubles next to them.
 */

export function num(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return "n/a";
  if (!Number.isFinite(x)) return x > 0 ? "+∞" : "−∞";
  return x.toFixed(digits).replace(/^-/, "−");
}

export function signed(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x) || !Number.isFinite(x)) return num(x, digits);
  return (x >= 0 ? "+" : "") + num(x, digits);
}

/** p-values: 4 decimals, or scientific below 0.0001 so a tiny p is not printed as 0.0000. */
export function pval(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return "n/a";
  if (p !== 0 && p < 1e-4) return p.toExponential(1);
  return p.toFixed(4);
}

export function plural(n: number, word: string, pluralWord = word + "s"): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}
