"""Whole-process peer of eng/benchmarks/build-race.sh: what `dotnet build` of the model project does, in pandas + xgboost.

Reads train.csv and test.csv with pandas.read_csv, trains xgboost 1.7 hist (Debian's python3-xgboost) with the model
project's settings (100 trees, 31 leaves grown leaf-wise, 255 bins, learning rate 0.1, L2 lambda 1, the given number of
threads) and computes the test AUC. The script timing this process (interpreter start and imports included) is the
race; the lines printed here only split it into reading, training and evaluating.
Usage: /usr/bin/python3 build_race_peer.py DIR [threads]
"""
import sys, time
start = time.perf_counter()
import pandas as pd
import xgboost as xgb
from sklearn.metrics import roc_auc_score

folder = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
imported = time.perf_counter()
train = pd.read_csv(f"{folder}/train.csv")
test = pd.read_csv(f"{folder}/test.csv")
read = time.perf_counter()
model = xgb.XGBClassifier(n_estimators=100, max_leaves=31, grow_policy="lossguide", max_depth=0, max_bin=255,
                          learning_rate=0.1, tree_method="hist", n_jobs=threads)
model.fit(train.drop(columns="label"), train["label"])
trained = time.perf_counter()
auc = roc_auc_score(test["label"], model.predict_proba(test.drop(columns="label"))[:, 1])
done = time.perf_counter()
print(f"xgboost {xgb.__version__} hist + pandas {pd.__version__}: imports {imported - start:.2f} s, read_csv {read - imported:.2f} s, "
      f"train {trained - read:.2f} s, evaluate {done - trained:.2f} s; test auc {auc:.4f}")
