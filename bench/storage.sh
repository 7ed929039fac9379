#!/usr/bin/env bash
# Storage benchmark on a throwaway PostgreSQL cluster; writes bench/results/storage.md.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench -- storage bench/results/storage.md
