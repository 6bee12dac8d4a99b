// Sizes of the in-browser SQL runtime (loaders/site/runtime-sizes.ts), for the pages' loading notes.
import { runtimeSizes } from "../../loaders/site/runtime-sizes.ts";
import { reportLoaderErrors } from "../../loaders/site/emit.ts";

reportLoaderErrors();

process.stdout.write(JSON.stringify(runtimeSizes()));
