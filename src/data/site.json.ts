import { siteIndex } from "../../loaders/site/site-index.ts";

process.stdout.write(JSON.stringify(siteIndex(), null, 2));
