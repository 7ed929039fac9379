#!/usr/bin/env bash
# Rewrites docs/screenshots/*.png (the README's pictures) from the browser tests' DocsScreenshots, and the admin-*.png
# pictures from AdminSiteTests: the real Silo on a
# throwaway PostgreSQL, the DX NET simulator and Debian's Chromium. Then squeezes them with pngquant when it is
# installed (apt-get install pngquant), which takes a typical picture from about 150 KB to about 50 KB.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/screenshots"
mkdir -p "$out"
MAIMAI_DOCS_SCREENSHOTS="$out" timeout 900 dotnet test tests/Browser.Tests --filter "FullyQualifiedName~DocsScreenshots|FullyQualifiedName~AdminSiteTests" -nologo
if command -v pngquant >/dev/null; then
  # Fixed speed and no dithering: the same picture gives the same file.
  pngquant --force --skip-if-larger --speed 1 --quality 70-95 --nofs --strip --ext .png "$out"/*.png || true
fi
ls -l "$out"
