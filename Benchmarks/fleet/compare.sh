#!/usr/bin/env bash
# The fleet push of two fleet-bench builds side by side, alternating on fresh PostgreSQL
# databases, so both meet the same machine load: AGENTS (100) scanners x COUNT (10,000)
# observations each, ROUNDS (2) rounds; prints each push and the best of each build.
# Usage: Benchmarks/fleet/compare.sh BEFORE_BINARY AFTER_BINARY (fleet-bench built from the
# two commits, e.g. `swift build -c release --package-path Benchmarks --product fleet-bench`
# at each and copied aside). Needs the Debian postgresql package.
set -euo pipefail
cd "$(dirname "$0")/.."   # Benchmarks/
BEFORE=$1 AFTER=$2
AGENTS=${AGENTS:-100} COUNT=${COUNT:-10000} ROUNDS=${ROUNDS:-2}
WORK=$(mktemp -d /tmp/ipaudit-fleet-compare.XXXXXX)
BASE=$(bash ../scripts/postgres/start.sh | tail -1)
PSQL=(env PGPASSWORD=ipaudit psql -h 127.0.0.1 -p "${PGPORT:-55432}" -U ipaudit -d ipaudit -qAt)
trap '"${PSQL[@]}" -c "DROP DATABASE IF EXISTS ipaudit_fleet_compare WITH (FORCE)" 2>/dev/null; rm -rf "$WORK"' EXIT
URL="${BASE%/*}/ipaudit_fleet_compare"

# push BINARY LABEL: a fresh database, the schema made first, then AGENTS pushes at once.
push() {
    local bin=$1 label=$2 start end failed=0
    "${PSQL[@]}" -c "DROP DATABASE IF EXISTS ipaudit_fleet_compare WITH (FORCE)" 2>/dev/null
    "${PSQL[@]}" -c "CREATE DATABASE ipaudit_fleet_compare"
    "$bin" audit "$URL" >/dev/null
    start=$(date +%s.%N)
    for ((i = 0; i < AGENTS; i++)); do "$bin" push "$URL" "$i" "$COUNT" >"$WORK/push-$i.log" 2>&1 & done
    for job in $(jobs -p); do wait "$job" || failed=$((failed + 1)); done
    end=$(date +%s.%N)
    [ "$failed" -eq 0 ] || { echo "$label: $failed pushes failed"; cat "$WORK"/push-*.log | grep -v '^push' | sort | uniq -c | head; exit 1; }
    local obs=$(awk -F'[ =]' '{ s += $7 } END { printf "%.3f", s / NR }' "$WORK"/push-*.log)
    awk -v s="$start" -v e="$end" -v n="$AGENTS" -v c="$COUNT" -v l="$label" -v o="$obs" 'BEGIN {
        printf "%-7s push: %.2f s wall, %.0f observations/s (mean observation save per scanner %s s)\n", l, e - s, n * c / (e - s), o }'
    awk -v s="$start" -v e="$end" 'BEGIN { print e - s }' >>"$WORK/$label.walls"
}

for ((round = 1; round <= ROUNDS; round++)); do
    push "$BEFORE" before
    push "$AFTER" after
done
for label in before after; do
    sort -g "$WORK/$label.walls" | head -1 | awk -v l="$label" -v n="$AGENTS" -v c="$COUNT" '{
        printf "%-7s best: %.2f s wall, %.0f observations/s\n", l, $1, n * c / $1 }'
done
