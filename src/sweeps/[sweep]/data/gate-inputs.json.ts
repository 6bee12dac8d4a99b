// The gate engine's inputs (normalised sweep config + results rows), so pages can re-run
// src/lib/gates live when a reader moves a threshold, with the very code the CLI ran.
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteGateInputs } from "../../../../loaders/verdict.ts";

process.stdout.write(JSON.stringify(await siteGateInputs(sweepArg())));
