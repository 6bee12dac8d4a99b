import { emitDriftFile } from "../../../../loaders/drift/emit.ts";

await emitDriftFile("drift-summary.json");
