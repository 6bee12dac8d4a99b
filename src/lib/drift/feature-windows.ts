/**
 * How many bars each BTC feature's value looks back over (DESIGN §4; the SQL is in
 * src/lib/sql/features.ts, whose window lengths these are). The calibrated drift test uses it as
 * the guard band between a left-out reference week and the rest of the reference (values closer
 * than one window share bars), and to tell long-window features (a week of them holds less than
 * one independent value) from the others.
 */
import { featureWindows } from "../sql/features.js";
import type { BtcFeature } from "../sweep.js";
import { DAY_MS } from "../time.js";

/** Bars entering one value of `feature` at `interval` (a 1-bar return spans 2 closes: 1 bar). */
export function featureWindowBars(feature: BtcFeature | string, interval: string): number {
  const w = featureWindows(interval);
  switch (feature) {
    case "btc_ret_1h":
    case "btc_range_1h":
      return 1;
    case "btc_ret_24h":
      return w.ret_long;
    case "btc_rv_24h":
      return w.rv;
    // the current bar against a 168-bar baseline before it
    case "btc_volume_z_168h":
      return w.volume_z + 1;
    case "btc_alt_corr_720h":
      return w.corr;
    default:
      throw new Error(`featureWindowBars: unknown feature "${feature}"`);
  }
}

/** Bars of a monitoring window of `days` at a bar length of `barMs`. */
export function windowBars(days: number, barMs: number): number {
  return Math.round((days * DAY_MS) / barMs);
}

/**
 * A feature whose window spans two monitoring windows or more gets no weekly distribution test: a
 * week of a 720-bar correlation is one slowly moving value, not a sample (it goes to the
 * subsampled Fisher-z chart instead). btc_volume_z_168h (169 bars at 1h, about one week) is
 * tested: its value is dominated by the current bar's volume, the 168 bars are only its baseline,
 * and its empirical null needs no assumption about how many independent values a week holds.
 */
export function isLongWindowFeature(featureBars: number, monitoringBars: number): boolean {
  return featureBars >= 2 * monitoringBars;
}

/** Does the feature's value depend on the target (the others are BTC's, the same at every target's bars)? */
export function featureDependsOnTarget(feature: string): boolean {
  return feature === "btc_alt_corr_720h";
}
