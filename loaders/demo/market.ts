/**
 * The demo market: hourly OHLCV for BTC and five altcoins from a model a quant would recognise.
 *
 * BTC
 * - A hidden Markov chain over three regimes, bull / bear / range, switching hourly with mean
 *   durations of 75 / 60 / 40 days. Each regime has its own drift (+130% / −120% / 0 per year, in
 *   log terms) and volatility (50% / 72% / 36% annualised).
 * - A weak pull of the log price towards a slowly rising anchor (+25%/year from the start price,
 *   half-life 9 months). Invisible at the hourly horizons the models work on; it only keeps a
 *   3.5-year path inside the range real BTC spanned in 2022–2025 instead of drifting ×10.
 * - Stochastic volatility on top: log σ follows an AR(1) with a 3-day memory (sd 0.35), so calm and
 *   turbulent weeks cluster inside a regime. Intraday seasonality (peak around 15:00 UTC, ±30%) and
 *   quieter weekends (×0.78), normalised to unit mean variance over a week.
 * - Innovations Student-t with ν = 5 (heavy tails, unit variance).
 * - Volume log-normal around a level, co-moving with volatility (elasticity 0.9 to σ), with the
 *   size of the bar's shock (|ε|) and with a persistent AR(1) activity factor.
 * - Intrabar path: 12 five-minute steps of a Brownian bridge from open to close; high/low are its
 *   extremes. Close of bar t is the open of bar t+1.
 *
 * Altcoins: r_alt = β_t · r_btc + σ_idio,t · ε_t with
 * - β_t an Ornstein–Uhlenbeck process around the coin's mean beta (1.1–1.4), two-week memory,
 *   stationary sd 0.2, clipped to [0.3, 2.2] — so the rolling 720-bar correlation really moves;
 * - own stochastic volatility, coupled to BTC's (σ_idio ∝ sqrt(σ_btc / σ̄_btc)), Student-t(5) noise;
 * - the BTC intrabar path scaled by β plus an own bridge, so alt wicks co-move with BTC's;
 * - own volume process sharing 40% of BTC's activity factor;
 * - the cumulated idiosyncratic return is pulled back with the same 9-month half-life.
 *
 * Volume levels are set in quote currency (USDC per hour): the base-asset volume falls as the
 * price rises, as on the exchange.
 *
 * Prices are rounded to the symbol's tick, quantities to its step, as the exchange prints them.
 * Defects of defects.ts are injected here. Everything is drawn from seeded streams (prng.ts) that
 * depend on the seed only, never on the scenario.
 */
import { barCount, type DemoSpan } from "./calendar.ts";
import { HOUR_MS } from "../../src/lib/time.ts";
import { defectsByBar, type DemoDefect } from "./defects.ts";
import { Rng } from "./prng.ts";
import { BTC, TARGETS, type SymbolSpec } from "./symbols.ts";

const HOURS_PER_YEAR = 8760;
const SUBSTEPS = 12;
const T_DOF = 5;
const RMS_WINDOW = 720;

export const REGIMES = ["bull", "bear", "range"] as const;
const REGIME_DRIFT = [1.3, -1.2, 0];
const REGIME_VOL = [0.5, 0.72, 0.36];
const REGIME_DAYS = [75, 60, 40];
/** Where a regime goes when it ends: rows bull, bear, range; columns the same. */
const REGIME_NEXT = [
  [0, 0.3, 0.7],
  [0.4, 0, 0.6],
  [0.5, 0.5, 0],
];

const SV_MEMORY_HOURS = 72;
const SV_SD = 0.35;
const BETA_MEMORY_HOURS = 24 * 14;
const BETA_SD = 0.2;
const VOLUME_MEMORY_HOURS = 20;
const VOLUME_FACTOR_SD = 0.3;
const ANCHOR_GROWTH_PER_YEAR = 0.25;
const ANCHOR_PULL = Math.LN2 / (0.75 * HOURS_PER_YEAR);

