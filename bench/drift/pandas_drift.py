#!/usr/bin/python3
"""Reference for bench/drift: the work of `ftf drift`'s analysis done the way a researcher would
script it with pandas + scipy (Debian python3-pandas, python3-scipy), on the same kline CSVs.

Per symbol (time-indexed, time windows so a gap stays a gap): read the monthly CSVs, the six BTC
features of DESIGN §4 (1-bar and 24 h log returns via shift(freq=...), rolling 24 h sum of squared
returns, z of log volume over the previous 168 h, range, rolling 720 h Pearson correlation with
BTC's returns), the three quality rules (σ of the previous 720 h of returns, median of the
previous 24 h of volume, wick/body) and, per target and feature, a two-sample KS test
(scipy.stats.ks_2samp) of every 7-day window after train_end against the training window.
Prints one JSON line: rows, seconds (after imports), flag and test counts, peak RSS.

    /usr/bin/python3 bench/drift/pandas_drift.py CSV_DIR INTERVAL TRAIN_END_ISO
"""
import glob
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

BTC = "BTCUSDC"


def read_symbol(folder, symbol, interval):
    frames = []
    for path in sorted(glob.glob(os.path.join(folder, f"{symbol}-{interval}-*.csv"))):
        df = pd.read_csv(path, header=None, usecols=[0, 1, 2, 3, 4, 5], names=["t", "open", "high", "low", "close", "volume"], engine="c")
        unit = "us" if df["t"].max() >= 10**14 else "ms"
        df.index = pd.to_datetime(df["t"], unit=unit)
        frames.append(df.drop(columns="t"))
    return pd.concat(frames).sort_index()


def main(folder, interval, train_end):
    t0 = time.perf_counter()
    step = pd.Timedelta(interval.replace("m", "min"))
    bars = lambda hours: max(1, round(hours * 3600 / step.total_seconds()))
    win = lambda hours: f"{bars(hours) * int(step.total_seconds())}s"
    minp = lambda hours: max(2, int(np.ceil(bars(hours) * 0.9 - 1e-9)))
    symbols = sorted({os.path.basename(p).split("-")[0] for p in glob.glob(os.path.join(folder, "*.csv"))})
    data = {s: read_symbol(folder, s, interval) for s in symbols}
    rows = sum(len(d) for d in data.values())

    def logret(close, n):
        return np.log(close / close.shift(n, freq=step).reindex(close.index))

    b = data[BTC]
    r1 = logret(b["close"], 1)
    lv = np.log(b["volume"].where(b["volume"] > 0))
    btc = pd.DataFrame({
        "btc_ret_1h": r1,
        "btc_ret_24h": logret(b["close"], bars(24)),
        "btc_rv_24h": np.sqrt((r1 ** 2).rolling(win(24), min_periods=minp(24)).sum() * bars(24) / r1.rolling(win(24)).count()),
        "btc_volume_z_168h": (lv - lv.rolling(win(168), closed="left", min_periods=minp(168)).mean()) / lv.rolling(win(168), closed="left", min_periods=minp(168)).std(),
        "btc_range_1h": (b["high"] - b["low"]) / b["close"],
    })
    flags = 0
    for s in symbols:
        d = data[s]
        ret = logret(d["close"], 1)
        sd = ret.rolling(win(720), closed="left", min_periods=minp(720)).std()
        med = d["volume"].rolling(win(24), closed="left", min_periods=minp(24)).median()
        wick = d["high"] - d[["open", "close"]].max(axis=1) + d[["open", "close"]].min(axis=1) - d["low"]
        body = (d["close"] - d["open"]).abs()
        flags += int((ret.abs() > 5 * sd).sum() + (d["volume"] < 0.2 * med).sum() + ((wick > 0) & ((body == 0) | (wick / body > 5))).sum())
    end = pd.Timestamp(train_end)
    tests = 0
    for s in symbols:
        if s == BTC:
            continue
        rt = logret(data[s]["close"], 1)
        f = btc.reindex(rt.index)
        f["btc_alt_corr_720h"] = rt.rolling(win(720), min_periods=minp(720)).corr(r1.reindex(rt.index))
        ref = f[f.index < end]
        weeks = pd.date_range(end, f.index[-1] + step, freq="7D")
        for col in f.columns:
            a = ref[col].dropna().to_numpy()
            v = f[col]
            for w0 in weeks:
                x = v[(v.index >= w0) & (v.index < w0 + pd.Timedelta(days=7))].dropna().to_numpy()
                if len(a) and len(x):
                    ks_2samp(a, x)
                    tests += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"rows": rows, "seconds": seconds, "flags": flags, "ks_tests": tests, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
