"""Test metrics of MLOps.Build's trainers next to scikit-learn's on the same splits (the issue's comparison table).

Splits breast_cancer, wine and diabetes (every fifth row is a test row) and uses churn's own train/test files,
writes them to OUT, fits scikit-learn 1.2.1 (LogisticRegression with standardized features, C = 1; Ridge with
alpha = 1 on standardized features; HistGradientBoosting with 100 trees, 31 leaves, learning rate 0.1, 255 bins,
20 rows per leaf, L2 1, no early stopping), runs `MLOps.Benchmarks compare OUT`, and prints a Markdown table.
Usage: python3 compare_peer.py OUT BENCHMARKS_DLL (Debian's python3-sklearn, python3-pandas)
"""
import json, os, subprocess, sys
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, log_loss, mean_absolute_error, r2_score, roc_auc_score, mean_squared_error
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
from sklearn.impute import SimpleImputer

out, dll = sys.argv[1], sys.argv[2]
datasets = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "fixtures")
os.makedirs(out, exist_ok=True)
cases = {"breast_cancer": ("benign", "binary"), "wine": ("cultivar", "multiclass"), "diabetes": ("progression", "regression"), "churn": ("churned", "binary")}
splits = {}
for name in ["breast_cancer", "wine", "diabetes"]:
    frame = pd.read_csv(os.path.join(datasets, f"{name}.csv"))
    test = np.arange(len(frame)) % 5 == 0
    splits[name] = (frame[~test], frame[test])
splits["churn"] = (pd.read_csv(os.path.join(datasets, "churn_train.csv")), pd.read_csv(os.path.join(datasets, "churn_test.csv")))
for name, (train, test) in splits.items():
    train.to_csv(os.path.join(out, f"{name}.train.csv"), index=False)
    test.to_csv(os.path.join(out, f"{name}.test.csv"), index=False)

def features(frame, label):
    x = frame.drop(columns=[label] + [c for c in ["customer_id"] if c in frame.columns])
    categorical = [c for c in x.columns if x[c].dtype == object or x[c].dtype == bool]
    return x, categorical

def metrics(kind, y, p):
    if kind == "regression":
        return {"r2": r2_score(y, p), "rmse": mean_squared_error(y, p) ** 0.5, "mae": mean_absolute_error(y, p)}
    if kind == "binary":
        return {"auc": roc_auc_score(y, p[:, 1]), "log_loss": log_loss(y, p[:, 1]), "accuracy": accuracy_score(y, p.argmax(1))}
    return {"accuracy": accuracy_score(y, p.argmax(1)), "macro_f1": f1_score(y, p.argmax(1), average="macro"), "log_loss": log_loss(y, p)}

peer = {}
for name, (label, kind) in cases.items():
    train, test = splits[name]
    x, categorical = features(train, label)
    xt, _ = features(test, label)
    numeric = [c for c in x.columns if c not in categorical]
    y, yt = train[label].astype(str) if kind != "regression" else train[label], test[label].astype(str) if kind != "regression" else test[label]
    if kind != "regression":
        classes = sorted(y.unique())
        y, yt = y.map(classes.index), yt.map(classes.index)
    linear_prep = ColumnTransformer([("n", make_pipeline(SimpleImputer(), StandardScaler()), numeric), ("c", OneHotEncoder(handle_unknown="ignore"), categorical)])
    tree_prep = ColumnTransformer([("n", "passthrough", numeric), ("c", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=np.nan), categorical)])
    trees = dict(max_iter=100, max_leaf_nodes=31, learning_rate=0.1, max_bins=255, min_samples_leaf=20, l2_regularization=1.0, early_stopping=False,
                 categorical_features=[len(numeric) + i for i in range(len(categorical))] if categorical else None)
    models = {}
    if kind == "regression":
        models["LinearRegression"] = make_pipeline(linear_prep, Ridge(alpha=1.0))
        models["GradientBoostedTrees"] = make_pipeline(tree_prep, HistGradientBoostingRegressor(**trees))
    else:
        models["LogisticRegression"] = make_pipeline(linear_prep, LogisticRegression(C=1.0, max_iter=5000))
        models["GradientBoostedTrees"] = make_pipeline(tree_prep, HistGradientBoostingClassifier(**trees))
    for trainer, model in models.items():
        model.fit(x, y)
        p = model.predict(xt) if kind == "regression" else model.predict_proba(xt)
        peer[(name, trainer)] = metrics(kind, yt, p)

ours = {}
for line in subprocess.run(["dotnet", dll, "compare", out], capture_output=True, text=True, check=True).stdout.splitlines():
    row = json.loads(line)
    ours[(row["data"], row["trainer"])] = row["metrics"]

print("| data | trainer | metric | scikit-learn 1.2.1 | MLOps.Build | difference |")
print("| --- | --- | --- | ---: | ---: | ---: |")
for (name, trainer), theirs in peer.items():
    for metric, value in theirs.items():
        mine = ours[(name, trainer)][metric]
        print(f"| {name} | {trainer} | {metric} | {value:.4f} | {mine:.4f} | {100 * (mine - value) / abs(value):+.2f}% |")