const PRICE_SCALE = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];

/** One symbol's bars on the full hourly grid; `present[i] = 0` where the file lacks the row. */
export interface SymbolSeries {
  spec: SymbolSpec;
  start: number;
  present: Uint8Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  quoteVolume: Float64Array;
  trades: Float64Array;
  takerBase: Float64Array;
  takerQuote: Float64Array;
}

export interface Market {
  span: DemoSpan;
  n: number;
  btc: SymbolSeries;
  targets: SymbolSeries[];
  /** Hidden BTC regime per bar (index into REGIMES). */
  btcRegime: Uint8Array;
  /** Hidden beta per bar, per target symbol. */
  beta: Record<string, Float64Array>;
}

/** What the simulation decides per bar, before prices are compounded and rounded. */
interface RawBars {
  r: Float64Array;
  /** Max / min of the intrabar log path relative to the open (≥ max(0, r), ≤ min(0, r)). */
  up: Float64Array;
  down: Float64Array;
  volume: Float64Array;
  takerShare: Float64Array;
  tradeNoise: Float64Array;
  present: Uint8Array;
}

function rawBars(n: number): RawBars {
  return {
    r: new Float64Array(n),
    up: new Float64Array(n),
    down: new Float64Array(n),
    volume: new Float64Array(n),
    takerShare: new Float64Array(n),
    tradeNoise: new Float64Array(n),
    present: new Uint8Array(n).fill(1),
  };
}

/** Intraday (peak 15:00 UTC) and weekend volatility shape, normalised to unit mean square over a week. */
const seasonShape = (() => {
  const raw = (hour: number, weekday: number) => (1 + 0.3 * Math.cos((2 * Math.PI * (hour - 15)) / 24)) * (weekday === 0 || weekday === 6 ? 0.78 : 1);
  let ms = 0;
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) ms += raw(h, d) ** 2;
  const norm = Math.sqrt(ms / 168);
  const table = new Float64Array(168);
  for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) table[d * 24 + h] = raw(h, d) / norm;
  return (ts: number) => {
    const hours = Math.floor(ts / HOUR_MS);
    const weekday = (Math.floor(hours / 24) + 4) % 7; // 1970-01-01 was a Thursday
    return table[weekday * 24 + (hours % 24)];
  };
})();

/** Coefficient of an AR(1) with the given memory, and its shock sd for a stationary sd. */
function ar1(memoryHours: number, stationarySd: number): [number, number] {
  const phi = 1 - 1 / memoryHours;
  return [phi, stationarySd * Math.sqrt(1 - phi * phi)];
}

/** Trailing RMS of the last `RMS_WINDOW` returns (a ring buffer), for sizing injected outliers. */
class TrailingRms {
  private buf = new Float64Array(RMS_WINDOW);
  private sum = 0;
  private count = 0;
  private pos = 0;
  push(r: number) {
    const sq = r * r;
    this.sum += sq - this.buf[this.pos];
    this.buf[this.pos] = sq;
    this.pos = (this.pos + 1) % RMS_WINDOW;
    this.count = Math.min(this.count + 1, RMS_WINDOW);
  }
  value(fallback: number): number {
    return this.count < 24 ? fallback : Math.sqrt(Math.max(this.sum, 0) / this.count);
  }
}

/**
 * A Brownian bridge from 0 to `total` in SUBSTEPS steps of sd `stepSd`, written into `out`
 * (cumulative values at steps 1..SUBSTEPS; the last equals `total`).
 */
