#!/usr/bin/env bash
# API read benchmark: GetSnapshot + a full ListScores of a 5,500-score snapshot through the real Silo over h2c, at 10
# and 50 clients, against the bare SQL floor in the same run; writes its section of bench/results/api.md.
# Usage: bench/api.sh [results.md] [--rounds N] [--seconds S]   (defaults: bench/results/api.md, 3 rounds, 4 s windows)
#        bench/api.sh history [results.md] [--iterations N]   the diff and history queries against one full score set
#        (its own "History and diff queries" section; defaults: bench/results/api.md, 31 iterations)
set -euo pipefail
cd "$(dirname "$0")/.."
# Server GC, as the Silo (a Web SDK project) runs by default.
export DOTNET_gcServer=1
if [ "${1:-}" = history ]; then
  shift
  exec dotnet run -c Release --project bench -- history-queries "${@:-bench/results/api.md}"
fi
exec dotnet run -c Release --project bench -- api-reads "${@:-bench/results/api.md}"
