#!/usr/bin/env bash
# gRPC throughput with h2load: tiny unary calls (grpc.testing.TestService/EmptyCall) through Grpc.AspNetCore, hosted
# as the Silo hosts its API (tests/interop/server: the API interceptors, gRPC-Web), against raw Kestrel in the same
# process writing the same response bytes (tests/interop/server/RawEndpoint.cs), same flags, rounds alternating:
#   native gRPC over h2c at -c 10 -m 10 and -c 50 -m 20;
#   gRPC-Web over HTTP/1.1 (h2load --h1, one call in flight per connection as browsers do) at -c 10 and -c 50;
#   server streaming (StreamingOutputCall, 1000 messages per call), each message flushed and with WriteFlags.BufferHint.
# Medians and the Grpc.AspNetCore/raw ratio, with the server's CPU time per call (steadier than req/s on a busy
# machine). Where a ratio is below 0.9, a profile: perf samples of the same load through each side, on a second
# server started with the runtime's perf map, as CPU per call by component and the hottest frames
# (bench/transport/perf_profile.py; TRANSPORT_PROFILE=all profiles every row, TRANSPORT_PROFILE=none none).
# Writes its section of the results file (replacing an earlier copy) and prints it. Bounded: every h2load run has a
# timeout and the servers are stopped.
# Usage: bench/transport/run.sh [rounds] [requests] [results.md]
#   (defaults: 5 rounds, 200000 requests per run, bench/results/transport.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-5}
requests=${2:-200000}
results=${3:-$root/bench/results/transport.md}
heading="## Grpc.AspNetCore against raw Kestrel"

install() { # command package
  command -v "$1" >/dev/null && return
  echo "bench: installing $2 ($1)" >&2
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}
install h2load nghttp2-client
install perf linux-perf

