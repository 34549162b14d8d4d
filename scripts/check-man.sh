#!/usr/bin/env bash
# Fails when man/ipaudit.1 no longer matches the command definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
scripts/generate-man.sh "$TMP" >/dev/null
if ! diff -u man/ipaudit.1 "$TMP/ipaudit.1" > "$TMP/diff"; then
  head -40 "$TMP/diff"
  echo "man/ipaudit.1 is stale: run scripts/generate-man.sh and commit the result" >&2
  exit 1
fi
echo "man page is current"
