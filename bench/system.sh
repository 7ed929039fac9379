#!/usr/bin/env bash
# The whole system under the realistic mix: two silo processes on one throwaway PostgreSQL 15 behind a round-robin
# front, the DX NET simulator, 10,000 players (1% fetching each minute, the rest reading over gRPC and gRPC-Web);
# the steady load, a 30-minute soak, then each chaos step (kill -9 a silo, restart PostgreSQL, SIGSTOP a silo past
# its leases, drop the simulator mid-fetch, SQLite out of disk on a tmpfs made for it) followed by
# `maimai check-consistency`. Writes bench/results/system.md and bench/results/system-soak.svg.
# Options pass through (defaults are the issue's figures), e.g. a short run:
#   bench/system.sh --users 200 --load-seconds 60 --soak-seconds 120 --chaos-seconds 60
# Every process it starts is on 127.0.0.1, bounded in time, and stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build src/Silo -c Release -nologo -v q -clp:ErrorsOnly
dotnet build bench -c Release -nologo -v q -clp:ErrorsOnly

# The run in its own process group: on any exit (an error, Ctrl-C) whatever it left running goes with it.
setsid dotnet bench/bin/Release/net10.0/Maimai.Benchmarks.dll system bench/results/system.md "$@" &
run=$!
cleanup() {
  kill -TERM -- "-$run" 2>/dev/null || true
  sleep 2
  kill -KILL -- "-$run" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
wait "$run"
