/**
 * MLflow's `meta.yaml` files, read with the `yaml` library. MLflow writes them with PyYAML
 * (`safe_dump`), which speaks YAML 1.1, so they are parsed with the 1.1 schema; integers come back
 * as bigint so an id never loses digits (2.x experiment ids are 18-digit integers, and 1.x wrote
 * them unquoted). A file that is not YAML, or not a mapping, is an InputError with its line.
 */
import { promises as fsp } from "node:fs";
import { isMap, parseDocument } from "yaml";
import { InputError } from "../errors.ts";

/** A parsed meta.yaml: its keys, and the line each top-level key sits on (for messages). */
export interface MetaYaml {
  /** Path shown in messages (relative to the store). */
  file: string;
  data: Record<string, unknown>;
  lines: Record<string, number>;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parse meta.yaml text; `file` is the store-relative path used in errors. */
export function parseMetaYaml(text: string, file: string): MetaYaml {
  const doc = parseDocument(text, { version: "1.1", intAsBigInt: true, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? lineOf(text, e.pos[0]);
    throw new InputError("mlflow_bad_yaml", `not valid YAML: ${e.message.split("\n")[0]}`, { file, row: line, unit: "line" }, "an MLflow meta.yaml (a YAML mapping)");
  }
  if (doc.contents === null) throw new InputError("mlflow_bad_yaml", "empty meta.yaml", { file }, "an MLflow meta.yaml (a YAML mapping)");
  if (!isMap(doc.contents)) {
    throw new InputError("mlflow_bad_yaml", "meta.yaml is not a mapping", { file, row: lineOf(text, doc.contents.range?.[0] ?? 0), unit: "line" }, "key: value lines");
  }
  const lines: Record<string, number> = {};
  for (const pair of doc.contents.items) {
    const key = (pair.key as { value?: unknown; range?: [number, number, number] } | null) ?? null;
    if (key && key.value !== undefined && key.range) lines[String(key.value)] = lineOf(text, key.range[0]);
  }
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  return { file, data, lines };
}

export async function readMetaYaml(path: string, file: string): Promise<MetaYaml> {
  let text: string;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch (e) {
    throw new InputError("mlflow_unreadable", `cannot read: ${(e as Error).message}`, { file });
  }
  return parseMetaYaml(text, file);
}

/** Accessors that turn a wrong type into an InputError pointing at the key's line. */
export class MetaFields {
  constructor(readonly meta: MetaYaml) {}

  private fail(key: string, message: string, value: unknown, expected: string): never {
    const row = this.meta.lines[key];
    throw new InputError("mlflow_bad_meta", message, { file: this.meta.file, row, unit: row ? "line" : undefined, column: key, value: typeof value === "bigint" ? (Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()) : value }, expected);
  }

  has(key: string): boolean {
    const v = this.meta.data[key];
    return v !== undefined && v !== null;
  }

  /** A string, or an integer written without quotes (1.x ids): both become text. */
  text(key: string, opts: { required?: boolean } = {}): string | null {
    const v = this.meta.data[key];
    if (v === undefined || v === null) {
      if (opts.required) this.fail(key, `missing key "${key}"`, null, `a "${key}:" line`);
      return null;
    }
    if (typeof v === "string") return v;
    if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return String(v);
    return this.fail(key, "wrong type", v, "text");
  }

  /** Epoch milliseconds (integers only, as MLflow writes them); null when absent. */
  millis(key: string): number | null {
    const v = this.meta.data[key];
    if (v === undefined || v === null) return null;
    if (typeof v === "bigint") return Number(v);
    if (typeof v === "number" && Number.isInteger(v)) return v;
    if (typeof v === "string" && /^-?\d+$/.test(v.trim())) return Number(v.trim());
    return this.fail(key, "not a time in epoch milliseconds", v, "an integer (milliseconds since 1970-01-01 UTC)");
  }

  integer(key: string): number | null {
    return this.millis(key);
  }

  raw(key: string): unknown {
    return this.meta.data[key];
  }

  /** Report a bad value of `key` (used by callers with their own vocabulary). */
  bad(key: string, message: string, expected: string): never {
    return this.fail(key, message, this.meta.data[key], expected);
  }
}
