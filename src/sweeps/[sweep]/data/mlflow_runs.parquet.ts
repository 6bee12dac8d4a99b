// The MLflow runs behind an imported sweep (ftf import mlflow); empty for other sweeps.
import { sweepArg } from "../../../../loaders/site/emit.ts";
import { emitMlflowRuns } from "../../../../loaders/mlflow/site-runs.ts";

await emitMlflowRuns(sweepArg());
