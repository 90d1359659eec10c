#!/usr/bin/env bash
# Logistic regression on 800,000 × 28 rows: scikit-learn's lbfgs (the peer) and MLOps.Build's L-BFGS, same run,
# MLOps.Build once with every instruction set of the machine and once with AVX-512 off (DOTNET_EnableAVX512=0: the
# AVX2 paths of GitHub's hosted runners); each prints which vector paths it took and the load average.
# Needs Debian's python3-sklearn (apt-get install python3-sklearn). Usage: eng/benchmarks/linear.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/eng/benchmarks/linear_peer.py" "$work"
dotnet build -c Release "$root/benchmarks/MLOps.Benchmarks" >/dev/null
dotnet run -c Release --no-build --project "$root/benchmarks/MLOps.Benchmarks" -- linear "$work/train.csv" "$work/test.csv"
DOTNET_EnableAVX512=0 dotnet run -c Release --no-build --project "$root/benchmarks/MLOps.Benchmarks" -- linear "$work/train.csv" "$work/test.csv"
