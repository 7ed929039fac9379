#!/usr/bin/env bash
# Builds the site (web/) into the bundle the Silo embeds and serves (src/Silo/Site/Bundle), or into the folder
# given as $1. Same web/ and protos/, same bytes: no timestamps, no source maps, fixed file names, and
# index.html names app.js and app.css with their content hashes so a browser never keeps a stale copy.
set -euo pipefail
web="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$web")"
out="$(mkdir -p "${1:-$root/src/Silo/Site/Bundle}" && cd "${1:-$root/src/Silo/Site/Bundle}" && pwd)"
cd "$web"

# npm ci only when package-lock.json changed since the last install (the stamp holds its hash).
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.lock-hash
fi

# buf is the one tools/buf-lint.sh installs (and pins) in .tools/buf.
buf="$root/.tools/buf/node_modules/.bin/buf"
if [ ! -x "$buf" ]; then
  "$root/tools/buf-lint.sh" >/dev/null
fi
"$buf" generate

node_modules/.bin/tsc --noEmit -p .

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node_modules/.bin/esbuild src/main.tsx --bundle --minify --format=esm --target=es2022 --charset=utf8 \
  --legal-comments=none --log-level=warning --outfile="$tmp/app.js"
node_modules/.bin/esbuild src/app.css --bundle --minify --log-level=warning --outfile="$tmp/app.css"

js_hash="$(sha256sum "$tmp/app.js" | cut -c1-12)"
css_hash="$(sha256sum "$tmp/app.css" | cut -c1-12)"
sed -e "s|/app/app.js\"|/app/app.js?v=$js_hash\"|" -e "s|/app/app.css\"|/app/app.css?v=$css_hash\"|" index.html > "$tmp/index.html"
cp "$tmp/app.js" "$tmp/app.css" "$tmp/index.html" "$out/"
echo "build.sh: wrote $out (app.js $(stat -c%s "$out/app.js") bytes, app.css $(stat -c%s "$out/app.css") bytes)"
