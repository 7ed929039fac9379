#!/usr/bin/env bash
# End-to-end suite: PostgreSQL (throwaway cluster), the simulated DX NET, the built Silo as a process, users and
# tokens from its CLI, then tests/e2e/flow.mjs with grpc-js (h2c) and connect-node (gRPC-Web, HTTP/1.1). The
# orchestration is the xunit test tests/Silo.Tests/EndToEnd (skipped unless this script sets MAIMAI_E2E_*).
# Ends with "N passed, M failed" alone on the last line; exits non-zero if anything failed.
# Options: --no-build (use the last Release build of tests/Silo.Tests).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=1
[ "${1:-}" = "--no-build" ] && build=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
die() { echo "FAIL e2e setup: $*"; echo "0 passed, 1 failed"; exit 1; }

# The npm clients: the interop suite's lock and node_modules (one install for both suites).
interop="$root/tests/interop"
lock_hash=$(sha256sum "$interop/package-lock.json" | cut -d' ' -f1)
stamp="$interop/node_modules/.interop-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "e2e: npm ci in tests/interop"
  (cd "$interop" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) >"$work/npm.log" 2>&1 || { cat "$work/npm.log"; die "npm ci failed"; }
  echo "$lock_hash" >"$stamp"
fi
ln -sfn ../interop/node_modules "$here/node_modules"

buf_version=1.75.0
buf="$root/.tools/buf/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$buf_version" ]; then
  mkdir -p "$root/.tools/buf"
  timeout 300 npm install --prefix "$root/.tools/buf" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$buf_version" >"$work/buf.log" 2>&1 \
    || { cat "$work/buf.log"; die "installing buf failed"; }
fi
if [ "$build" = 1 ]; then
  timeout 900 dotnet build "$root/tests/Silo.Tests" -c Release -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 \
    || { cat "$work/build.log"; die "building tests/Silo.Tests failed"; }
fi

# The clients' schema: protos/ plus google/rpc (RetryInfo in error details), which the server takes from the
# Google.Api.CommonProtos package restored for src/Grpc; the same files, from the same package.
common=$(python3 - "$root/src/Grpc/obj/project.assets.json" <<'PY'
import json, os, sys
assets = json.load(open(sys.argv[1]))
for name, library in assets["libraries"].items():
    if name.lower().startswith("google.api.commonprotos/"):
        for folder in assets["packageFolders"]:
            path = os.path.join(folder, library["path"], "content", "protos")
            if os.path.isdir(path):
                print(path)
                sys.exit(0)
PY
) || die "Google.Api.CommonProtos is not restored for src/Grpc (build it, or drop --no-build)"
mkdir -p "$work/schema/google/rpc"
cp -r "$root/protos/." "$work/schema/"
cp "$common"/google/rpc/{code,error_details,status}.proto "$work/schema/google/rpc/"
(cd "$work/schema" && timeout 60 "$buf" build -o "$work/protos.binpb") || die "buf build of the clients' schema failed"

export MAIMAI_E2E_ROOT="$root" MAIMAI_E2E_DESCRIPTOR_SET="$work/protos.binpb"
timeout 600 dotnet test "$root/tests/Silo.Tests" -c Release --no-build -nologo -v q \
  --filter "FullyQualifiedName~Maimai.Silo.Tests.EndToEnd" --logger "trx;LogFileName=e2e.trx" --results-directory "$work/results" \
  >"$work/test.log" 2>&1
rc=$?
read -r passed failed < <(python3 - "$work/results/e2e.trx" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    c = ET.parse(sys.argv[1]).getroot().find(".//{*}Counters")
    print(int(c.get("passed", 0)), int(c.get("failed", 0)) + int(c.get("error", 0)))
except Exception:
    print(0, 0)
PY
)
# Each test's outcome, and a failure's message (the assertion diff or the client's output), from the TRX file.
python3 - "$work/results/e2e.trx" <<'PY'
import sys, xml.etree.ElementTree as ET
for r in ET.parse(sys.argv[1]).getroot().findall(".//{*}UnitTestResult"):
    name = r.get("testName").rsplit(".", 1)[-1]
    if r.get("outcome") == "Passed":
        print("PASS e2e " + name)
    else:
        m = r.find(".//{*}ErrorInfo/{*}Message")
        print("FAIL e2e " + name + ": " + ("" if m is None else m.text or "")[:6000])
PY
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  tail -30 "$work/test.log"; failed=1
fi
[ "$passed" -eq 0 ] && [ "$failed" -eq 0 ] && { echo "FAIL e2e: no test ran"; failed=1; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
