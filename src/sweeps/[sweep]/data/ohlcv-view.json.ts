// Market data's first view: symbols, bounds and the opening range's candles (loaders/site/ohlcv-view.ts).
import { siteOhlcvView } from "../../../../loaders/site/ohlcv-view.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

process.stdout.write(JSON.stringify(await siteOhlcvView(sweepArg())));
