#!/usr/bin/env bash
# mlops monitor's work (read 1,000,000 x 28 current rows, score, bin, drift tests, CBPE) next to the same per-column
# drift tests in pandas + scipy, same run; both instruction sets. Needs Debian's python3-sklearn, python3-scipy and
# python3-pandas. Usage: eng/benchmarks/monitor.sh   (docs/benchmarks.md has the numbers)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/eng/benchmarks/monitor_peer.py" "$work/reference.csv" "$work/current.csv"
dotnet build -c Release "$root/benchmarks/MLOps.Benchmarks" > /dev/null
bench="dotnet $root/benchmarks/MLOps.Benchmarks/bin/Release/net10.0/MLOps.Benchmarks.dll"
$bench monitor "$work/reference.csv" "$work/current.csv" 3
DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 $bench monitor "$work/reference.csv" "$work/current.csv" 3