work=$(mktemp -d)
server_pid=""
perf_pid=""
stop() { # pid
  if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop "$perf_pid"
  stop "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT

server="$root/tests/interop/server"
# TRANSPORT_SERVER_DLL: run an already-built server instead (e.g. a copy of the previous build, for before/after).
server_dll=${TRANSPORT_SERVER_DLL:-$server/bin/Release/net10.0/Maimai.Interop.Server.dll}
[ -n "${TRANSPORT_SERVER_DLL:-}" ] || dotnet build "$server" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null

# start_server LOG [VAR=value...]: the server in the background with server GC and logging at Warning (the shape a
# production host runs in); sets server_pid, base (h2c) and web (HTTP/1.1).
start_server() {
  local log=$1; shift
  env DOTNET_gcServer=1 "$@" dotnet "$server_dll" >"$log" 2>&1 &
  server_pid=$!
  local ports=""
  for _ in $(seq 1 600); do
    ports=$(sed -n 's/^LISTENING h2c=\([0-9]*\) http1=\([0-9]*\)$/\1 \2/p' "$log")
    [ -n "$ports" ] && break
    sleep 0.1
  done
  [ -n "$ports" ] || { cat "$log"; echo "bench: server did not start" >&2; exit 1; }
  local h2c http1
  read -r h2c http1 <<<"$ports"
  base="http://127.0.0.1:$h2c"
  web="http://127.0.0.1:$http1"
}
start_server "$work/server.log"
grpc_call=/grpc.testing.TestService/EmptyCall
raw_call=/raw.TestService/EmptyCall
raw_web_call=/raw.TestService/EmptyCallWeb
grpc_stream=/grpc.testing.TestService/StreamingOutputCall
raw_stream=/raw.TestService/StreamingOutputCall
buffer_hint='x-bench-buffer-hint: 1'

# Pre-encoded request frames: an empty message (grpc.testing.Empty), and a StreamingOutputCallRequest asking for
# 1000 responses of 16 bytes (field 2 ResponseParameters{size: 16} repeated: 12 02 08 10).
python3 - "$work" <<'PY'
import struct, sys
d = sys.argv[1]
open(f"{d}/empty.frame", "wb").write(b"\x00" + struct.pack(">I", 0))
body = b"\x12\x02\x08\x10" * 1000
open(f"{d}/stream.frame", "wb").write(b"\x00" + struct.pack(">I", len(body)) + body)
PY

h2() { # h2load with the content type $ctype (default gRPC); prints "req/s succeeded total"
  local out
  out=$(timeout 300 h2load "$@" -H "content-type: ${ctype:-application/grpc}" -H 'te: trailers' 2>&1) || { echo "$out" >&2; return 1; }
  local rps ok total
  rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")
  read -r total ok < <(sed -n 's/^requests: \([0-9]*\) total, [0-9]* started, [0-9]* done, \([0-9]*\) succeeded.*/\1 \2/p' <<<"$out")
  echo "$rps $ok $total"
}

# Both sides of each comparison must answer with the same body bytes, every call 2xx, before they are compared.
same_body() { # url_a url_b content_type frame [curl flags]
  local a=$1 b=$2 type=$3 frame=$4; shift 4
  curl -s "$@" -X POST -H "content-type: $type" -H 'te: trailers' --data-binary @"$frame" "$a" -o "$work/a.body"
  curl -s "$@" -X POST -H "content-type: $type" -H 'te: trailers' --data-binary @"$frame" "$b" -o "$work/b.body"
  [ -s "$work/a.body" ] || { echo "bench: $a answered no body" >&2; exit 1; }
  cmp -s "$work/a.body" "$work/b.body" || { echo "bench: $a and $b answer different bytes" >&2; od -c "$work/a.body" | head >&2; od -c "$work/b.body" | head >&2; exit 1; }
}
same_body "$base$grpc_call" "$base$raw_call" application/grpc "$work/empty.frame" --http2-prior-knowledge
same_body "$web$grpc_call" "$web$raw_web_call" application/grpc-web "$work/empty.frame" --http1.1
same_body "$base$grpc_stream" "$base$raw_stream" application/grpc "$work/stream.frame" --http2-prior-knowledge
same_body "$base$grpc_stream" "$base$raw_stream" application/grpc "$work/stream.frame" --http2-prior-knowledge -H "$buffer_hint"
for url in "$base$grpc_call" "$base$raw_call"; do
  read -r _ ok total < <(h2 -n 100 -c 1 -m 1 -d "$work/empty.frame" "$url")
  [ "$ok" = "$total" ] || { echo "bench: $url answered $ok of $total with 2xx" >&2; exit 1; }
done
for url in "$web$grpc_call" "$web$raw_web_call"; do
  read -r _ ok total < <(ctype=application/grpc-web h2 --h1 -n 100 -c 1 -m 1 -d "$work/empty.frame" "$url")
  [ "$ok" = "$total" ] || { echo "bench: $url answered $ok of $total with 2xx" >&2; exit 1; }
done

# The server's CPU time (user + system) in microseconds: per call it is far less sensitive than req/s to other
# processes competing for the two cores, so it is reported next to the throughput.
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000000 / hz}' "/proc/$server_pid/stat"; }

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# compare LABEL PORT GRPC_PATH RAW_PATH CONTENT_TYPE FRAME CALLS FLAGS...: alternating rounds of both on the h2c or
# http1 port; one markdown row of medians. A row whose ratio is below 0.9 is kept for the profile.
compare() {
  local label=$1 port=$2 grpc_path=$3 raw_path=$4 type=$5 frame=$6 calls=$7; shift 7
  local host=$base; [ "$port" = http1 ] && host=$web
  : >"$work/t"; : >"$work/r"; : >"$work/tc"; : >"$work/rc"
  for i in $(seq 1 "$rounds"); do
    # Alternate which goes first, so drift in background load hits both alike.
    if [ $((i % 2)) = 1 ]; then order="t r"; else order="r t"; fi
    for which in $order; do
      url=$host$grpc_path; [ "$which" = r ] && url=$host$raw_path
      before=$(cpu_us)
      read -r rps ok total < <(ctype=$type h2 -n "$calls" "$@" -d "$frame" "$url")
      per_call=$(awk -v a="$before" -v b="$(cpu_us)" -v n="$calls" 'BEGIN {printf "%.1f", (b - a) / n}')
      [ "$ok" = "$total" ] || echo "bench: warning: $url $ok of $total succeeded" >&2
      echo "$rps" >>"$work/$which"
      echo "$per_call" >>"$work/${which}c"
      echo "  round $i $which ($label): $rps req/s, $per_call us server CPU per call" >&2
    done
  done
  t=$(median <"$work/t"); r=$(median <"$work/r"); tc=$(median <"$work/tc"); rc=$(median <"$work/rc")
  ratio=$(awk -v t="$t" -v r="$r" 'BEGIN {printf "%.2f", t / r}')
  printf '%s|%s\n' "$label" "$ratio" >>"$work/ratios"
  out "| $label | $t | $r | $ratio | $tc | $rc | $(awk -v t="$tc" -v r="$rc" 'BEGIN {printf "%.2f", r / t}') | $rounds |"
  if [ "${TRANSPORT_PROFILE:-}" != none ] && { [ "${TRANSPORT_PROFILE:-}" = all ] || awk -v x="$ratio" 'BEGIN {exit !(x < 0.9)}'; }; then
    # The flags last, separated by US (0x1f): a header's value has spaces.
    printf '%s|%s|%s|%s|%s|%s|%s|%s\n' "$label" "$port" "$grpc_path" "$raw_path" "$type" "$frame" "$calls" "$(IFS=$'\x1f'; echo "$*")" >>"$work/profile.rows"
  fi
}

