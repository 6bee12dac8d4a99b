/**
 * The epoch-unit rule, once: an epoch number says its own unit by magnitude — seconds stay below
 * 1e11 until the year 5138, milliseconds below 1e14 and microseconds below 1e17 likewise, the
 * rest is nanoseconds. Binance's kline archive moved from ms to µs in 2025 and a folder may hold
 * both, so the unit is decided value by value. Negative numbers are not times (NULL / null).
 * The JavaScript and the SQL forms below are generated from the same table.
 */

export type EpochUnit = "s" | "ms" | "µs" | "ns";

/** Upper bounds (exclusive) of each unit, and how many of them make one microsecond or millisecond. */
const UNITS: ReadonlyArray<{ unit: EpochUnit; below: number; perMs: number }> = [
  { unit: "s", below: 1e11, perMs: 1e-3 },
  { unit: "ms", below: 1e14, perMs: 1 },
  { unit: "µs", below: 1e17, perMs: 1e3 },
  { unit: "ns", below: Infinity, perMs: 1e6 },
];

/** The unit of an epoch number, or null for a negative or non-finite one. */
export function epochUnit(x: number): EpochUnit | null {
  if (!(x >= 0) || !Number.isFinite(x)) return null;
  return UNITS.find((u) => x < u.below)!.unit;
}

/** Epoch number (any unit) → epoch milliseconds, or null when it is not a time. */
export function epochToMs(x: number): number | null {
  if (!(x >= 0) || !Number.isFinite(x)) return null;
  const u = UNITS.find((v) => x < v.below)!;
  return x / u.perMs;
}

/** SQL: the unit's index in EPOCH_UNITS (0 s … 3 ns) of a BIGINT expression. */
export function epochUnitIndexSql(x: string): string {
  return `(CASE ${UNITS.slice(0, -1).map((u, i) => `WHEN ${x} < ${BigInt(u.below)} THEN ${i}`).join(" ")} ELSE ${UNITS.length - 1} END)`;
}

/** SQL: a BIGINT epoch expression (any unit) → TIMESTAMP (UTC); NULL when negative. */
export function epochToTimestampSql(x: string): string {
  const micros = (u: (typeof UNITS)[number]) => (u.unit === "s" ? `${x} * 1000000` : u.unit === "ms" ? `${x} * 1000` : u.unit === "µs" ? x : `${x} // 1000`);
  const cases = UNITS.slice(0, -1).map((u) => `WHEN ${x} < ${BigInt(u.below)} THEN make_timestamp(${micros(u)})`).join(" ");
  return `(CASE WHEN ${x} < 0 THEN NULL ${cases} ELSE make_timestamp(${micros(UNITS[UNITS.length - 1])}) END)`;
}

/** The units in index order (the `tu` column of the raw OHLCV table). */
export const EPOCH_UNITS: readonly EpochUnit[] = UNITS.map((u) => u.unit);