function bridge(rng: Rng, stepSd: number, total: number, out: Float64Array, offset: number) {
  let w = 0;
  for (let k = 0; k < SUBSTEPS; k++) {
    w += rng.normal() * stepSd;
    out[offset + k] = w;
  }
  const gap = w - total;
  for (let k = 0; k < SUBSTEPS; k++) out[offset + k] -= ((k + 1) / SUBSTEPS) * gap;
  out[offset + SUBSTEPS - 1] = total;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Apply the volume-side defects and the halt's zero volume. */
function volumeDefect(raw: RawBars, i: number, d: DemoDefect | undefined) {
  if (!d) return;
  if (d.kind === "halt") raw.volume[i] = 0;
  else if (d.kind === "volume_collapse") raw.volume[i] = 0.06 * median(Array.from(raw.volume.subarray(Math.max(0, i - 24), i)));
  else if (d.kind === "long_wick") raw.volume[i] *= 4;
}

/** Reshape bar i into a long-wick bar: tiny body, a ~12σ lower wick. */
function longWick(raw: RawBars, i: number, sigma: number, minBody: number) {
  raw.r[i] = Math.max(0.25 * sigma, minBody);
  raw.up[i] = raw.r[i] + sigma;
  raw.down[i] = -12 * sigma;
}

function pathExtremes(raw: RawBars, i: number, path: Float64Array, offset: number) {
  let up = 0;
  let down = 0;
  for (let k = 0; k < SUBSTEPS; k++) {
    const v = path[offset + k];
    if (v > up) up = v;
    if (v < down) down = v;
  }
  raw.up[i] = up;
  raw.down[i] = down;
}

interface BtcSim {
  raw: RawBars;
  sigma: Float64Array;
  path: Float64Array;
  regime: Uint8Array;
  activity: Float64Array;
}

/** A change of the market after training (the drifted scenario): from `start`, σ and volume multiplied. */
export interface MarketShift {
  start: number;
  volatility: number;
  volume: number;
}

function simulateBtc(seed: number, span: DemoSpan, n: number, shift: MarketShift | null): BtcSim {
  const rng = new Rng(seed, "market/BTCUSDC");
  const raw = rawBars(n);
  const sigma = new Float64Array(n);
  const path = new Float64Array(n * SUBSTEPS);
  const regime = new Uint8Array(n);
  const activity = new Float64Array(n);
  const defects = defectsByBar(BTC.symbol, span.start, n);
  const [svPhi, svShock] = ar1(SV_MEMORY_HOURS, SV_SD);
  const [vPhi, vShock] = ar1(VOLUME_MEMORY_HOURS, VOLUME_FACTOR_SD);
  const meanVol = Math.sqrt(REGIME_VOL.reduce((a, v) => a + v * v, 0) / REGIME_VOL.length);
  const rms = new TrailingRms();
  let state = rng.int(3);
  let sv = rng.normal() * SV_SD;
  let act = rng.normal() * VOLUME_FACTOR_SD;
  let logP = Math.log(BTC.startPrice);
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.uniform() < 1 / (24 * REGIME_DAYS[state])) {
      const u = rng.uniform();
      const next = REGIME_NEXT[state];
      state = u < next[0] ? 0 : u < next[0] + next[1] ? 1 : 2;
    }
    regime[i] = state;
    sv = svPhi * sv + svShock * rng.normal();
    act = vPhi * act + vShock * rng.normal();
    activity[i] = act;
    const ts = span.start + i * HOUR_MS;
    const season = seasonShape(ts);
    const shifted = shift !== null && ts >= shift.start;
    const s = (REGIME_VOL[state] / Math.sqrt(HOURS_PER_YEAR)) * Math.exp(sv - (SV_SD * SV_SD) / 2) * season * (shifted ? shift.volatility : 1);
    sigma[i] = s;
    const eps = rng.studentT(T_DOF);
    const d = defects.get(i);
    const anchor = Math.log(BTC.startPrice) + (ANCHOR_GROWTH_PER_YEAR * i) / HOURS_PER_YEAR;
    let r = REGIME_DRIFT[state] / HOURS_PER_YEAR - ANCHOR_PULL * (logP - anchor) + s * eps;
    if (d?.kind === "return_outlier") r = d.sigmas! * rms.value(s);
    raw.r[i] = r;
    bridge(rng, s / Math.sqrt(SUBSTEPS), r, path, i * SUBSTEPS);
    pathExtremes(raw, i, path, i * SUBSTEPS);
    if (d?.kind === "long_wick") longWick(raw, i, s, 0);
    const volFactor = Math.log(REGIME_VOL[state] / meanVol) + sv + Math.log(season);
    raw.volume[i] = (BTC.quoteVolumeLevel / Math.exp(logP)) * Math.exp(0.9 * volFactor + 0.3 * (Math.abs(eps) - 0.8) + act) * (shifted ? shift.volume : 1);
    volumeDefect(raw, i, d);
    raw.takerShare[i] = 0.5 + 0.12 * Math.tanh(eps) + 0.03 * rng.normal();
    raw.tradeNoise[i] = 0.15 * rng.normal();
    if (d?.kind === "missing_bars") raw.present[i] = 0;
    rms.push(raw.r[i]);
    logP += raw.r[i];
  }
  return { raw, sigma, path, regime, activity };
}

