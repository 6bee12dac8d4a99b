/**
 * The results grid as the gates see it: rows indexed by variant and (crypto, fold), and the
 * paired differences between two variants. The engine checks the grid itself (the pages call it
 * on data that did not pass through `ftf validate`): a verdict computed from a grid with holes or
 * duplicates would compare unpaired folds without anyone noticing.
 */
import type { ResultRow } from "../results.js";
import type { PairedCell } from "./types.js";

export class GateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GateInputError";
  }
}

const key = (crypto: string, fold: number) => `${crypto}\u0000${fold}`;

export interface ResultsGrid {
  cryptos: string[];
  folds: number[];
  variants: string[];
  /** variant → (crypto, fold) key → row */
  byVariant: Map<string, Map<string, ResultRow>>;
}

/**
 * Index `results` and insist on a complete grid over `variants` × cryptos × folds.
 * `cryptoOrder` (sweep.json `cryptos`) fixes the display order; otherwise sorted.
 */
export function indexResults(results: readonly ResultRow[], variants: readonly string[], cryptoOrder?: readonly string[] | null): ResultsGrid {
  const byVariant = new Map<string, Map<string, ResultRow>>();
  const cryptoSet = new Set<string>();
  const foldSet = new Set<number>();
  for (const v of variants) byVariant.set(v, new Map());
  const unknown = new Set<string>();
  for (const r of results) {
    const cells = byVariant.get(r.variant);
    if (!cells) {
      unknown.add(r.variant);
      continue;
    }
    const k = key(r.crypto, r.fold);
    if (cells.has(k)) throw new GateInputError(`duplicate result row for crypto ${r.crypto}, fold ${r.fold}, variant ${r.variant}`);
    cells.set(k, r);
    cryptoSet.add(r.crypto);
    foldSet.add(r.fold);
  }
  if (unknown.size) throw new GateInputError(`results contain variants not declared in sweep.json: ${[...unknown].sort().join(", ")}`);
  const cryptos = cryptoOrder?.length ? [...cryptoOrder] : [...cryptoSet].sort();
  const folds = [...foldSet].sort((a, b) => a - b);
  const missing: string[] = [];
  for (const v of variants) {
    const cells = byVariant.get(v)!;
    for (const c of cryptos) for (const f of folds) if (!cells.has(key(c, f))) missing.push(`${c}/fold ${f}/${v}`);
  }
  if (missing.length) {
    const shown = missing.slice(0, 10).join(", ") + (missing.length > 10 ? `, … (${missing.length} in all)` : "");
    throw new GateInputError(`the results grid is incomplete; missing (crypto/fold/variant): ${shown}`);
  }
  return { cryptos, folds, variants: [...variants], byVariant };
}

/** Rows of one variant in (crypto, fold) grid order. */
export function variantRows(grid: ResultsGrid, variant: string): ResultRow[] {
  const cells = grid.byVariant.get(variant);
  if (!cells) throw new GateInputError(`variant "${variant}" is not in the sweep`);
  const out: ResultRow[] = [];
  for (const c of grid.cryptos) for (const f of grid.folds) out.push(cells.get(key(c, f))!);
  return out;
}

/** Paired cells `a − b` of one metric over every (crypto, fold), in grid order. */
export function pairedCells(grid: ResultsGrid, a: string, b: string, metric: (r: ResultRow) => number = (r) => r.f1_buy): PairedCell[] {
  const ra = variantRows(grid, a);
  const rb = variantRows(grid, b);
  return ra.map((row, i) => {
    const x = metric(row);
    const y = metric(rb[i]);
    return { crypto: row.crypto, fold: row.fold, a: x, b: y, diff: x - y };
  });
}

/** Group items by crypto, keeping the grid's crypto order. */
export function byCrypto<T extends { crypto: string }>(cryptos: readonly string[], items: readonly T[]): Array<[string, T[]]> {
  return cryptos.map((c) => [c, items.filter((it) => it.crypto === c)]);
}
