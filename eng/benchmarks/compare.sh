#!/usr/bin/env bash
# Test metrics of MLOps.Build's trainers next to scikit-learn's on the same splits (docs/trainers.md has the table).
# Needs Debian's python3-sklearn and python3-pandas. Usage: eng/benchmarks/compare.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release "$root/benchmarks/MLOps.Benchmarks" > /dev/null
/usr/bin/python3 "$root/eng/benchmarks/compare_peer.py" "$work" "$root/benchmarks/MLOps.Benchmarks/bin/Release/net10.0/MLOps.Benchmarks.dll"
