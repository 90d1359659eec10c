"""Peer for the CSV benchmark: writes the 1,000,000 x 29 numeric file and times pandas' read_csv on it.

The file holds sklearn's make_classification(n_samples=1_000_000, n_features=28, ..., random_state=42) rows and the
label, written with six significant digits (about 248 MB). Usage: python3 csv_peer.py OUT.csv
(Debian's python3-sklearn and python3-pandas).
"""
import os, sys, time
import numpy as np
import pandas as pd
from sklearn.datasets import make_classification

path = sys.argv[1]
X, y = make_classification(n_samples=1_000_000, n_features=28, n_informative=18, n_redundant=4,
                           n_clusters_per_class=4, flip_y=0.05, class_sep=0.8, random_state=42)
header = ",".join(f"f{i}" for i in range(28)) + ",label"
np.savetxt(path, np.column_stack([X, y]), delimiter=",", fmt="%.6g", header=header, comments="")
megabytes = os.path.getsize(path) / 1e6
times = []
for _ in range(5):
    start = time.perf_counter()
    pd.read_csv(path)
    times.append(time.perf_counter() - start)
best = min(times)
print(f"{'pandas ' + pd.__version__ + ' read_csv':<45} {best:6.2f} s  {megabytes / best:6.0f} MB/s  (best of 5)")
