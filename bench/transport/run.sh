#!/usr/bin/env bash
# gRPC throughput with h2load: tiny unary calls (grpc.testing.TestService/EmptyCall) through Grpc.AspNetCore, hosted
# as the Silo hosts its API (tests/interop/server: the API interceptors, gRPC-Web), against raw Kestrel in the same
# process writing the same response bytes (tests/interop/server/RawEndpoint.cs), same flags, rounds alternating:
#   native gRPC over h2c at -c 10 -m 10 and -c 50 -m 20;
#   gRPC-Web over HTTP/1.1 (h2load --h1, one call in flight per connection as browsers do) at -c 10 and -c 50;
# then server-streaming messages per second. Prints medians and the Grpc.AspNetCore/raw ratio as markdown tables,
# with the server's CPU time per call (steadier than req/s on a busy machine). Bounded: every h2load run has a
# timeout and the server is stopped.
# Usage: bench/transport/run.sh [rounds] [requests]   (defaults: 5 rounds, 200000 requests per run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-5}
requests=${2:-200000}

if ! command -v h2load >/dev/null; then
  echo "bench: installing nghttp2-client (h2load)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nghttp2-client >/dev/null
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

server="$root/tests/interop/server"
# TRANSPORT_SERVER_DLL: run an already-built server instead (e.g. a copy of the previous build, for before/after).
server_dll=${TRANSPORT_SERVER_DLL:-$server/bin/Release/net10.0/Maimai.Interop.Server.dll}
[ -n "${TRANSPORT_SERVER_DLL:-}" ] || dotnet build "$server" -c Release -nologo -v q -clp:ErrorsOnly >/dev/null
# Server GC and no logging below Warning: the shape a production host runs in.
DOTNET_gcServer=1 dotnet "$server_dll" >"$work/server.log" 2>&1 &
server_pid=$!
ports=""
for _ in $(seq 1 600); do
  ports=$(sed -n 's/^LISTENING h2c=\([0-9]*\) http1=\([0-9]*\)$/\1 \2/p' "$work/server.log")
  [ -n "$ports" ] && break
  sleep 0.1
done
[ -n "$ports" ] || { cat "$work/server.log"; echo "bench: server did not start" >&2; exit 1; }
read -r h2c http1 <<<"$ports"
base="http://127.0.0.1:$h2c"
web="http://127.0.0.1:$http1"
grpc_call=/grpc.testing.TestService/EmptyCall
raw_call=/raw.TestService/EmptyCall
raw_web_call=/raw.TestService/EmptyCallWeb

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
same_body() { # url_a url_b content_type [curl flags]
  local a=$1 b=$2 type=$3; shift 3
  curl -s "$@" -X POST -H "content-type: $type" -H 'te: trailers' --data-binary @"$work/empty.frame" "$a" -o "$work/a.body"
  curl -s "$@" -X POST -H "content-type: $type" -H 'te: trailers' --data-binary @"$work/empty.frame" "$b" -o "$work/b.body"
  cmp -s "$work/a.body" "$work/b.body" || { echo "bench: $a and $b answer different bytes" >&2; od -c "$work/a.body" "$work/b.body" >&2; exit 1; }
}
same_body "$base$grpc_call" "$base$raw_call" application/grpc --http2-prior-knowledge
same_body "$web$grpc_call" "$web$raw_web_call" application/grpc-web --http1.1
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

# compare LABEL GRPC_URL RAW_URL CONTENT_TYPE FLAGS...: alternating rounds of both; one markdown row of medians.
compare() {
  local label=$1 grpc_url=$2 raw_url=$3 type=$4; shift 4
  : >"$work/t"; : >"$work/r"; : >"$work/tc"; : >"$work/rc"
  for i in $(seq 1 "$rounds"); do
    # Alternate which goes first, so drift in background load hits both alike.
    if [ $((i % 2)) = 1 ]; then order="t r"; else order="r t"; fi
    for which in $order; do
      url=$grpc_url; [ "$which" = r ] && url=$raw_url
      before=$(cpu_us)
      read -r rps ok total < <(ctype=$type h2 -n "$requests" "$@" -d "$work/empty.frame" "$url")
      per_call=$(awk -v a="$before" -v b="$(cpu_us)" -v n="$requests" 'BEGIN {printf "%.1f", (b - a) / n}')
      [ "$ok" = "$total" ] || echo "bench: warning: $url $ok of $total succeeded" >&2
      echo "$rps" >>"$work/$which"
      echo "$per_call" >>"$work/${which}c"
      echo "  round $i $which ($label): $rps req/s, $per_call us server CPU per call" >&2
    done
  done
  t=$(median <"$work/t"); r=$(median <"$work/r"); tc=$(median <"$work/tc"); rc=$(median <"$work/rc")
  echo "| $label | $t | $r | $(awk -v t="$t" -v r="$r" 'BEGIN {printf "%.2f", t / r}') | $tc | $rc | $(awk -v t="$tc" -v r="$rc" 'BEGIN {printf "%.2f", r / t}') | $rounds |"
}

echo "bench: warm-up"
warm=$((requests < 20000 ? requests : 20000))
h2 -n "$warm" -c 10 -m 10 -d "$work/empty.frame" "$base$grpc_call" >/dev/null
h2 -n "$warm" -c 10 -m 10 -d "$work/empty.frame" "$base$raw_call" >/dev/null
ctype=application/grpc-web h2 --h1 -n "$warm" -c 10 -m 1 -d "$work/empty.frame" "$web$grpc_call" >/dev/null
ctype=application/grpc-web h2 --h1 -n "$warm" -c 10 -m 1 -d "$work/empty.frame" "$web$raw_web_call" >/dev/null

echo "| load | Grpc.AspNetCore req/s | raw Kestrel req/s | ratio | Grpc.AspNetCore server CPU us/call | raw server CPU us/call | CPU ratio (raw/Grpc.AspNetCore) | rounds |"
echo "|---|---|---|---|---|---|---|---|"
compare "gRPC h2c -c 10 -m 10" "$base$grpc_call" "$base$raw_call" application/grpc -c 10 -m 10
compare "gRPC h2c -c 50 -m 20" "$base$grpc_call" "$base$raw_call" application/grpc -c 50 -m 20
compare "gRPC-Web HTTP/1.1 -c 10" "$web$grpc_call" "$web$raw_web_call" application/grpc-web --h1 -c 10 -m 1
compare "gRPC-Web HTTP/1.1 -c 50" "$web$grpc_call" "$web$raw_web_call" application/grpc-web --h1 -c 50 -m 1

echo
echo "| server streaming (1000 x 16-byte messages per call, -c 10 -m 1) | calls/s (median) | messages/s (median) |"
echo "|---|---|---|"
: >"$work/s"
stream_calls=$((requests < 2000 ? requests : 2000))
for i in $(seq 1 "$rounds"); do
  read -r rps ok total < <(h2 -n "$stream_calls" -c 10 -m 1 -d "$work/stream.frame" "$base/grpc.testing.TestService/StreamingOutputCall")
  [ "$ok" = "$total" ] || echo "bench: warning: streaming $ok of $total succeeded" >&2
  echo "$rps" >>"$work/s"
  echo "  round $i streaming: $rps calls/s" >&2
done
s=$(median <"$work/s")
echo "| StreamingOutputCall | $s | $(awk -v s="$s" 'BEGIN {printf "%.0f", s * 1000}') |"

if grep -q -E '^(fail|crit): ' "$work/server.log"; then
  echo "bench: the server logged errors:" >&2
  grep -E '^(fail|crit): ' "$work/server.log" | head -5 >&2
  exit 1
fi
