/**
 * The demo's instruments: BTCUSDC (source of the BTC features) and the five `defi_top5` targets,
 * with the exchange filters that fix how their files print (price tick, quantity step) and the
 * parameters of their price/volume processes (see market.ts).
 */

export interface SymbolSpec {
  symbol: string;
  /** Open of the first bar (roughly the real 2022-01-01 price). */
  startPrice: number;
  /** Decimals of the price tick (Binance PRICE_FILTER.tickSize = 10^-priceDecimals). */
  priceDecimals: number;
  /** Decimals of the quantity step (LOT_SIZE.stepSize). */
  qtyDecimals: number;
  /** Typical hourly quote volume in USDC (level of the log-normal volume process); base volume = this / price. */
  quoteVolumeLevel: number;
  /** Typical notional of one trade in USDC (number_of_trades ≈ quote volume / this). */
  tradeNotional: number;
  /** Altcoins only: long-run mean of the time-varying beta to BTC. */
  betaMean?: number;
  /** Altcoins only: annualised idiosyncratic volatility (before BTC-vol coupling). */
  idioVol?: number;
}

export const BTC: SymbolSpec = {
  symbol: "BTCUSDC",
  startPrice: 46216.93,
  priceDecimals: 2,
  qtyDecimals: 5,
  quoteVolumeLevel: 6_500_000,
  tradeNotional: 2500,
};

export const TARGETS: readonly SymbolSpec[] = [
  { symbol: "ETHUSDC", startPrice: 3676.22, priceDecimals: 2, qtyDecimals: 4, quoteVolumeLevel: 5_000_000, tradeNotional: 1800, betaMean: 1.1, idioVol: 0.32 },
  { symbol: "SOLUSDC", startPrice: 170.3, priceDecimals: 2, qtyDecimals: 3, quoteVolumeLevel: 1_500_000, tradeNotional: 900, betaMean: 1.4, idioVol: 0.55 },
  { symbol: "LINKUSDC", startPrice: 19.853, priceDecimals: 3, qtyDecimals: 2, quoteVolumeLevel: 600_000, tradeNotional: 600, betaMean: 1.2, idioVol: 0.5 },
  { symbol: "AAVEUSDC", startPrice: 265.4, priceDecimals: 2, qtyDecimals: 3, quoteVolumeLevel: 190_000, tradeNotional: 700, betaMean: 1.3, idioVol: 0.55 },
  { symbol: "UNIUSDC", startPrice: 17.284, priceDecimals: 3, qtyDecimals: 2, quoteVolumeLevel: 430_000, tradeNotional: 500, betaMean: 1.25, idioVol: 0.55 },
];

export const TARGET_SYMBOLS = TARGETS.map((t) => t.symbol);
export const ALL_SYMBOLS = [BTC, ...TARGETS];
