#!/usr/bin/env bash
# Whole-process benchmark of model builds, against the peer every .NET developer knows: a no-op `dotnet build`
# of an empty class library, measured in the same run. Needs the packages: ./build.sh --target=Pack first.
# Usage: eng/benchmarks/incremental-build.sh [runs]   (prints a Markdown table; median of the runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NUGET_PACKAGES="$root/artifacts/nuget-packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 MSBUILDDISABLENODEREUSE=1

seconds() { local s; s=$(date +%s.%N); "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }; awk -v a="$(date +%s.%N)" -v b="$s" 'BEGIN {print a - b}'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
repeat() { for _ in $(seq "$runs"); do seconds "$@"; done | median; }

dotnet new classlib -o "$work/empty" > /dev/null
dotnet build "$work/empty" -nodeReuse:false > /dev/null
empty=$(repeat dotnet build "$work/empty" -nodeReuse:false)

cp -r "$root/samples/Churn" "$work/churn"
sed -i "s#../../artifacts/packages#$root/artifacts/packages#" "$work/churn/nuget.config"
rm -rf "$work/churn/bin" "$work/churn/obj"
project="$work/churn/Churn.mlproj"
first=$(seconds dotnet build "$project" -nodeReuse:false)
noop=$(repeat dotnet build "$project" -nodeReuse:false)
touch "$work/churn/data/train.csv"
touched=$(seconds dotnet build "$project" -nodeReuse:false)
grep -q "model is up to date" "$work/last.log" || { echo "touch retrained"; exit 1; }
sed -i '2s/,34,/,35,/' "$work/churn/data/train.csv"
changed=$(seconds dotnet build "$project" -nodeReuse:false)
grep -q "training, because data/train.csv changed" "$work/last.log" || { echo "a one-byte change did not retrain"; exit 1; }

printf '| build | seconds |\n| --- | ---: |\n'
printf '| empty classlib, no-op (peer) | %.2f |\n' "$empty"
printf '| Churn model, first build (restore, validate, train, evaluate) | %.2f |\n' "$first"
printf '| Churn model, no-op | %.2f |\n' "$noop"
printf '| Churn model, data file touched | %.2f |\n' "$touched"
printf '| Churn model, one byte of data changed (retrains) | %.2f |\n' "$changed"
printf '\nno-op model build minus no-op classlib build: %.2f s (%s runs, median)\n' "$(awk -v a="$noop" -v b="$empty" 'BEGIN {print a - b}')" "$runs"
