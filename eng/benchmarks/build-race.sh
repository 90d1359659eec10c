#!/usr/bin/env bash
# The whole-process race of issue 18: a clean `dotnet build` of a GradientBoostedTrees model project on 800,000 × 28
# training rows (validate, train, evaluate on the 200,000 test rows, gate) against the same work done by
#   - pandas.read_csv + xgboost 1.7 hist + AUC (eng/benchmarks/build_race_peer.py, Debian's python3-pandas/-xgboost/-sklearn), and
#   - ML.NET's text loader + LightGBM + AUC (eng/benchmarks/LightGbmPeer --whole, Microsoft.ML.LightGbm 5.0.1),
# each as one process timed from start to exit, with its peak resident set (/usr/bin/time -v). Same settings everywhere:
# 100 trees, 31 leaves, 255 bins, learning rate 0.1, L2 1, 2 threads. Two rounds: as the machine allows, and with AVX-512
# switched off for the .NET processes (the AVX2 paths of GitHub's hosted runners); xgboost runs in both rounds so that
# every ratio is taken within one round. Issue 18's targets: ours ≤ 0.6× xgboost's time and ≤ 0.8× LightGBM's, peak RSS
# ≤ 400 MB.
# Needs the packages: ./build.sh --target=Pack first (the project is built against artifacts/packages, as a user's
# project is built against a feed).
# Usage: [READS=1] [ROUNDS=...] eng/benchmarks/build-race.sh [DATA_DIR] [RUNS]
#   DATA_DIR: a folder that already holds train.csv and test.csv (eng/benchmarks/linear_peer.py's) skips writing them.
#   RUNS (default 1): runs per contestant and round; the table shows the median time and the median peak.
#   ROUNDS="avx2" (default "avx512 avx2"): the rounds to run.
#   READS=1: first one more clean build under strace, and how often it read each data file (issue 18: at most twice,
#   once to fingerprint and once to load; eng/benchmarks/data_reads.py). Needs strace.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="${1:-}"
runs="${2:-1}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export NUGET_PACKAGES="$root/artifacts/nuget-packages" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

sdk=$(ls "$root"/artifacts/packages/MLOps.Build.Sdk.*.nupkg 2>/dev/null | head -1 || true)
[[ -n "$sdk" ]] || { echo "No artifacts/packages/MLOps.Build.Sdk.*.nupkg: run ./build.sh --target=Pack first." >&2; exit 1; }
version="${sdk##*/MLOps.Build.Sdk.}"; version="${version%.nupkg}"
rm -rf "$NUGET_PACKAGES"/mlops.* # the packages just packed, not an older build of the same version
if [[ -z "$data" ]]; then data="$scratch/data"; mkdir -p "$data"; fi
[[ -f "$data/train.csv" && -f "$data/test.csv" ]] || /usr/bin/python3 "$root/eng/benchmarks/linear_peer.py" "$data" > /dev/null
data="$(cd "$data" && pwd)"
dotnet build -c Release "$root/eng/benchmarks/LightGbmPeer" > /dev/null
lightgbm="$root/eng/benchmarks/LightGbmPeer/bin/Release/net10.0/LightGbmPeer.dll"

# The model project, as `dotnet new mlproj` would lay it out, against the packed packages.
project="$scratch/model"
mkdir -p "$project"
cat > "$project/global.json" <<JSON
{ "msbuild-sdks": { "MLOps.Build.Sdk": "$version" } }
JSON
sed "s#../../artifacts/packages#$root/artifacts/packages#" "$root/samples/Churn/nuget.config" > "$project/nuget.config"
cat > "$project/Race.mlproj" <<XML
<Project Sdk="MLOps.Build.Sdk">
  <PropertyGroup>
    <ModelTask>BinaryClassification</ModelTask>
    <LabelColumn>label</LabelColumn>
    <Trainer>GradientBoostedTrees</Trainer>
    <Seed>42</Seed>
  </PropertyGroup>
  <ItemGroup>
    <TrainingData Include="$data/train.csv" />
    <EvaluationData Include="$data/test.csv" />
    <TrainerParameter Include="Trees" Value="100" />
    <TrainerParameter Include="Leaves" Value="31" />
    <TrainerParameter Include="MaxBins" Value="255" />
    <TrainerParameter Include="LearningRate" Value="0.1" />
    <TrainerParameter Include="L2" Value="1" />
    <TrainerParameter Include="Threads" Value="2" />
    <ModelGate Include="auc" Minimum="0.80" />
  </ItemGroup>
