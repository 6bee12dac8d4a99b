// The dossier cut to what Stability and Uplift read: the variants with their gates and verdicts,
// the thresholds and the regimes, the same values as dossier.json. Those pages download it before
// their first paint (issue 14); the dossier's provenance (every input file with its SHA-256, ~30%
// of dossier.json), methods text and warnings are the Dossier page's, not theirs.
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { siteDossier } from "../../../../loaders/verdict.ts";

const KEYS = ["sweep_id", "baseline_variant", "cryptos", "folds", "regimes", "threshold_overrides", "thresholds", "variants"] as const;
const dossier = await siteDossier(sweepArg());
process.stdout.write(JSON.stringify(Object.fromEntries(KEYS.map((k) => [k, dossier[k]]))));
