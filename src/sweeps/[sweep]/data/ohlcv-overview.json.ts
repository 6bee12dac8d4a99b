// The Market data page's first view, precomputed (loaders/site/ohlcv-overview.ts).
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteOhlcvOverview } from "../../../../loaders/site/ohlcv-overview.ts";

process.stdout.write(JSON.stringify(await siteOhlcvOverview(sweepArg())));
