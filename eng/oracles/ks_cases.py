"""Writes tests/fixtures/ks_cases.json: two-sample KS cases covering every branch of scipy's ks_2samp and kstwo.sf.

Run with Debian's python3-scipy (1.10.1): /usr/bin/python3 eng/oracles/ks_cases.py
"""
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
cases = []
# (n1, n2, shift, rounded-to) : equal sizes, unequal sizes, ties, tiny samples, large (asymptotic) samples
for n1, n2, shift, decimals in [(50, 50, 0.3, 6), (200, 200, 0.0, 1), (37, 81, 0.5, 6), (400, 300, 0.1, 2),
                                (5, 7, 1.0, 6), (1200, 900, 0.05, 6), (12000, 15000, 0.02, 3), (12000, 11000, 0.0, 6),
                                (20000, 30, 0.4, 6), (10001, 200, 0.2, 6), (3000, 3000, 0.08, 0), (9000, 10000, 0.0, 2)]:
    a = np.round(rng.normal(0, 1, n1), decimals)
    b = np.round(rng.normal(shift, 1, n2), decimals)
    r = stats.ks_2samp(a, b, method="auto")
    cases.append({"first": a.tolist(), "second": b.tolist(), "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
one_sample = []
for n, x in [(3, 0.3), (10, 0.2), (100, 0.05), (100, 0.12), (140, 0.2), (141, 0.05), (1000, 0.02), (2667, 0.009625),
             (5000, 0.01), (50000, 0.004), (200000, 0.001), (2667, 0.21375), (100, 0.6), (1000, 0.0006)]:
    one_sample.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
json.dump({"generated_with": "scipy " + __import__("scipy").__version__, "two_sample": cases, "kstwo_sf": one_sample},
          open("tests/fixtures/ks_cases.json", "w"))
