#!/usr/bin/env pwsh
# Builds the repository with its Cake script: ./build.ps1 --target=Test (same targets as build.sh)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
dotnet tool restore | Out-Null
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
dotnet cake build/build.cake @args
exit $LASTEXITCODE
