/**
 * Defects injected into the demo OHLCV so the quality checks (DESIGN §4) have something real to
 * find. They are few (21 bars of ~184 000) and sit at fixed timestamps, so tests can assert that
 * each one is flagged. Natural heavy-tailed bars will be flagged too; these are the guaranteed ones.
 *
 * | symbol   | kind            | bars (open time, UTC)                 | what the file shows |
 * | BTCUSDC  | return_outlier  | 2022-06-13T02:00Z                     | close/open −8σ of the previous 720 returns (propagates to the alts through beta) |
 * | BTCUSDC  | missing_bars    | 2023-03-24T13:00Z, 14:00Z             | 2 rows absent (an exchange outage) |
 * | BTCUSDC  | long_wick       | 2024-03-05T15:00Z                     | lower wick ≈ 12σ, body ≈ 0.2σ: wick/body ≫ 5, volume ×4 |
 * | ETHUSDC  | return_outlier  | 2024-08-05T00:00Z                     | −8σ |
 * | SOLUSDC  | halt            | 2023-10-02T09:00Z … 11:00Z (3 bars)   | volume 0, trades 0, flat OHLC; the missed move lands on 12:00Z |
 * | LINKUSDC | long_wick       | 2022-11-09T20:00Z                     | as above |
 * | AAVEUSDC | missing_bars    | 2024-06-10T04:00Z … 10:00Z (7 bars)   | 7 consecutive rows absent |
 * | UNIUSDC  | return_outlier  | 2023-03-10T14:00Z                     | +8σ |
 * | UNIUSDC  | volume_collapse | 2025-02-03T02:00Z, 03:00Z             | volume 8% of its normal level (>80% below the 24-bar median), µs era |
 *
 * Defects outside a shorter span (tests) are skipped.
 */
import { HOUR_MS } from "../../src/lib/time.ts";
import { parseUtc } from "../../src/lib/time.ts";

export type DefectKind = "return_outlier" | "halt" | "volume_collapse" | "long_wick" | "missing_bars";

export interface DemoDefect {
  symbol: string;
  kind: DefectKind;
  /** Open time of the first affected bar, ISO-8601 UTC. */
  start: string;
  /** Number of consecutive affected bars. */
  bars: number;
  /** return_outlier only: the bar's log return in units of the previous 720 bars' RMS return. */
  sigmas?: number;
}

export const DEMO_DEFECTS: readonly DemoDefect[] = [
  { symbol: "BTCUSDC", kind: "return_outlier", start: "2022-06-13T02:00:00Z", bars: 1, sigmas: -8 },
  { symbol: "BTCUSDC", kind: "missing_bars", start: "2023-03-24T13:00:00Z", bars: 2 },
  { symbol: "BTCUSDC", kind: "long_wick", start: "2024-03-05T15:00:00Z", bars: 1 },
  { symbol: "ETHUSDC", kind: "return_outlier", start: "2024-08-05T00:00:00Z", bars: 1, sigmas: -8 },
  { symbol: "SOLUSDC", kind: "halt", start: "2023-10-02T09:00:00Z", bars: 3 },
  { symbol: "LINKUSDC", kind: "long_wick", start: "2022-11-09T20:00:00Z", bars: 1 },
  { symbol: "AAVEUSDC", kind: "missing_bars", start: "2024-06-10T04:00:00Z", bars: 7 },
  { symbol: "UNIUSDC", kind: "return_outlier", start: "2023-03-10T14:00:00Z", bars: 1, sigmas: 8 },
  { symbol: "UNIUSDC", kind: "volume_collapse", start: "2025-02-03T02:00:00Z", bars: 2 },
];

/** Bar open times (epoch ms) of every bar a defect touches. */
export function defectBarTimes(d: DemoDefect): number[] {
  const t0 = parseUtc(d.start, "defect start");
  return Array.from({ length: d.bars }, (_, k) => t0 + k * HOUR_MS);
}

/** Per-bar defect lookup for one symbol over a grid starting at `start` with `n` bars. */
export function defectsByBar(symbol: string, start: number, n: number): Map<number, DemoDefect> {
  const out = new Map<number, DemoDefect>();
  for (const d of DEMO_DEFECTS) {
    if (d.symbol !== symbol) continue;
    for (const t of defectBarTimes(d)) {
      const i = (t - start) / HOUR_MS;
      if (i >= 0 && i < n) out.set(i, d);
    }
  }
  return out;
}
