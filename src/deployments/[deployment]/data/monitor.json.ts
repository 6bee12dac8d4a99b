// The deployment's monitoring report (loaders/monitor/site.ts): the same JSON as `ftf monitor
// --json`, on the site's cached ingest of its sweep. The Monitoring page renders from it alone.
import { deploymentArg, siteMonitor } from "../../../../loaders/monitor/site.ts";

process.stdout.write(JSON.stringify(await siteMonitor(deploymentArg())));
