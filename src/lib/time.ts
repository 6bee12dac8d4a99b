/**
 * UTC times, once. Every ISO-8601 text the workbench reads goes through `parseUtc`, every instant
 * it writes through `formatUtc`: text without an offset is UTC (DESIGN §3) — unlike `Date.parse`
 * and `new Date(text)`, which read "2024-01-01T00:00:00" as local time — and a bad value fails
 * one way, a `TimeParseError` carrying the value.
 */

/**
 * Fixed durations in milliseconds. Epoch milliseconds count no leap seconds and UTC has no daylight
 * saving, so a day is always 86 400 000 ms on the workbench's clock.
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Date, optional time (T or space), optional fraction, optional Z or ±hh[:mm] offset. */
const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** A text that is not an ISO-8601 date or date-time. `value` is the text as given. */
export class TimeParseError extends Error {
  readonly code = "not_a_utc_time";
  readonly value: unknown;
  constructor(value: unknown, what = "time") {
    super(`not an ISO-8601 date or date-time for the ${what}: ${JSON.stringify(value)} (e.g. 2024-01-01 or 2024-01-01T00:00:00Z; no offset = UTC)`);
    this.name = "TimeParseError";
    this.value = value;
  }
}

/**
 * ISO-8601 date or date-time → epoch milliseconds. No offset means UTC; "+02:00", "-0530" and
 * "Z" are honoured; calendar-impossible dates (2024-02-30) and out-of-range fields are refused.
 * Throws `TimeParseError` (with the value) on anything else. `what` names the field in the message.
 */
export function parseUtc(text: string, what?: string): number {
  const m = typeof text === "string" ? ISO_PATTERN.exec(text.trim()) : null;
  if (!m) throw new TimeParseError(text, what);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", off] = m;
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, s].map(Number);
  if (M < 1 || M > 12 || D < 1 || D > 31 || H > 23 || MI > 59 || S > 59) throw new TimeParseError(text, what);
  if (new Date(Date.UTC(Y, M - 1, D)).getUTCDate() !== D) throw new TimeParseError(text, what); // 2024-02-30
  let ms = Date.UTC(Y, M - 1, D, H, MI, S) + (frac ? Math.floor(Number(frac) * 1000) : 0);
  if (off && off.toUpperCase() !== "Z") {
    const sign = off[0] === "-" ? -1 : 1;
    const digits = off.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0")) * 60_000;
  }
  return ms;
}

/**
 * `parseUtc`, with null where it would throw: for validators that collect every bad cell of a
 * file before reporting (the failure itself is still decided by `parseUtc` alone).
 */
export function tryParseUtc(text: string): number | null {
  try {
    return parseUtc(text);
  } catch (e) {
    if (e instanceof TimeParseError) return null;
    throw e;
  }
}

/** `parseUtc` for optional fields: null and "" stay null. */
export function parseOptionalUtc(text: string | null | undefined, what?: string): number | null {
  return text === null || text === undefined || text === "" ? null : parseUtc(text, what);
}

function toDate(t: number | Date): Date {
  const d = typeof t === "number" ? new Date(t) : t;
  if (Number.isNaN(d.getTime())) throw new TimeParseError(t, "instant to format");
  return d;
}

/** Instant → "2024-01-01T00:00:00Z": seconds precision, milliseconds only when there are some. */
export function formatUtc(t: number | Date): string {
  return toDate(t).toISOString().replace(/\.000Z$/, "Z");
}

/** Instant → "2024-01-01T00:00:00.000Z", always with milliseconds (fixed-width, for exports). */
export function formatUtcMillis(t: number | Date): string {
  return toDate(t).toISOString();
}

/** Instant → "2024-01-01 00:00" (UTC, minutes): tables and labels. */
export function formatUtcMinutes(t: number | Date): string {
  return toDate(t).toISOString().slice(0, 16).replace("T", " ");
}

/** Instant → "2024-01-01" (UTC date). */
export function formatUtcDate(t: number | Date): string {
  return toDate(t).toISOString().slice(0, 10);
}

/** Instant → "2024-01-01 00:00:00.000" (UTC, no zone): the text of a SQL TIMESTAMP literal. */
export function formatUtcSql(t: number | Date): string {
  return toDate(t).toISOString().replace("T", " ").replace("Z", "");
}