table=""
out() { printf '%s\n' "$*" | tee -a "$table"; }
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: warm-up" >&2
warm=$((requests < 20000 ? requests : 20000))
stream_calls=$((requests < 2000 ? requests : 2000))
h2 -n "$warm" -c 10 -m 10 -d "$work/empty.frame" "$base$grpc_call" >/dev/null
h2 -n "$warm" -c 10 -m 10 -d "$work/empty.frame" "$base$raw_call" >/dev/null
ctype=application/grpc-web h2 --h1 -n "$warm" -c 10 -m 1 -d "$work/empty.frame" "$web$grpc_call" >/dev/null
ctype=application/grpc-web h2 --h1 -n "$warm" -c 10 -m 1 -d "$work/empty.frame" "$web$raw_web_call" >/dev/null
h2 -n "$stream_calls" -c 10 -m 1 -d "$work/stream.frame" "$base$grpc_stream" >/dev/null
h2 -n "$stream_calls" -c 10 -m 1 -d "$work/stream.frame" "$base$raw_stream" >/dev/null

table="$work/unary.md"
out "| load | Grpc.AspNetCore req/s | raw Kestrel req/s | ratio | Grpc.AspNetCore server CPU us/call | raw server CPU us/call | CPU ratio (raw/Grpc.AspNetCore) | rounds |"
out "|---|---|---|---|---|---|---|---|"
compare "gRPC h2c -c 10 -m 10" h2c "$grpc_call" "$raw_call" application/grpc "$work/empty.frame" "$requests" -c 10 -m 10
compare "gRPC h2c -c 50 -m 20" h2c "$grpc_call" "$raw_call" application/grpc "$work/empty.frame" "$requests" -c 50 -m 20
compare "gRPC-Web HTTP/1.1 -c 10" http1 "$grpc_call" "$raw_web_call" application/grpc-web "$work/empty.frame" "$requests" --h1 -c 10 -m 1
compare "gRPC-Web HTTP/1.1 -c 50" http1 "$grpc_call" "$raw_web_call" application/grpc-web "$work/empty.frame" "$requests" --h1 -c 50 -m 1

