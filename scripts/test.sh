#!/usr/bin/env bash
# The project's test command (README, .ci/run): the man page must match the commands, then
# every tier of the suite: unit, property, CLI, the Python ipaddress differential, live capture
# in network namespaces (root), PostgreSQL, headless Chromium, arp-scan, tcpdump, strace,
# sqlite3, systemd-analyze. IPAUDIT_TEST_TIER=all makes every test run (a missing tool fails
# its tests rather than skipping them), and a skipped test fails the run: what CI passes,
# all of it ran. Arguments go to `swift test` (e.g. --filter X).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/check-man.sh
export IPAUDIT_TEST_TIER=all
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0
swift test "$@" 2>&1 | tee "$LOG" || status=$?
# Swift Testing reports a skip as `➜ Test name() skipped: "reason"` (or `... skipped.`).
skipped=$(sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E '^[^ ]+ (Test|Suite) .* skipped(\.|: ".*")$' || true)
if [ -n "$skipped" ]; then
    echo "$skipped" >&2
    echo "test.sh: $(echo "$skipped" | wc -l) test(s) or suite(s) skipped; every tier must run here" >&2
    exit 1
fi
exit "$status"
