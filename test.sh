#!/usr/bin/env bash
# Runs every test: the .NET suites (real PostgreSQL, real Kestrel) and the interop suites (npm clients).
# Installs missing Debian and npm prerequisites first. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)

need_apt=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql-15)
command -v node >/dev/null || need_apt+=(nodejs npm)
command -v h2load >/dev/null || need_apt+=(nghttp2-client)
command -v chromium >/dev/null || need_apt+=(chromium)
# Japanese glyphs in the browser tests' screenshots (player names, titles).
fc-list :lang=ja 2>/dev/null | grep -q . || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# The API contract first: buf lint (STANDARD rules) and buf build over protos/; set -e stops the run on failure.
tools/buf-lint.sh

dotnet build Maimai.Grpc.sln -c Release -nologo -v q -clp:ErrorsOnly
set +e
dotnet test Maimai.Grpc.sln -c Release --no-build -nologo -v q \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=900000
dotnet_rc=$?
set -e

# One summary over every .NET test assembly, from the TRX files.
read -r d_passed d_failed d_skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(path).getroot().find(".//{*}Counters")
    if c is None:
        continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0) or 0)
    s += int(c.get("total", 0)) - int(c.get("executed", 0))  # xunit skips count as not executed
print(p, f, s)
PY
)
echo "dotnet: ${d_passed} passed, ${d_failed} failed, ${d_skipped} skipped"

i_passed=0; i_failed=0; interop_rc=0
for suite in tests/interop/run.sh tests/e2e/run.sh; do
  [ -x "$suite" ] || continue
  log="$results/$(basename "$(dirname "$suite")").log"
  set +e
  "$suite" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" -eq 0 ] || interop_rc=$rc
  out=$(tail -n 1 "$log")
  if [[ "$out" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
    i_passed=$((i_passed + BASH_REMATCH[1])); i_failed=$((i_failed + BASH_REMATCH[2]))
  else
    i_failed=$((i_failed + 1))
  fi
done

total_passed=$((d_passed + i_passed)); total_failed=$((d_failed + i_failed))
# CI shows only this script's output and may cut its middle: name each failed .NET test near the end, with its message and the top of its stack trace.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
shown = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.trx")):
    for r in ET.parse(path).getroot().findall(".//{*}UnitTestResult"):
        if r.get("outcome") not in ("Failed", "Error", "Timeout"):
            continue
        shown += 1
        if shown > 20:
            continue
        message = r.findtext(".//{*}ErrorInfo/{*}Message") or "(no message)"
        stack = (r.findtext(".//{*}ErrorInfo/{*}StackTrace") or "").splitlines()
        print(f"FAILED {r.get('testName')} ({r.get('duration')})")
        for line in message.strip().splitlines()[:30] + [l.rstrip() for l in stack[:15]]:
            print("    " + line)
if shown > 20:
    print(f"... and {shown - 20} more failed tests (the TRX files have them)")
PY
echo "total: ${total_passed} passed, ${total_failed} failed, ${d_skipped} skipped"
if [ "$dotnet_rc" -ne 0 ] || [ "$interop_rc" -ne 0 ] || [ "$total_failed" -ne 0 ] || [ "$total_passed" -eq 0 ]; then
  exit 1
fi
