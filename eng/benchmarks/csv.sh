#!/usr/bin/env bash
# The CSV reader and the contract validator on a 1,000,000 x 29 numeric CSV, with pandas' read_csv and CsvHelper's
# parser as peers, same run; then validation alone at 250k, 1M and 2M rows to show memory does not grow with rows.
# Needs Debian's python3-sklearn and python3-pandas. Usage: eng/benchmarks/csv.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/eng/benchmarks/csv_peer.py" "$work/data.csv"
dotnet build -c Release "$root/benchmarks/MLOps.Benchmarks" > /dev/null
bench="dotnet $root/benchmarks/MLOps.Benchmarks/bin/Release/net10.0/MLOps.Benchmarks.dll"
$bench csv "$work/data.csv" 5
head -250001 "$work/data.csv" > "$work/250k.csv"
{ cat "$work/data.csv"; tail -n +2 "$work/data.csv"; } > "$work/2m.csv"
for f in 250k data 2m; do $bench csv-memory "$work/$f.csv"; done
