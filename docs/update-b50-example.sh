#!/usr/bin/env bash
# Rewrites docs/b50-example.png, the B50 image the site's "Share B50 image" button downloads, from the browser test
# B50ImageButtonTests: the real Silo on a throwaway PostgreSQL, the DX NET simulator's demo player and Debian's
# Chromium. Japanese titles need a CJK font (Debian: fonts-noto-cjk).
set -euo pipefail
cd "$(dirname "$0")/.."
MAIMAI_B50_EXAMPLE="$PWD/docs/b50-example.png" timeout 900 dotnet test tests/Browser.Tests --filter "FullyQualifiedName~B50ImageButtonTests" -nologo
ls -l docs/b50-example.png
