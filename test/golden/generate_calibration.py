#!/usr/bin/python3
"""Golden vectors for the calibrated-drift statistics (issue 11), from Debian's scipy / numpy.

Run:  /usr/bin/python3 test/golden/generate_calibration.py   (writes test/golden/calibration.json)

- wasserstein: scipy.stats.wasserstein_distance(u, v), with ties and different sizes;
- tau: the Bartlett-weighted integrated autocorrelation time 1 + 2 sum_k (1 - k/(L+1)) acov_k/acov_0
  with the biased autocovariance (statsmodels acovf(adjusted=False)), computed here with numpy
  independently of the TypeScript (statsmodels is not needed for this formula).
"""
import json
import os

import numpy as np
import scipy
import scipy.stats as st

OUT = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240601)


def tau_bartlett(x, lag):
    x = np.asarray(x, float)
    n = len(x)
    c = x - x.mean()
    g0 = np.dot(c, c)
    acc = 0.0
    for k in range(1, lag + 1):
        acc += (1 - k / (lag + 1)) * np.dot(c[:-k], c[k:])
    return max(0.0, 1 + 2 * acc / g0)


cases = []
for n, m in [(5, 7), (168, 2000), (50, 50), (30, 400)]:
    u = np.round(rng.normal(0, 1, n), 2)  # rounded: ties inside and across samples
    v = np.round(rng.normal(0.3, 1.4, m), 2)
    cases.append({"u": u.tolist(), "v": v.tolist(), "distance": float(st.wasserstein_distance(u, v))})

taus = []
for phi, n, lag in [(0.0, 500, 12), (0.5, 800, 20), (0.9, 1000, 48), (-0.4, 300, 7), (0.97, 3000, 200)]:  # lag > 64: the FFT path
    e = rng.normal(size=n)
    x = np.empty(n)
    prev = 0.0
    for i in range(n):
        prev = phi * prev + e[i]
        x[i] = prev
    x = np.round(x, 6)
    taus.append({"x": x.tolist(), "lag": lag, "tau": tau_bartlett(x, lag)})

with open(os.path.join(OUT, "calibration.json"), "w") as f:
    json.dump({"meta": {"generator": "test/golden/generate_calibration.py", "scipy": scipy.__version__, "numpy": np.__version__}, "wasserstein": cases, "tau": taus}, f)
    f.write("\n")
