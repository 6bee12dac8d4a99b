// Every sweep's verdicts and artefact status (loaders/site/site-index.ts), for the home page's
// Sweeps table and the Compare page. Computed from the same ingest cache as the Dossier pages.
import { sweepsSummary } from "../../loaders/site/site-index.ts";
import { reportLoaderErrors } from "../../loaders/site/emit.ts";

reportLoaderErrors();

process.stdout.write(JSON.stringify(await sweepsSummary()));
