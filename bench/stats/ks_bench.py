#!/usr/bin/python3
"""scipy side of bench/stats/run.ts: N two-sample KS tests of a 168-value window against a
20,000-value reference, in one process, the way a Python drift script would call scipy
(scipy.stats.ks_2samp(window, reference) per window). Same synthetic data as the TypeScript
side (test/golden/synthetic.py). Prints one JSON object: seconds, per-test p-values, statistics.

    /usr/bin/python3 bench/stats/ks_bench.py [N]
"""
import json
import os
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "golden"))
from synthetic import sample, spec  # noqa: E402

import scipy  # noqa: E402
from scipy.stats import ks_2samp  # noqa: E402

WINDOW = 168
REFERENCE = 20000


def data(n_tests):
    reference = sample(spec(1, REFERENCE))
    stream = sample(spec(2, n_tests * WINDOW))
    windows = [stream[k * WINDOW:(k + 1) * WINDOW] + 0.002 * (k % 100) for k in range(n_tests)]
    return reference, windows


def main():
    n_tests = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    reference, windows = data(n_tests)
    start = time.perf_counter()
    results = [ks_2samp(w, reference) for w in windows]
    seconds = time.perf_counter() - start
    print(json.dumps({
        "scipy": scipy.__version__,
        "seconds": seconds,
        "pvalues": [float(r.pvalue) for r in results],
        "statistics": [float(r.statistic) for r in results],
    }))


if __name__ == "__main__":
    main()
