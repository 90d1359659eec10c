#!/usr/bin/env bash
# Logistic regression on 800,000 × 28 rows: scikit-learn's lbfgs (the peer) and MLOps.Build's L-BFGS, same run.
# Needs Debian's python3-sklearn (apt-get install python3-sklearn). Usage: eng/benchmarks/linear.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/eng/benchmarks/linear_peer.py" "$work"
dotnet run -c Release --project "$root/benchmarks/MLOps.Benchmarks" -- linear "$work/train.csv" "$work/test.csv"