table="$work/stream.md"
out "| server streaming, 1000 x 16-byte messages per call, -c 10 -m 1 | Grpc.AspNetCore calls/s | raw Kestrel calls/s | ratio | Grpc.AspNetCore server CPU us/call | raw server CPU us/call | CPU ratio (raw/Grpc.AspNetCore) | rounds |"
out "|---|---|---|---|---|---|---|---|"
compare "each message flushed (WriteAsync's default)" h2c "$grpc_stream" "$raw_stream" application/grpc "$work/stream.frame" "$stream_calls" -c 10 -m 1
compare "WriteFlags.BufferHint (raw: one flush at the end)" h2c "$grpc_stream" "$raw_stream" application/grpc "$work/stream.frame" "$stream_calls" -c 10 -m 1 -H "$buffer_hint"

if grep -q -E '^(fail|crit): ' "$work/server.log"; then
  echo "bench: the server logged errors:" >&2
  grep -E '^(fail|crit): ' "$work/server.log" | head -5 >&2
  exit 1
fi
stop "$server_pid"
server_pid=""

# The profile: a second server with the runtime's perf map (/tmp/perf-PID.map), every method JIT-compiled (no
# ReadyToRun code, which the map does not name) and write-xor-execute off (so perf sees the JIT's code as the
# map's); apart from the measured rounds, since these settings change the process.
hz=999
if [ -s "$work/profile.rows" ]; then
  start_server "$work/profile.log" DOTNET_PerfMapEnabled=3 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0
  while IFS='|' read -r -u 3 label port grpc_path raw_path type frame calls flags; do
    host=$base; [ "$port" = http1 ] && host=$web
    IFS=$'\x1f' read -r -a args <<<"$flags"
    echo "bench: profiling $label" >&2
    # Warm-up, unmeasured: with ReadyToRun off every method starts in the JIT, so give tiering twice the calls
    # and at least 15 s per side to reach the optimised code.
    for path in "$grpc_path" "$raw_path"; do
      warm_until=$((SECONDS + 15)); warm_runs=0
      while [ "$warm_runs" -lt 2 ] || [ "$SECONDS" -lt "$warm_until" ]; do
        ctype=$type h2 -n "$calls" "${args[@]}" -d "$frame" "$host$path" >/dev/null
        warm_runs=$((warm_runs + 1))
      done
    done
    failed=""
    for which in grpc raw; do
      path=$grpc_path; [ "$which" = raw ] && path=$raw_path
      perf record -F "$hz" -e cpu-clock -p "$server_pid" -o "$work/$which.data" >"$work/perf.log" 2>&1 &
      perf_pid=$!
      sleep 1
      kill -0 "$perf_pid" 2>/dev/null || { failed=$(head -1 "$work/perf.log"); break; }
      ctype=$type h2 -n "$calls" "${args[@]}" -d "$frame" "$host$path" >/dev/null
      kill -INT "$perf_pid"; wait "$perf_pid" || true; perf_pid=""
    done
    {
      echo
      echo "#### Profile: $label"
      echo
      if [ -n "$failed" ]; then
        echo "Not profiled: perf record failed ($failed)."
      else
        echo "perf record -e cpu-clock -F $hz on the server process, $calls calls through each side (same flags), after at least $((calls * 2)) calls and 15 s unmeasured on each."
        echo
        python3 "$here/perf_profile.py" "$hz" "$work/grpc.data" "$calls" "$work/raw.data" "$calls" 15 || echo "Not profiled: perf report failed."
      fi
    } >>"$work/profile.md"
  done 3<"$work/profile.rows"
  stop "$server_pid"
  rm -f "/tmp/perf-$server_pid.map"
  server_pid=""
fi
section="$work/section.md"

