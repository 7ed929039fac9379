#!/usr/bin/env bash
# Interop suite: starts the interop server (tests/interop/server, on Grpc.AspNetCore) on free loopback ports and runs
# every case with every client: @grpc/grpc-js, @connectrpc/connect-node (gRPC over h2c, gRPC-Web over HTTP/1.1)
# and `buf curl` (through reflection). Prints "PASS client case" / "FAIL client case: reason" per case and ends
# with "N passed, M failed" alone on the last line; exits non-zero if anything failed.
# Options: --clients a,b  --cases x,y  (subsets, for debugging); --no-build (use the last Release build).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$here"

clients=""; cases=""; build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --cases) cases=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "run.sh: unknown option $1" >&2; echo "0 passed, 1 failed"; exit 2 ;;
  esac
done

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Setup failures end the run with one failure counted, in the same closing format.
die() {
  echo "FAIL interop setup: $*"
  echo "0 passed, 1 failed"
  exit 1
}

# npm packages: installed from package-lock.json into node_modules (git-ignored); reinstalled when the lock changes.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.interop-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "interop: npm ci (package-lock.json changed or node_modules missing)"
  timeout 300 npm ci --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; die "npm ci failed"; }
  echo "$lock_hash" >"$stamp"
fi
# buf: the same pinned install tools/buf-lint.sh uses (its npm package's optional dependencies name binaries for
# every platform, which this registry does not all serve, so it stays out of package-lock.json).
buf_version=1.75.0
buf="$root/.tools/buf/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$buf_version" ]; then
  echo "interop: installing @bufbuild/buf@$buf_version into .tools/buf"
  mkdir -p "$root/.tools/buf"
  timeout 300 npm install --prefix "$root/.tools/buf" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$buf_version" >"$work/buf.log" 2>&1 \
    || { cat "$work/buf.log"; die "installing buf failed"; }
fi

# Descriptor sets for the connect clients (and buf curl's gRPC-Web over HTTP/1.1, where reflection cannot run).
timeout 60 "$buf" build protos -o "$work/interop.binpb" || die "buf build of tests/interop/protos failed"
(cd "$root/protos" && timeout 60 "$buf" build -o "$work/repo.binpb") || die "buf build of protos/ failed"

server_dir="$here/server"
if [ "$build" = 1 ]; then
  timeout 600 dotnet build "$server_dir" -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; die "building the interop server failed"; }
fi
dll="$server_dir/bin/Release/net10.0/Maimai.Interop.Server.dll"
[ -f "$dll" ] || die "$dll is missing (build it, or drop --no-build)"

dotnet "$dll" >"$work/server.log" 2>&1 &
server_pid=$!
ports=""
for _ in $(seq 1 600); do
  ports=$(sed -n 's/^LISTENING h2c=\([0-9]*\) http1=\([0-9]*\)$/\1 \2/p' "$work/server.log")
  [ -n "$ports" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$ports" ] || { cat "$work/server.log"; die "the interop server did not report its ports within 60 s"; }
read -r h2c http1 <<<"$ports"
echo "interop: server pid $server_pid, h2c port $h2c, HTTP/1.1 port $http1"

args=(--h2c "$h2c" --http1 "$http1" --buf "$buf" --protos "$here/protos,$root/protos" --sets "$work/interop.binpb,$work/repo.binpb")
[ -n "$clients" ] && args+=(--clients "$clients")
[ -n "$cases" ] && args+=(--cases "$cases")
timeout 180 node clients/main.mjs "${args[@]}" >"$work/clients.log" 2>&1
node_rc=$?
# Everything but the runner's own closing line; this script prints the closing line itself.
grep -v -E '^[0-9]+ passed, [0-9]+ failed$' "$work/clients.log"

passed=$(grep -c '^PASS ' "$work/clients.log")
failed=$(grep -c '^FAIL ' "$work/clients.log")
if [ "$node_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "FAIL interop runner: exited with $node_rc (124 = timed out) without reporting a failed case"
  failed=$((failed + 1))
fi

# The server must have survived every case and logged no errors (a client going away is not an error).
if kill -0 "$server_pid" 2>/dev/null; then
  echo "PASS server alive_after_all_cases"; passed=$((passed + 1))
else
  echo "FAIL server alive_after_all_cases: the interop server exited"; failed=$((failed + 1))
fi
if grep -q -E '^(fail|crit): ' "$work/server.log"; then
  echo "FAIL server no_error_logs: $(grep -m 3 -E '^(fail|crit): ' "$work/server.log" | cut -c1-400)"
  failed=$((failed + 1))
else
  echo "PASS server no_error_logs"; passed=$((passed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
