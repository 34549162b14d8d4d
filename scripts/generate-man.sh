#!/usr/bin/env bash
# Regenerates man/ipaudit.1 from the command definitions with swift-argument-parser's
# generate-manual plugin. A fixed date keeps the page reproducible, so a stale page shows
# up as a diff (scripts/check-man.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
DATE=${MAN_DATE:-2026-11-25}
OUT=${1:-man}
swift package --allow-writing-to-package-directory generate-manual \
  --configuration debug --date "$DATE" --authors "ipaudit developers" >/dev/null
mkdir -p "$OUT"
cp .build/plugins/GenerateManual/outputs/ipaudit/ipaudit.1 "$OUT/ipaudit.1"
# Line breaks of the help text kept (roff would fill lists into paragraphs); ASCII only.
python3 scripts/man-lines.py "$OUT/ipaudit.1"
echo "wrote $OUT/ipaudit.1"
