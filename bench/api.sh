#!/usr/bin/env bash
# API read benchmark: GetSnapshot + a full ListScores of a 5,500-score snapshot through the real Silo over h2c, at 10
# and 50 clients, against the bare SQL floor in the same run; writes its section of bench/results/api.md.
# Usage: bench/api.sh [results.md] [--rounds N] [--seconds S]   (defaults: bench/results/api.md, 3 rounds, 4 s windows)
set -euo pipefail
cd "$(dirname "$0")/.."
# Server GC, as the Silo (a Web SDK project) runs by default.
export DOTNET_gcServer=1
exec dotnet run -c Release --project bench -- api-reads "${@:-bench/results/api.md}"
