// The sweep's committee dossier (loaders/verdict.ts): the same JSON as `ftf verdict --json
// --ohlcv`, plus the build time. The Dossier page renders from it without DuckDB-WASM.
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteDossier } from "../../../../loaders/verdict.ts";

process.stdout.write(JSON.stringify(await siteDossier(sweepArg())));
