#!/usr/bin/env bash
# Web benchmark: the player's site's first-view bytes as served, and the time from navigation to the scores table
# drawn with all 5,500 scores of a snapshot loaded (Playwright, Debian's Chromium) against the bare gRPC-Web
# ListScores calls for the same snapshot in the same run; writes bench/results/web.md. Under 5 minutes.
# Usage: bench/web.sh [results.md] [--rounds N]   (defaults: bench/results/web.md, 9 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
# Server GC, as the Silo (a Web SDK project) runs by default.
export DOTNET_gcServer=1
exec dotnet run -c Release --project bench -- web "${@:-bench/results/web.md}"
