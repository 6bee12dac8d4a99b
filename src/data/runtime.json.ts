// Sizes of the in-browser SQL runtime (loaders/site/runtime-sizes.ts), for the pages' loading notes.
import { runtimeSizes } from "../../loaders/site/runtime-sizes.ts";

process.stdout.write(JSON.stringify(runtimeSizes()));
