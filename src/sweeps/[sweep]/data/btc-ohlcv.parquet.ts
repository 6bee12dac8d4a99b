// BTC closes only (symbol, ts, close): what the Stability page labels market regimes from.
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteBtcBars } from "../../../../loaders/verdict.ts";

process.stdout.write(await siteBtcBars(sweepArg()));
