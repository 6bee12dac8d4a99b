// Every deployment's status and fired triggers (loaders/monitor/site.ts), for the home page.
import { deploymentsSummary } from "../../loaders/monitor/site.ts";
import { reportLoaderErrors } from "../../loaders/site/emit.ts";

reportLoaderErrors();

process.stdout.write(JSON.stringify(await deploymentsSummary()));
