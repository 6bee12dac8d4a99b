// The sweep's artefact contract (loaders/artefacts.ts → src/lib/artefacts): enrichment config
// SHA-256 against the registry tag, feature schema per variant, the cache keys the sweep implies,
// the pre-LOCK shadow dry run. Read by the Artefact contract page and the Dossier's banner.
import { siteArtefacts } from "../../../../loaders/artefacts.ts";
import { sweepArg } from "../../../../loaders/site/emit.ts";

process.stdout.write(JSON.stringify(await siteArtefacts(sweepArg())));
