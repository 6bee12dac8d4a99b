/**
 * One metric file of an MLflow run (`metrics/<name>`): one point per line, `timestamp value step`
 * (1.x before steps wrote `timestamp value`; the step is then 0). The value is written by Python's
 * `str(float)`, so `nan`, `inf` and `-inf` occur. The metric's value is its latest point in
 * MLflow's order: the highest step, then the latest timestamp (then the larger value, as MLflow's
 * `max` over (step, timestamp, value) tuples does on a full tie).
 */
import { InputError } from "../errors.ts";

export interface MetricPoint {
  timestamp: number;
  value: number;
  step: number;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Python's float(): decimal text plus nan/inf/infinity in any case. */
function pyFloat(s: string): number | undefined {
  if (FLOAT.test(s)) return Number(s);
  const l = s.toLowerCase();
  if (/^[+-]?nan$/.test(l)) return NaN;
  if (/^[+-]?inf(inity)?$/.test(l)) return l.startsWith("-") ? -Infinity : Infinity;
  return undefined;
}

/** Every point of a metric file, in file order; `file` is the store-relative path for messages. */
export function parseMetricFile(text: string, file: string): MetricPoint[] {
  const points: MetricPoint[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, "").trim();
    if (line === "") return; // the final newline, or a blank line an editor left
    const parts = line.split(/ +/);
    const expected = "\"<timestamp ms> <value> <step>\" (or \"<timestamp ms> <value>\" from MLflow 1.x)";
    const fail = (message: string) => {
      throw new InputError("mlflow_bad_metric", message, { file, row: i + 1, unit: "line", value: raw.length > 80 ? raw.slice(0, 77) + "..." : raw }, expected);
    };
    if (parts.length !== 2 && parts.length !== 3) fail(`${parts.length} field${parts.length === 1 ? "" : "s"} on a metric line`);
    const [ts, val, step] = parts;
    if (!INT.test(ts)) fail("timestamp is not an integer");
    const value = pyFloat(val);
    if (value === undefined) fail("value is not a number");
    if (step !== undefined && !INT.test(step)) fail("step is not an integer");
    points.push({ timestamp: Number(ts), value: value!, step: step === undefined ? 0 : Number(step) });
  });
  if (!points.length) throw new InputError("mlflow_bad_metric", "metric file has no data", { file }, "one \"<timestamp> <value> <step>\" line per logged point");
  return points;
}

/** Order of two values as Python compares floats inside max(): NaN never wins. */
function valueAfter(a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return a > b;
}

/** The point MLflow reports as the metric's value: highest step, then latest timestamp. */
export function latestPoint(points: readonly MetricPoint[]): MetricPoint {
  let best = points[0];
  for (const p of points.slice(1)) {
    if (p.step > best.step || (p.step === best.step && (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && valueAfter(p.value, best.value))))) best = p;
  }
  return best;
}
