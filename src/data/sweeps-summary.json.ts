// Every sweep's verdicts and artefact status (loaders/site/site-index.ts), for the home page's
// Sweeps table and the Compare page. Computed from the same ingest cache as the Dossier pages.
import { sweepsSummary } from "../../loaders/site/site-index.ts";

process.stdout.write(JSON.stringify(await sweepsSummary()));
