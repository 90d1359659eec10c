#!/usr/bin/env bash
# Builds the repository with its Cake script: ./build.sh [--target=Clean|Build|Pack|Sample|Test] [--configuration=Release]
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
exec dotnet cake build/build.cake "$@"
