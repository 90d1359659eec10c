#!/usr/bin/env bash
# Gradient-boosted trees on 800,000 × 28 rows: xgboost 1.7 hist (the peer) and MLOps.Build, 2 threads each, same run.
# Needs Debian's python3-sklearn and python3-xgboost. Usage: eng/benchmarks/trees.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/eng/benchmarks/linear_peer.py" "$work" > /dev/null
/usr/bin/python3 "$root/eng/benchmarks/trees_peer.py" "$work" 2
dotnet run -c Release --project "$root/benchmarks/MLOps.Benchmarks" -- trees "$work/train.csv" "$work/test.csv" 2
