"""Peer for the gradient-boosting benchmark: xgboost 1.7 (Debian's python3-xgboost), tree_method="hist", 2 threads.

Reads the files eng/benchmarks/linear_peer.py wrote (800,000 training and 200,000 test rows of make_classification)
and trains with the issue's settings: 100 trees, 31 leaves (leaf-wise: grow_policy="lossguide", no depth limit),
255 bins, learning rate 0.1 (L2 lambda 1 and min_child_weight 1 are xgboost's defaults).
Usage: python3 trees_peer.py DIR [threads]
"""
import sys, time
import numpy as np
import xgboost as xgb
from sklearn.metrics import log_loss, roc_auc_score

folder = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
train = np.loadtxt(f"{folder}/train.csv", delimiter=",", skiprows=1)
test = np.loadtxt(f"{folder}/test.csv", delimiter=",", skiprows=1)
X, y, Xt, yt = train[:, :-1], train[:, -1], test[:, :-1], test[:, -1]
model = xgb.XGBClassifier(n_estimators=100, max_leaves=31, grow_policy="lossguide", max_depth=0, max_bin=255,
                          learning_rate=0.1, tree_method="hist", n_jobs=threads)
start = time.perf_counter()
model.fit(X, y)
seconds = time.perf_counter() - start
p = model.predict_proba(Xt)[:, 1]
start = time.perf_counter()
model.predict_proba(Xt)
scoring = time.perf_counter() - start
# Batch scoring per core, as MLOps.Build's score workload measures it: inplace_predict on one thread, median of 7
# passes, by wall and by processor time (the machine may be shared).
booster = model.get_booster()
booster.set_param({"nthread": 1})
Xt32 = np.ascontiguousarray(Xt, dtype=np.float32)
booster.inplace_predict(Xt32)
walls, cpus = [], []
for _ in range(7):
    wall, cpu = time.perf_counter(), time.process_time()
    booster.inplace_predict(Xt32)
    walls.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
walls.sort()
cpus.sort()
print(f"xgboost {xgb.__version__} hist ({threads} threads): {seconds:.2f} s, test log_loss {log_loss(yt, p):.6f}, auc {roc_auc_score(yt, p):.4f}; "
      f"scoring {len(yt) / scoring / 1e6:.2f} M rows/s ({threads} threads); inplace_predict {len(yt) / walls[3] / 1e6:.2f} M rows/s "
      f"(by processor time {len(yt) / cpus[3] / 1e6:.2f}), one thread")
# The side-by-side table of trees.sh: name, training seconds, test AUC, model bytes (xgboost's own JSON format).
import os, tempfile
with tempfile.TemporaryDirectory() as scratch:
    booster.save_model(f"{scratch}/model.json")
    size = os.path.getsize(f"{scratch}/model.json")
print(f"race|xgboost {xgb.__version__} hist|{seconds:.2f}|{roc_auc_score(yt, p):.4f}|{size}")
