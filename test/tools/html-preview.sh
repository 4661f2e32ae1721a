#!/bin/sh
# Renders an HTML report the way a town prints it, for a person to look at:
#   test/tools/html-preview.sh report.html out/   →  out/report.pdf (A4) and out/page-N.png
# Needs Debian's chromium and poppler-utils (pdftoppm); not part of npm test.
set -eu
in=$(realpath "$1"); out=${2:-.}; mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$out/report.pdf" "file://$in" 2>/dev/null
pdftoppm -r 80 -png "$out/report.pdf" "$out/page"
ls "$out"