function simulateTarget(seed: number, span: DemoSpan, n: number, spec: SymbolSpec, btc: BtcSim): { raw: RawBars; beta: Float64Array } {
  const rng = new Rng(seed, `market/${spec.symbol}`);
  const raw = rawBars(n);
  const beta = new Float64Array(n);
  const idioPath = new Float64Array(SUBSTEPS);
  const altPath = new Float64Array(SUBSTEPS);
  const defects = defectsByBar(spec.symbol, span.start, n);
  const [svPhi, svShock] = ar1(SV_MEMORY_HOURS, SV_SD);
  const [bPhi, bShock] = ar1(BETA_MEMORY_HOURS, BETA_SD);
  const [vPhi, vShock] = ar1(VOLUME_MEMORY_HOURS, VOLUME_FACTOR_SD * Math.sqrt(1 - 0.4 * 0.4));
  const btcRef = REGIME_VOL[2] / Math.sqrt(HOURS_PER_YEAR);
  const idioLevel = spec.idioVol! / Math.sqrt(HOURS_PER_YEAR);
  const refTotal = Math.hypot(spec.betaMean! * 0.55, spec.idioVol!) / Math.sqrt(HOURS_PER_YEAR);
  const minBody = 10 / PRICE_SCALE[spec.priceDecimals] / spec.startPrice;
  const rms = new TrailingRms();
  let b = spec.betaMean! + rng.normal() * BETA_SD;
  let sv = rng.normal() * SV_SD;
  let own = rng.normal() * VOLUME_FACTOR_SD;
  let carry = 0;
  let cumIdio = 0;
  let price = spec.startPrice;
  for (let i = 0; i < n; i++) {
    b = spec.betaMean! + bPhi * (b - spec.betaMean!) + bShock * rng.normal();
    b = Math.min(2.2, Math.max(0.3, b));
    beta[i] = b;
    sv = svPhi * sv + svShock * rng.normal();
    own = vPhi * own + vShock * rng.normal();
    const ts = span.start + i * HOUR_MS;
    const season = seasonShape(ts);
    const sb = btc.sigma[i];
    const s = idioLevel * Math.exp(sv - (SV_SD * SV_SD) / 2) * season * Math.sqrt(sb / btcRef);
    const eps = rng.studentT(T_DOF);
    const d = defects.get(i);
    const rBtc = btc.raw.r[i];
    let idio = -ANCHOR_PULL * cumIdio + s * eps;
    const total = Math.hypot(b * sb, s);
    if (d?.kind === "return_outlier") idio = d.sigmas! * rms.value(total) - b * rBtc;
    cumIdio += idio;
    bridge(rng, s / Math.sqrt(SUBSTEPS), idio, idioPath, 0);
    for (let k = 0; k < SUBSTEPS; k++) altPath[k] = b * btc.path[i * SUBSTEPS + k] + idioPath[k];
    let r = altPath[SUBSTEPS - 1];
    if (d?.kind === "halt") {
      // Trading stops: the price freezes and the missed move lands on the first bar after.
      carry += r;
      raw.r[i] = 0;
      raw.up[i] = 0;
      raw.down[i] = 0;
    } else {
      if (carry !== 0) {
        for (let k = 0; k < SUBSTEPS; k++) altPath[k] += carry;
        r += carry;
        carry = 0;
      }
      raw.r[i] = r;
      pathExtremes(raw, i, altPath, 0);
      if (d?.kind === "long_wick") longWick(raw, i, total, minBody * (spec.startPrice / price));
    }
    const z = r / total;
    const activity = 0.4 * btc.activity[i] + own;
    raw.volume[i] = (spec.quoteVolumeLevel / price) * Math.exp(0.9 * Math.log(total / refTotal) + 0.3 * (Math.abs(z) - 0.8) + activity);
    volumeDefect(raw, i, d);
    raw.takerShare[i] = 0.5 + 0.12 * Math.tanh(z) + 0.03 * rng.normal();
    raw.tradeNoise[i] = 0.15 * rng.normal();
    if (d?.kind === "missing_bars") raw.present[i] = 0;
    rms.push(raw.r[i]);
    price *= Math.exp(raw.r[i]);
  }
  return { raw, beta };
}