</Project>
XML
# Restores once, so every timed build finds the packages in the cache (a clean build still restores, from the cache).
dotnet restore "$project/Race.mlproj" > "$scratch/restore.log" 2>&1 || { cat "$scratch/restore.log"; exit 1; }

# measure NAME COMMAND...: one process under /usr/bin/time -v; appends "seconds peak-MB" to $scratch/NAME.
measure() {
  local name="$1"; shift
  /usr/bin/time -v -o "$scratch/time.txt" "$@" > "$scratch/out.txt" 2>&1 || { cat "$scratch/out.txt" "$scratch/time.txt"; exit 1; }
  grep -E "trained|auc" "$scratch/out.txt" | sed 's/^ */    /' | head -3
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f ", s }
              /Maximum resident set size/ { printf "%.0f\n", $2 / 1024 }' "$scratch/time.txt" >> "$scratch/$name"
}
# A clean build: no outputs, no build record, no intermediate files; only what restore wrote stays.
clean() { rm -rf "$project/bin"; find "$project/obj" -mindepth 1 -maxdepth 1 ! -name project.assets.json ! -name '*.nuget.*' -exec rm -rf {} +; }
median() { sort -n -k"$1" "$2" | awk -v k="$1" '{ a[NR] = $k } END { print a[int((NR + 1) / 2)] }'; }

if [[ "${READS:-0}" == 1 ]]; then
  clean
  strace -f -y -s 0 -qq -e trace=openat,read,pread64 -o "$scratch/strace.log" dotnet build "$project/Race.mlproj" --no-restore -m:1 -nodeReuse:false > "$scratch/out.txt" 2>&1 \
    || { cat "$scratch/out.txt"; exit 1; }
  echo "Data files read by one clean build (strace):"
  /usr/bin/python3 "$root/eng/benchmarks/data_reads.py" "$scratch/strace.log" "$data"
  echo
fi

table="$scratch/table.md"
echo "| round | contestant | seconds | peak RSS MB |" > "$table"
echo "| --- | --- | ---: | ---: |" >> "$table"
ratios="$scratch/ratios.md"
: > "$ratios"
for isa in ${ROUNDS:-avx512 avx2}; do
  isa_env=(); [[ "$isa" == avx2 ]] && isa_env=(DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0)
  echo "== round $isa ($(env "${isa_env[@]}" dotnet "$lightgbm" --isa)); $(uptime)"
  for _ in $(seq "$runs"); do
    echo "  MLOps.Build: clean dotnet build"; clean; measure "ours-$isa" env "${isa_env[@]}" dotnet build "$project/Race.mlproj" --no-restore -m:1 -nodeReuse:false
    echo "  pandas + xgboost";                  measure "xgb-$isa" /usr/bin/python3 "$root/eng/benchmarks/build_race_peer.py" "$data" 2
    echo "  ML.NET text loader + LightGBM";     measure "lgbm-$isa" env "${isa_env[@]}" dotnet "$lightgbm" --whole "$data/train.csv" "$data/test.csv" 2
  done
  for who in ours xgb lgbm; do
    case "$who" in ours) label="MLOps.Build, clean dotnet build";; xgb) label="pandas + xgboost hist";; lgbm) label="ML.NET LightGBM";; esac
    printf '| %s | %s | %s | %s |\n' "$isa" "$label" "$(median 1 "$scratch/$who-$isa")" "$(median 2 "$scratch/$who-$isa")" >> "$table"
  done
  awk -v isa="$isa" -v o="$(median 1 "$scratch/ours-$isa")" -v x="$(median 1 "$scratch/xgb-$isa")" -v l="$(median 1 "$scratch/lgbm-$isa")" -v r="$(median 2 "$scratch/ours-$isa")" \
    'BEGIN { printf "%s: ours/xgboost %.2f× (target ≤ 0.6), ours/LightGBM %.2f× (target ≤ 0.8), our peak %d MB (target ≤ 400)\n", isa, o / x, o / l, r }' >> "$ratios"
done
echo
echo "Whole processes, $runs run(s) each, median; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cat "$table"
echo
cat "$ratios"
