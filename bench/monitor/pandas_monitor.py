"""Reference pipeline for bench/monitor: the core numbers of `ftf monitor` with pandas + scipy
from CSV exports (Debian python3-pandas 1.5 has no Parquet reader without pyarrow):
rolling 7-day f1_buy of both models at every clock hour, NaN share of the BTC features per 7-day
fold, weekly two-sided KS (scipy.stats.ks_2samp, method "auto") of every feature against the
training window with BH across the features, and event counts per clock hour.
Prints one JSON line: seconds per phase and the numbers to compare."""
import json, sys, time
import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

log_csv, train_csv, events_csv, live_start_ms, live_id, base_id = sys.argv[1:7]
live_start = pd.Timestamp(int(live_start_ms), unit="ms")
t0 = time.perf_counter()
log = pd.read_csv(log_csv, parse_dates=["ts"])
train = pd.read_csv(train_csv)
events = pd.read_csv(events_csv, parse_dates=["ts"])
t_read = time.perf_counter() - t0
features = [c for c in train.columns if c.startswith("btc_")]

t0 = time.perf_counter()
H = pd.Timedelta(hours=1)
W = pd.Timedelta(days=7)
end = log.loc[log.model_run_id == live_id, "ts"].max() + pd.Timedelta(minutes=1)
def rolling_f1(m):
    d = log[(log.model_run_id == m) & log.y_true.notna()].set_index("ts").sort_index()
    tp = ((d.y_true == 1) & (d.y_pred == 1)).astype(float)
    fp = ((d.y_true == 0) & (d.y_pred == 1)).astype(float)
    fn = ((d.y_true == 1) & (d.y_pred == 0)).astype(float)
    c = pd.DataFrame({"tp": tp.cumsum(), "fp": fp.cumsum(), "fn": fn.cumsum()})
    points = pd.date_range(live_start + W, end, freq="1h")
    def at(t):
        hi = c.index.searchsorted(t, "left"); lo = c.index.searchsorted(t - W, "left")
        g = lambda k, i: c[k].iloc[i - 1] if i > 0 else 0.0
        TP, FP, FN = (g(k, hi) - g(k, lo) for k in ("tp", "fp", "fn"))
        return 2 * TP / (2 * TP + FP + FN) if (2 * TP + FP + FN) else np.nan
    return pd.Series([at(t) for t in points], index=points)
f1_live = rolling_f1(live_id)
f1_base = rolling_f1(base_id)
t_f1 = time.perf_counter() - t0

t0 = time.perf_counter()
live = log[(log.model_run_id == live_id) & (log.ts >= live_start)].copy()
live["fold"] = ((live.ts - live_start) // W).astype(int) + 1
nan_share = live[features].isna().any(axis=1).groupby(live.fold).mean()
t_nan = time.perf_counter() - t0

t0 = time.perf_counter()
ks = []
for k, g in live.groupby("fold"):
    ps = []
    for f in features:
        ref = train[f].dropna().to_numpy()
        cur = g[f].dropna().to_numpy()
        ps.append(ks_2samp(cur, ref).pvalue if len(cur) else np.nan)
    p = np.array(ps)
    order = np.argsort(p); n = len(p)
    adj = np.minimum.accumulate((p[order] * n / np.arange(1, n + 1))[::-1])[::-1]
    out = np.empty(n); out[order] = np.minimum(adj, 1)
    ks.append(out.tolist())
t_ks = time.perf_counter() - t0

t0 = time.perf_counter()
per_hour = events.groupby([events.ts.dt.floor("h"), "event", events.reason.fillna("")]).size()
t_ev = time.perf_counter() - t0
print(json.dumps({
    "seconds": {"read_csv": t_read, "rolling_f1": t_f1, "nan_folds": t_nan, "weekly_ks": t_ks, "events_per_hour": t_ev},
    "f1_live_last": float(f1_live.iloc[-1]), "f1_base_last": float(f1_base.iloc[-1]), "points": len(f1_live),
    "nan_share": [float(x) for x in nan_share.tolist()], "max_per_hour": int(per_hour.max()),
}))
