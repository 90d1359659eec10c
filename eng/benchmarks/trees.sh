#!/usr/bin/env bash
# Gradient-boosted trees on 800,000 × 28 rows and batch scoring of the 100-tree model, against the peers in the same run:
# xgboost 1.7 hist (Debian's python3-xgboost), LightGBM and FastTree (Microsoft.ML.LightGbm / .FastTree 5.0.1,
# eng/benchmarks/LightGbmPeer), 2 threads each; MLOps.Build once as the machine allows and once with AVX-512 switched off (the AVX2 paths GitHub's
# hosted runners take). Needs python3-sklearn and python3-xgboost.
# Usage: eng/benchmarks/trees.sh [DATA_DIR]  (a folder that already holds train.csv and test.csv skips writing them);
# TREES_PEERS=xgboost races xgboost alone (LightGBM and FastTree take minutes under load: for iterating).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-}"
if [[ -z "$work" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi
[[ -f "$work/train.csv" ]] || /usr/bin/python3 "$root/eng/benchmarks/linear_peer.py" "$work" > /dev/null
dotnet build -c Release "$root/benchmarks/MLOps.Benchmarks" > /dev/null
[[ "${TREES_PEERS:-all}" == xgboost ]] || dotnet build -c Release "$root/eng/benchmarks/LightGbmPeer" > /dev/null
bench="$root/benchmarks/MLOps.Benchmarks/bin/Release/net10.0/MLOps.Benchmarks.dll"
lightgbm="$root/eng/benchmarks/LightGbmPeer/bin/Release/net10.0/LightGbmPeer.dll"
mlops() { # mlops avx512|avx2 ARGS...: the benchmark with or without AVX-512
  local isa="$1"; shift
  if [[ "$isa" == avx2 ]]; then DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 dotnet "$bench" "$@"; else dotnet "$bench" "$@"; fi
}
race="$work/race.txt"
: > "$race"
for isa in avx512 avx2; do
  echo "== $isa; $(uptime)"
  { /usr/bin/python3 "$root/eng/benchmarks/trees_peer.py" "$work" 2
    [[ "${TREES_PEERS:-all}" == xgboost ]] || dotnet "$lightgbm" "$work/train.csv" "$work/test.csv" 2
    mlops "$isa" trees "$work/train.csv" "$work/test.csv" 2 "$work/model-$isa.json"
    mlops "$isa" score "$work/model-$isa.json" "$work/test.csv" 7
  } | while IFS= read -r line; do
    if [[ "$line" == race\|* ]]; then echo "$isa|${line#race|}" >> "$race"; else echo "$line"; fi
  done
done
# The race side by side: each contestant's training time, test AUC and model size, per instruction set (the peers do
# not switch AVX-512 off; they run again in the avx2 round only so that every ratio is taken within one round).
echo
echo "| round | trainer | training s | test AUC | model bytes |"
echo "| --- | --- | ---: | ---: | ---: |"
awk -F'|' '{ printf "| %s | %s | %s | %s | %\047d |\n", $1, $2, $3, $4, $5 }' "$race"
