#!/usr/bin/env bash
# 500 simulated players fetching at once through the real Silo (PostgreSQL 15 throwaway cluster, DX NET simulator
# process, real gRPC); writes the "## 500 users fetching at once" section of bench/results/api.md.
# Extra options pass through: --users N --songs N --baseline N --idle-age SECONDS (Orleans' CollectionAge, real time).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench -- fetch-load bench/results/api.md "$@"
