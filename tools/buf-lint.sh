#!/usr/bin/env bash
# Lints and builds the gRPC contract in protos/ with buf (STANDARD rules, see protos/buf.yaml).
# buf comes from npm (@bufbuild/buf, whose binary ships in @bufbuild/buf-linux-x64), installed once into
# the git-ignored .tools/buf. Exits non-zero if lint or build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

buf_version=1.75.0
prefix="$root/.tools/buf"
buf="$prefix/node_modules/.bin/buf"

if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$buf_version" ]; then
  echo "buf-lint: installing @bufbuild/buf@$buf_version into .tools/buf"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$buf_version" >/dev/null
fi

cd protos
"$buf" lint
"$buf" build -o /dev/null
echo "buf-lint: protos/ lint and build passed (buf $buf_version)"
