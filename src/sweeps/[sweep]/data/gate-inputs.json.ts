// The gate engine's inputs (normalised sweep config + results rows), so pages can re-run
// src/lib/gates live when a reader moves a threshold, with the very code the CLI ran. The rows as
// columns (src/lib/columns.ts: lossless, a third smaller): Stability, Uplift and Results download
// this before their first paint (issue 14). Pages read it back with fromColumns.
import { toColumns } from "../../../../src/lib/columns.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteGateInputs } from "../../../../loaders/verdict.ts";

const { config, results } = await siteGateInputs(sweepArg());
process.stdout.write(JSON.stringify({ config, results: toColumns(results as unknown as Array<Record<string, unknown>>) }));
