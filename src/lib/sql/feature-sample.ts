/**
 * One feature's values for one symbol over [from, to), from the `features` table
 * (features.parquet): what the Feature drift page's ECDF and KS read, NULLs (warm-up, missing
 * bars) left out exactly as the drift analysis leaves them out.
 */
import { BTC_FEATURES, type BtcFeature } from "../sweep.js";
import { quoteIdent, quoteLiteral, quoteTimestamp } from "./quote.js";

export function featureSampleSql(feature: BtcFeature, symbol: string, fromMs: number, toMs: number): string {
  if (!(BTC_FEATURES as readonly string[]).includes(feature)) throw new RangeError(`not a feature: ${JSON.stringify(feature)}`);
  const f = quoteIdent(feature);
  return `SELECT ${f} AS v FROM features
WHERE symbol = ${quoteLiteral(symbol)} AND ts >= ${quoteTimestamp(fromMs)} AND ts < ${quoteTimestamp(toMs)} AND ${f} IS NOT NULL`;
}
