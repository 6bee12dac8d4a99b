#!/usr/bin/python3
"""Golden values for the rolling kernels of src/lib/rolling, from Debian's python3-pandas.

Run:  /usr/bin/python3 test/golden/rolling.py      (writes test/golden/rolling.json, ~2 s)

Series on a 1-minute grid with gaps (missing bars of 1, 5 and 40 slots), NaN values, a constant
run (a halt: zero returns) and zero volumes. Windows are pandas time windows ("{w}min"), closed
"right" (last w bars including the current one) or "left" (the w bars before it), which are the
kernels' trailingFrame(w) / previousFrame(w). Inputs are rounded to 1e-6 so the JSON holds them
exactly; outputs are written to 14 significant digits (the tests compare at 1e-12); NaN is null.
"""
import json
import math
import os

from fractions import Fraction

import numpy as np
import pandas as pd

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rolling.json")


def enc(a):
    return [None if (isinstance(v, float) and math.isnan(v)) else float(f"{v:.14g}") for v in a]


def main():
    rng = np.random.default_rng(20261201)
    slots = 420
    keep = np.ones(slots, dtype=bool)
    keep[[50]] = False
    keep[120:125] = False
    keep[250:290] = False
    k = np.arange(slots)[keep]
    n = len(k)
    x = np.round(rng.normal(0.0, 1.0, n) * 0.01 + 0.001, 6)
    x[180:215] = 0.0  # a halt: constant values
    x[[10, 11, 300, 301, 302, 340]] = np.nan
    level = np.round(100.0 + np.cumsum(rng.normal(0.0, 0.5, n)), 6)  # a level far from 0: shifted sums matter
    y = np.round(0.6 * np.nan_to_num(x) + 0.008 * rng.normal(0.0, 1.0, n), 6)
    y[[20, 301, 350]] = np.nan
    vol = np.round(rng.lognormal(3.0, 1.0, n), 6)
    vol[[5, 6, 7, 180, 181, 370]] = 0.0
    idx = pd.to_datetime(k * 60_000, unit="ms")
    series = {"x": x, "level": level, "y": y, "volume": vol}
    cases = []
    stats = {"x": ["count", "sum", "mean", "var", "var0", "std", "median"], "level": ["mean", "var", "std"], "volume": ["sum", "median"]}
    for w in [1, 5, 61, 240]:
        for closed in ["right", "left"]:
            for minp in sorted({1, max(1, math.ceil(w * 0.9))}) if w == 61 else [1]:
                for name, wanted in stats.items():
                    r = pd.Series(series[name], index=idx).rolling(f"{w}min", closed=closed, min_periods=minp)
                    for stat in wanted:
                        vals = r.var(ddof=0) if stat == "var0" else getattr(r, stat)()
                        cases.append({"series": name, "window": w, "closed": closed, "min_periods": minp, "stat": stat, "values": enc(vals.to_numpy())})
                # exact variance (rational arithmetic on the same inputs): pandas' add/remove Welford
                # loses digits on a level far from 0 (level/σ ≈ 600 here), so it is checked loosely
                lv = [None if math.isnan(v) else Fraction(v) for v in level]
                ex = []
                for i in range(n):
                    lo, hi = (k[i] - w + 1, k[i]) if closed == "right" else (k[i] - w, k[i] - 1)
                    win = [lv[j] for j in range(max(0, i - w - 1), i + 1) if lo <= k[j] <= hi and lv[j] is not None]
                    if len(win) < max(2, minp):
                        ex.append(math.nan)
                    else:
                        m = sum(win) / len(win)
                        ex.append(float(sum((a - m) ** 2 for a in win) / (len(win) - 1)))
                cases.append({"series": "level", "window": w, "closed": closed, "min_periods": minp, "stat": "var_exact", "values": [None if math.isnan(v) else v for v in ex]})
                rc = pd.Series(x, index=idx).rolling(f"{w}min", closed=closed, min_periods=minp).corr(pd.Series(y, index=idx))
                cases.append({"series": "x,y", "window": w, "closed": closed, "min_periods": minp, "stat": "corr", "values": enc(rc.to_numpy())})
    lags = []
    s = pd.Series(level, index=idx)
    for lag in [1, 3, 60]:
        shifted = s.shift(lag, freq="1min").reindex(idx)
        lags.append({"lag": lag, "lag_values": enc(shifted.to_numpy()), "diff": enc((s - shifted).to_numpy()), "log_return": enc(np.log(s / shifted).to_numpy())})
    doc = {
        "generator": "test/golden/rolling.py",
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "k": [int(v) for v in k],
        "series": {name: enc(v) for name, v in series.items()},
        "rolling": cases,
        "lags": lags,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