/** Compound the raw bars from the start price and round to the exchange's tick and step. */
function toSeries(spec: SymbolSpec, start: number, raw: RawBars): SymbolSeries {
  const n = raw.r.length;
  const pScale = PRICE_SCALE[spec.priceDecimals];
  const qScale = PRICE_SCALE[spec.qtyDecimals];
  const price = (x: number) => Math.round(x * pScale) / pScale;
  const qty = (x: number) => Math.round(x * qScale) / qScale;
  const out: SymbolSeries = {
    spec,
    start,
    present: raw.present,
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
    quoteVolume: new Float64Array(n),
    trades: new Float64Array(n),
    takerBase: new Float64Array(n),
    takerQuote: new Float64Array(n),
  };
  let p = spec.startPrice;
  let prevClose = price(p);
  for (let i = 0; i < n; i++) {
    const o = prevClose;
    const pc = p * Math.exp(raw.r[i]);
    const c = price(pc);
    const h = Math.max(price(p * Math.exp(raw.up[i])), o, c);
    const l = Math.min(price(p * Math.exp(raw.down[i])), o, c);
    out.open[i] = o;
    out.high[i] = h;
    out.low[i] = l;
    out.close[i] = c;
    const v = qty(raw.volume[i]);
    const vwap = (o + h + l + c) / 4;
    const share = Math.min(0.95, Math.max(0.05, raw.takerShare[i]));
    out.volume[i] = v;
    out.quoteVolume[i] = v * vwap;
    out.trades[i] = v === 0 ? 0 : Math.max(1, Math.round(((v * vwap) / spec.tradeNotional) * Math.exp(raw.tradeNoise[i])));
    out.takerBase[i] = Math.min(v, qty(v * share));
    out.takerQuote[i] = out.takerBase[i] * vwap;
    p = pc;
    prevClose = c;
  }
  return out;
}

/** Simulate the whole demo market for `seed` over `span`. Pure function of its arguments. */
export function simulateMarket(seed: number, span: DemoSpan, shift: MarketShift | null = null): Market {
  const n = barCount(span);
  const btc = simulateBtc(seed, span, n, shift);
  const beta: Record<string, Float64Array> = {};
  const targets = TARGETS.map((spec) => {
    const t = simulateTarget(seed, span, n, spec, btc);
    beta[spec.symbol] = t.beta;
    return toSeries(spec, span.start, t.raw);
  });
  return { span, n, btc: toSeries(BTC, span.start, btc.raw), targets, btcRegime: btc.regime, beta };
}
