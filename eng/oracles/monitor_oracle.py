"""Writes tests/fixtures/monitor/monitor_oracle.json: known answers for `mlops monitor`'s statistics.

Drift: binned two-sample KS (the counts expanded to samples of bin indices, scipy.stats.ks_2samp(method='asymp')),
PSI on the bins (numpy), chi-square (scipy.stats.chi2_contingency, Yates on 2x2) with the Jensen-Shannon distance
(scipy.spatial.distance.jensenshannon, base 2), missing rates by chi-square on present/missing, Holm across the
family (numpy). Estimation: confidence-based performance estimation written from NannyML's published method with
numpy and scikit-learn: the calibration table's rates made monotone by IsotonicRegression (past its outer thresholds the line through the last two, not 'clip'),
every current score mapped through it, expected accuracy/precision/recall/F1 from the expected confusion counts and
expected ROC AUC from the cumulative sums of p and 1 - p in descending score order (sklearn.metrics.auc).

Run with Debian's python3-scipy 1.10.1 and python3-sklearn 1.2.1: /usr/bin/python3 eng/oracles/monitor_oracle.py
"""
import json
import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon
from sklearn.isotonic import IsotonicRegression

from cbpe import calibrated
from sklearn.metrics import auc as area

rng = np.random.default_rng(20)


def quantile_edges(values, bins=20):
    s = np.sort(values)
    edges = []
    for i in range(1, bins):
        e = s[min(max(int(np.ceil(len(s) * i / bins)) - 1, 0), len(s) - 1)]
        if e < s[-1] and (not edges or e > edges[-1]):
            edges.append(float(e))
    return edges


def right_closed(values, edges):
    return np.bincount(np.searchsorted(np.array(edges), values, side="left"), minlength=len(edges) + 1)


def ks_binned(r, c):
    a = np.repeat(np.arange(len(r)), r)
    b = np.repeat(np.arange(len(c)), c)
    t = stats.ks_2samp(a, b, method="asymp")
    return float(t.statistic), float(t.pvalue)


def psi(r, c):
    e, a = r / r.sum(), c / c.sum()
    e, a = np.where(r == 0, 1e-4, e), np.where(c == 0, 1e-4, a)
    return float(np.sum((a - e) * np.log(a / e)))


def chi2(r, c):
    s, p, _, _ = stats.chi2_contingency(np.array([r, c]), correction=True)
    return float(s), float(p)


def holm(p):
    order, adjusted, running = np.argsort(p, kind="stable"), np.empty(len(p)), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        adjusted[i] = running
    return adjusted


columns, checks = [], []
for name, shift, scale, missing_ref, missing_cur in [("unchanged", 0, 1, 0, 0), ("shifted", 0.15, 1, 0, 0),
                                                      ("scaled", 0, 1.3, 40, 900), ("slight", 0.02, 1, 0, 0)]:
    ref = np.round(rng.normal(0, 1, 5000), 3)
    cur = np.round(rng.normal(shift, scale, 20000), 3)
    edges = quantile_edges(ref)
    r, c = right_closed(ref, edges), right_closed(cur, edges)
    columns.append({"name": name, "edges": edges, "reference": r.tolist(), "current": c.tolist(),
                    "referenceMissing": missing_ref, "currentMissing": missing_cur})
    d, p = ks_binned(r, c)
    checks.append({"column": name, "aspect": "distribution", "statistic": d, "pValue": p, "effect": psi(r, c)})
    if missing_ref or missing_cur:
        s, p = chi2([r.sum(), missing_ref], [c.sum(), missing_cur])
        checks.append({"column": name, "aspect": "missingRate", "statistic": s, "pValue": p,
                       "effect": abs(missing_cur / (c.sum() + missing_cur) - missing_ref / (r.sum() + missing_ref))})
for name, ref_p, cur_p in [("plan", [0.5, 0.3, 0.15, 0.05], [0.5, 0.3, 0.15, 0.05]), ("region", [0.4, 0.3, 0.2, 0.1], [0.25, 0.3, 0.25, 0.2])]:
    r = rng.multinomial(5000, ref_p)
    c = rng.multinomial(20000, cur_p)
    levels = [f"{name}-{i}" for i in range(len(ref_p) - 1)]  # the last count is "other"
    columns.append({"name": name, "levels": levels, "reference": r.tolist(), "current": c.tolist(), "referenceMissing": 0, "currentMissing": 0})
    s, p = chi2(r, c)
    checks.append({"column": name, "aspect": "distribution", "statistic": s, "pValue": p, "effect": float(jensenshannon(r, c, base=2))})
adjusted = holm(np.array([c["pValue"] for c in checks]))
for check, a in zip(checks, adjusted):
    check["adjustedPValue"] = float(a)

# CBPE: a reference of 5,000 rows from a slightly miscalibrated model, its calibration table on 20 probability bins
# (rows, positives and mean score per bin),
# and 3,000 current rows under covariate shift.
def scores_of(x):
    return 1 / (1 + np.exp(-(1.6 * x - 0.2)))

x_ref = rng.normal(0, 1, 5000)
y_ref = rng.random(5000) < 1 / (1 + np.exp(-(1.3 * x_ref - 0.1)))
s_ref = scores_of(x_ref)
bins = np.minimum((s_ref * 20).astype(int), 19)
# Each bin's mean score, as the package's profile keeps it (its score sums over its rows).
table = [{"meanScore": float(s_ref[bins == b].mean()) if (bins == b).any() else (b + 0.5) / 20, "rows": int((bins == b).sum()),
          "positives": int(y_ref[bins == b].sum())} for b in range(20)]
used = [t for t in table if t["rows"] > 0]
iso = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(
    [t["meanScore"] for t in used], [t["positives"] / t["rows"] for t in used], sample_weight=[t["rows"] for t in used])
s_cur = np.round(scores_of(rng.normal(0.6, 0.8, 3000)), 6)
p = calibrated(iso, s_cur)
predicted = s_cur >= 0.5
tp, fp, fn = p[predicted].sum(), (1 - p[predicted]).sum(), p[~predicted].sum()
order = np.argsort(-s_cur, kind="stable")
tps, fps = np.concatenate([[0], np.cumsum(p[order])]), np.concatenate([[0], np.cumsum(1 - p[order])])
estimate = {"auc": float(area(fps / fps[-1], tps / tps[-1])), "accuracy": float(np.mean(np.where(predicted, p, 1 - p))),
            "precision": float(tp / (tp + fp)), "recall": float(tp / (tp + fn)), "f1": float(2 * tp / (2 * tp + fp + fn))}

json.dump({"generated_with": f"numpy {np.__version__}, scipy {__import__('scipy').__version__}, scikit-learn {__import__('sklearn').__version__}",
           "drift": {"columns": columns, "checks": checks},
           "cbpe": {"calibration": table, "scores": s_cur.tolist(), "expected": estimate}},
          open("tests/fixtures/monitor/monitor_oracle.json", "w"), indent=1)
