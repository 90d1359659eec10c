"""Peer for the monitoring benchmark: writes the reference (100,000 rows) and current (1,000,000 rows) files and times
the same per-column drift tests done with pandas + scipy, as Evidently's DataDriftPreset does them.

Rows are sklearn's make_classification(n_features=28, ..., random_state=42) as in csv_peer.py; the current rows
have f3 shifted by +0.5 and f7 scaled by 1.5 (the two columns that should be flagged). Per column: read with
pandas, two-sample KS (scipy.stats.ks_2samp), PSI on the reference's 20 quantile bins, Wasserstein distance;
Holm across the columns. Usage: python3 monitor_peer.py REFERENCE.csv CURRENT.csv
(Debian's python3-sklearn, python3-scipy and python3-pandas).
"""
import sys, time
import numpy as np
import pandas as pd
from scipy import stats
from sklearn.datasets import make_classification

reference_path, current_path = sys.argv[1], sys.argv[2]
X, y = make_classification(n_samples=1_100_000, n_features=28, n_informative=18, n_redundant=4,
                           n_clusters_per_class=4, flip_y=0.05, class_sep=0.8, random_state=42)
header = ",".join(f"f{i}" for i in range(28)) + ",label"
np.savetxt(reference_path, np.column_stack([X[:100_000], y[:100_000]]), delimiter=",", fmt="%.6g", header=header, comments="")
current = X[100_000:].copy()
current[:, 3] += 0.5
current[:, 7] *= 1.5
np.savetxt(current_path, np.column_stack([current, y[100_000:]]), delimiter=",", fmt="%.6g", header=header, comments="")


def psi(reference, current, bins=20):
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    expected = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1) / len(reference)
    actual = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1) / len(current)
    expected, actual = np.where(expected == 0, 1e-4, expected), np.where(actual == 0, 1e-4, actual)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def holm(p):
    order = np.argsort(p)
    adjusted, running = np.empty(len(p)), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        adjusted[i] = running
    return adjusted


times = []
for _ in range(3):
    start = time.perf_counter()
    ref = pd.read_csv(reference_path)
    cur = pd.read_csv(current_path)
    columns = [c for c in ref.columns if c != "label"]
    results = [(stats.ks_2samp(ref[c], cur[c]).pvalue, psi(ref[c].to_numpy(), cur[c].to_numpy()), stats.wasserstein_distance(ref[c], cur[c])) for c in columns]
    adjusted = holm(np.array([r[0] for r in results]))
    drifted = [c for c, r, p in zip(columns, results, adjusted) if p < 0.05 and r[1] >= 0.1]
    times.append(time.perf_counter() - start)
print(f"{'pandas ' + pd.__version__ + ' + scipy ' + __import__('scipy').__version__ + ' (read, KS, PSI, W1)':<55} {min(times):6.2f} s  (best of 3; drifted: {', '.join(drifted)})")
