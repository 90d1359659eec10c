"""Writes tests/fixtures/monitor/cbpe_multiclass.json: known answers for multiclass CBPE (label-free estimation).

Written from NannyML's published multiclass CBPE with numpy and scikit-learn: per class, the one-vs-rest calibration
table's rates made monotone by IsotonicRegression (fitted on the bins' mean scores, weighted by
rows; past its outer thresholds the line through the last two, not 'clip'); every current row's class probabilities mapped through their class's map and renormalised to sum to 1;
expected accuracy = mean renormalised probability of the predicted class (argmax of the model's probabilities);
each class's expected one-vs-rest ROC AUC from the cumulative sums of q_k and 1 - q_k in descending order of the
model's probability of class k (sklearn.metrics.auc), averaged over classes (macro).

The reference is a 3-class softmax model that is over-confident (its logits 1.4x the true ones), so calibration
matters; the current rows are under covariate shift. Exact per-row computation, no binning of current scores.

Run with Debian's python3-sklearn 1.2.1: /usr/bin/python3 eng/oracles/cbpe_multiclass_oracle.py
"""
import json
import numpy as np
from sklearn.isotonic import IsotonicRegression

from cbpe import calibrated
from sklearn.metrics import auc as area

rng = np.random.default_rng(2020)
W = np.array([[1.5, -0.5], [-1.0, 1.2], [-0.5, -0.7]])
B = np.array([0.2, 0.0, -0.2])
BINS = 20


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def draw(rows, mean, scale):
    x = rng.normal(mean, scale, (rows, 2))
    truth = softmax(x @ W.T + B)
    labels = np.array([rng.choice(3, p=p) for p in truth])
    model = np.round(softmax(1.4 * (x @ W.T + B)), 6)
    return model, labels


p_ref, y_ref = draw(6000, [0.0, 0.0], 1.0)
tables, maps = [], []
for k in range(3):
    bins = np.minimum((p_ref[:, k] * BINS).astype(int), BINS - 1)
    table = [{"meanScore": float(p_ref[bins == b, k].mean()) if (bins == b).any() else (b + 0.5) / BINS, "rows": int((bins == b).sum()),
              "positives": int((y_ref[bins == b] == k).sum())} for b in range(BINS)]
    used = [t for t in table if t["rows"] > 0]
    maps.append(IsotonicRegression(out_of_bounds="clip", increasing=True).fit(
        [t["meanScore"] for t in used], [t["positives"] / t["rows"] for t in used], sample_weight=[t["rows"] for t in used]))
    tables.append(table)

p_cur, y_cur = draw(4000, [0.7, -0.3], 0.8)
calibrated = np.column_stack([calibrated(maps[k], p_cur[:, k]) for k in range(3)])
total = calibrated.sum(axis=1, keepdims=True)
q = np.where(total > 0, calibrated / np.where(total > 0, total, 1), 1 / 3)
predicted = np.argmax(p_cur, axis=1)
aucs = []
for k in range(3):
    order = np.argsort(-p_cur[:, k], kind="stable")
    tps = np.concatenate([[0], np.cumsum(q[order, k])])
    fps = np.concatenate([[0], np.cumsum(1 - q[order, k])])
    aucs.append(float(area(fps / fps[-1], tps / tps[-1])))
expected = {"accuracy": float(np.mean(q[np.arange(len(q)), predicted])), "macro_auc_ovr": float(np.mean(aucs)), "auc_per_class": aucs}
realized = {"accuracy": float(np.mean(predicted == y_cur))}

json.dump({"generated_with": f"numpy {np.__version__}, scikit-learn {__import__('sklearn').__version__}",
           "calibration": tables, "probabilities": p_cur.tolist(), "labels": y_cur.tolist(),
           "expected": expected, "realized": realized},
          open("tests/fixtures/monitor/cbpe_multiclass.json", "w"), indent=None)
