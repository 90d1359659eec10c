"""Peer for the logistic-regression benchmark: writes the issue's data set and times scikit-learn's lbfgs on it.

make_classification(n_samples=1_000_000, n_features=28, n_informative=18, n_redundant=4, n_clusters_per_class=4,
flip_y=0.05, class_sep=0.8, random_state=42); first 800,000 rows train, last 200,000 test. Features are
standardized with the training rows' mean and std, as MLOps.Build does, so both solve the same problem
(L2 = 1 <=> C = 1). Usage: python3 linear_peer.py OUTDIR  (Debian's python3-sklearn).
"""
import sys, time
import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score

out = sys.argv[1]
X, y = make_classification(n_samples=1_000_000, n_features=28, n_informative=18, n_redundant=4,
                           n_clusters_per_class=4, flip_y=0.05, class_sep=0.8, random_state=42)
train, test = slice(0, 800_000), slice(800_000, None)
header = ",".join(f"f{i}" for i in range(28)) + ",label"
for name, part in (("train", train), ("test", test)):
    np.savetxt(f"{out}/{name}.csv", np.column_stack([X[part], y[part]]), delimiter=",", fmt="%.9g", header=header, comments="")

mean, std = X[train].mean(axis=0), X[train].std(axis=0)
Xs = (X - mean) / std
start = time.perf_counter()
model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=1000).fit(Xs[train], y[train])
seconds = time.perf_counter() - start
p = model.predict_proba(Xs[test])[:, 1]
print(f"scikit-learn lbfgs: {seconds:.2f} s, {model.n_iter_[0]} iterations, test log_loss {log_loss(y[test], p):.6f}, auc {roc_auc_score(y[test], p):.4f}")