# The section: what ran where, the tables, the profiles.
{
  commit=$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- tests/interop/server src/Grpc bench/transport || echo "+changes")
  grpc_version=$(sed -n 's/.*Include="Grpc.AspNetCore" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")
  runtime=$(dotnet --list-runtimes | awk '/^Microsoft.NETCore.App/ {v=$2} END {print v}')
  os=$(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release)
  echo "$heading"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo) GiB, $os, .NET $runtime; load average (1/5/15 min) $load_at_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end (shared with other builds unless these are near 0)."
  echo "Run: \`bench/transport/run.sh $rounds $requests\` at $commit, $(date -u '+%Y-%m-%d %H:%M UTC'); Grpc.AspNetCore $grpc_version."
  echo
  echo "- **Server.** tests/interop/server, one process, server GC, logging at Warning: grpc.testing.TestService on Grpc.AspNetCore behind the API's interceptors (AddApiGrpc: error mapping, call logging), gRPC-Web, health checks and reflection, as the Silo hosts maimai.v1; the baselines are endpoints of the same Kestrel (RawEndpoint.cs) that read the request and write the same response bytes with nothing in between."
  echo "- **Load.** h2load, $requests calls per run (streaming: $stream_calls calls of 1000 messages), \`-d\` a pre-encoded request, \`content-type: application/grpc\` (gRPC-Web: \`application/grpc-web\`, \`--h1\`: one call in flight per connection, as browsers do). Both sides answer the same body bytes (checked with curl) and every call 2xx (checked per run). $rounds rounds, the two sides alternating and the first of each round alternating; each figure is the median over rounds. Server CPU per call: user + system time of the server process from /proc over the run, divided by the calls; it is steadier than req/s when other processes share the 2 cores."
  echo "- **Streaming.** StreamingOutputCall asking for 1000 responses of 16 bytes. By default IServerStreamWriter.WriteAsync flushes every message (one HTTP/2 DATA frame each); with the bench's \`$buffer_hint\` header the service writes with WriteFlags.BufferHint, so the messages go out when the call ends; the raw baseline builds and serialises the same messages and flushes each, or once at the end under that header."
  echo
  cat "$work/unary.md"
  echo
  target=$(sed -n 's/^gRPC h2c -c 10 -m 10|//p' "$work/ratios")
  echo "Target (the issue): ratio ≥ 0.9 at gRPC h2c -c 10 -m 10: **$(awk -v r="$target" 'BEGIN {print (r >= 0.9) ? "met" : "not met"}')** ($target). At -c 50 -m 20: $(sed -n 's/^gRPC h2c -c 50 -m 20|//p' "$work/ratios")."
  echo
  cat "$work/stream.md"
  if [ -s "$work/profile.md" ]; then
    echo
    echo "### Where the server's CPU per call goes ($([ "${TRANSPORT_PROFILE:-}" = all ] && echo "every row: TRANSPORT_PROFILE=all" || echo "rows whose ratio is below 0.9"))"
    echo
    echo "A second server process, started with the runtime's perf map (DOTNET_PerfMapEnabled=3), ReadyToRun off (so every managed frame is named) and W^X off; its CPU per call is counted from perf's samples (one per 1/$hz s of CPU), not from /proc, so it need not match the rounds above: compare its two columns with each other. Native code of the runtime has no symbols here: its time is named by library only (libcoreclr holds the GC and allocation)."
    cat "$work/profile.md"
  fi
} >"$section"

python3 - "$results" "$heading" "$section" <<'PY'
import os, re, sys
path, heading, section = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip("\n") + "\n"
text = open(path).read() if os.path.exists(path) else "# Transport benchmark: Grpc.AspNetCore against raw Kestrel\n"
own = re.compile(r"^" + re.escape(heading) + r"\n(?:(?!## ).*\n?)*", re.M)
if own.search(text):
    text = own.sub(lambda _: section + "\n", text, count=1)
else:
    # First after the title and its introduction, before any earlier section.
    first = re.search(r"^## ", text, re.M)
    at = first.start() if first else len(text)
    text = text[:at].rstrip("\n") + "\n\n" + section + "\n" + text[at:]
os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
open(path, "w").write(text.rstrip("\n") + "\n")
PY
echo
cat "$section"
echo "bench: written to $results" >&2
