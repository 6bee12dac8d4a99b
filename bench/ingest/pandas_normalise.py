#!/usr/bin/env python3
"""Reference: the OHLCV normalisation of `readOhlcvDir` done with pandas (Debian python3-pandas).

Reads every Binance kline CSV of a folder (12 header-less columns), detects ms/us per file,
converts open and close times to UTC timestamps, takes the symbol from the file name,
concatenates and sorts by (symbol, ts), then runs the same checks: per-bar sanity (high >= low,
high >= max(open, close), low <= min(open, close), prices > 0, volume >= 0, finite values),
duplicated / out-of-order / mixed-interval / off-grid timestamps, missing bars (outages) and
zero-volume bars per symbol. Prints one JSON line: rows, seconds (after imports), peak RSS.

    /usr/bin/python3 bench/ingest/pandas_normalise.py DIR INTERVAL_MS
"""
import glob, json, os, resource, sys, time

import numpy as np
import pandas as pd

COLS = ["open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "n_trades",
        "taker_buy_base_volume", "taker_buy_quote_volume", "ignore"]
DTYPES = {"open_time": "int64", "open": "float64", "high": "float64", "low": "float64", "close": "float64",
          "volume": "float64", "close_time": "int64", "quote_volume": "float64", "n_trades": "int64",
          "taker_buy_base_volume": "float64", "taker_buy_quote_volume": "float64", "ignore": "float64"}


def main(folder: str, interval_ms: int) -> None:
    t0 = time.perf_counter()
    frames = []
    for path in sorted(glob.glob(os.path.join(folder, "*.csv"))):
        df = pd.read_csv(path, header=None, names=COLS, dtype=DTYPES, engine="c")
        unit = "us" if df["open_time"].max() >= 10**14 else "ms"  # Binance switched to us in 2025
        df["ts"] = pd.to_datetime(df["open_time"], unit=unit, utc=True)
        df["close_time"] = pd.to_datetime(df["close_time"], unit=unit, utc=True)
        df["symbol"] = os.path.basename(path).split("-")[0]
        if not df["ts"].is_monotonic_increasing:
            raise SystemExit(f"{path}: bars out of order")
        frames.append(df.drop(columns=["open_time", "ignore"]))
    bars = pd.concat(frames, ignore_index=True)
    bars["symbol"] = bars["symbol"].astype("category")
    bars.sort_values(["symbol", "ts"], inplace=True, kind="stable", ignore_index=True)

    prices = bars[["open", "high", "low", "close"]]
    oc = bars[["open", "close"]]
    bad = ((bars["high"] < bars["low"]) | (bars["high"] < oc.max(axis=1)) | (bars["low"] > oc.min(axis=1))
           | (prices.min(axis=1) <= 0) | (bars["volume"] < 0)
           | ~np.isfinite(bars[["open", "high", "low", "close", "volume"]].to_numpy()).all(axis=1))
    step = pd.Timedelta(milliseconds=interval_ms)
    dt = bars.groupby("symbol", observed=True)["ts"].diff()
    duplicated = int((dt == pd.Timedelta(0)).sum())
    backwards = int((dt < pd.Timedelta(0)).sum())
    odd = int(((dt > pd.Timedelta(0)) & (dt % step != pd.Timedelta(0))).sum())
    off_grid = int((bars["ts"].astype("int64") % (interval_ms * 1_000_000) != 0).sum())
    gaps = dt[dt > step]
    missing = (gaps // step - 1).groupby(bars.loc[gaps.index, "symbol"], observed=True).sum()
    zero_volume = (bars["volume"] == 0).groupby(bars["symbol"], observed=True).sum()
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "rows": len(bars), "seconds": seconds, "bad_bars": int(bad.sum()), "duplicated": duplicated, "backwards": backwards,
        "mixed_interval": odd, "off_grid": off_grid, "missing_bars": int(missing.sum()), "zero_volume": int(zero_volume.sum()),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
