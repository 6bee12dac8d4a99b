/**
 * Synthetic Binance spot klines for the ingest bench, printed exactly as data.binance.vision does
 * (12 header-less columns, 8 decimals, prices on a tick, open time in ms before 2025 and µs from
 * 2025) in monthly files, with the blemishes of real extracts: a few outages (missing bars) and
 * zero-volume halts. Deterministic (xorshift32), formatted from integers for speed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const BENCH_SYMBOLS: ReadonlyArray<{ symbol: string; price: number; tick: number }> = [
  { symbol: "BTCUSDC", price: 46_000, tick: 0.01 },
  { symbol: "ETHUSDC", price: 3_700, tick: 0.01 },
  { symbol: "SOLUSDC", price: 170, tick: 0.01 },
  { symbol: "LINKUSDC", price: 15, tick: 0.001 },
  { symbol: "AAVEUSDC", price: 100, tick: 0.01 },
  { symbol: "UNIUSDC", price: 6, tick: 0.001 },
];

function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Integer `units` of 10^-dec → "123.45000000" (always 8 decimals). */
function fixed8(units: number, dec: number): string {
  const scale = 10 ** dec;
  const int = Math.floor(units / scale);
  const frac = String(units - int * scale).padStart(dec, "0");
  return `${int}.${frac}${"0".repeat(8 - dec)}`;
}

export interface GenerateOptions {
  dir: string;
  interval: "1h" | "1m";
  /** First bar (UTC) and number of years. */
  startYear: number;
  years: number;
  seed?: number;
}

/** Writes the files; returns rows and bytes written. */
export function generateKlines(opts: GenerateOptions): { rows: number; bytes: number; files: number } {
  mkdirSync(opts.dir, { recursive: true });
  const step = opts.interval === "1m" ? 60_000 : 3_600_000;
  const perYear = (365.25 * 86_400_000) / step;
  const usFrom = Date.UTC(2025, 0, 1);
  let rows = 0;
  let bytes = 0;
  let files = 0;
  for (const [k, s] of BENCH_SYMBOLS.entries()) {
    const u = xorshift((opts.seed ?? 11) * 977 + k * 7919);
    const gauss = () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
    const sigma = 0.7 / Math.sqrt(perYear);
    const dec = Math.round(-Math.log10(s.tick));
    let price = Math.round(s.price / s.tick);
    for (let y = opts.startYear; y < opts.startYear + opts.years; y++) {
      for (let m = 0; m < 12; m++) {
        const from = Date.UTC(y, m, 1);
        const to = Date.UTC(y, m + 1, 1);
        // One outage of 2–6 bars and one halt of 3 zero-volume bars per symbol and year.
        const outage = m === (k + y) % 12 ? from + Math.floor(u() * 20 * 86_400_000 / step) * step : -1;
        const outageLen = 2 + Math.floor(u() * 5);
        const halt = m === (k + y + 6) % 12 ? from + Math.floor(u() * 20 * 86_400_000 / step) * step : -1;
        const scale = from >= usFrom ? 1000 : 1;
        const lines: string[] = [];
        for (let t = from; t < to; t += step) {
          if (outage >= 0 && t >= outage && t < outage + outageLen * step) continue;
          const open = price;
          const halted = halt >= 0 && t >= halt && t < halt + 3 * step;
          const close = halted ? open : Math.max(1, Math.round(open * Math.exp(sigma * gauss())));
          const high = halted ? open : Math.max(open, close) + Math.round(Math.abs(gauss()) * sigma * 0.5 * open);
          const low = halted ? open : Math.max(1, Math.min(open, close) - Math.round(Math.abs(gauss()) * sigma * 0.5 * open));
          // Base volume in 1e-5 units, about $2M an hour in quote terms.
          const vol = halted ? 0 : Math.round(((Math.exp(gauss() * 0.6) * 2e6) / s.price) * 1e5 * (step / 3_600_000));
          const quote = (vol / 1e5) * (close * s.tick);
          lines.push(`${t * scale},${fixed8(open, dec)},${fixed8(high, dec)},${fixed8(low, dec)},${fixed8(close, dec)},${fixed8(vol, 5)},${(t + step) * scale - 1},${quote.toFixed(8)},${halted ? 0 : 1 + Math.floor(u() * 900)},${fixed8(Math.floor(vol / 2), 5)},${(quote / 2).toFixed(8)},0`);
          price = close;
        }
        const text = lines.join("\n") + "\n";
        writeFileSync(join(opts.dir, `${s.symbol}-${opts.interval}-${y}-${String(m + 1).padStart(2, "0")}.csv`), text);
        rows += lines.length;
        bytes += text.length;
        files++;
      }
    }
  }
  return { rows, bytes, files };
}
