#!/usr/bin/env bash
# Fleet mode benchmark: AGENTS (100) concurrent scanner processes each push COUNT (10,000)
# observations and their inventory through the store API, then one audit reads the 1M
# observations (and ~1M inventory rows) back and runs every rule. Done on PostgreSQL and,
# as the baseline measured in the same run, on one SQLite file. Prints wall times, the
# PostgreSQL/SQLite ratios and peak memory. Needs the Debian postgresql package (the server
# is started by scripts/postgres/start.sh on 127.0.0.1:${PGPORT:-55432}).
set -euo pipefail
cd "$(dirname "$0")/.."   # Benchmarks/
AGENTS=${AGENTS:-100}
COUNT=${COUNT:-10000}
WORK=$(mktemp -d /tmp/ipaudit-fleet-bench.XXXXXX)

echo "building (release)…"
swift build -c release --scratch-path ../.build-bench-pkg --product fleet-bench >"$WORK/build.log" 2>&1 \
    || { tail -20 "$WORK/build.log"; exit 1; }
BIN=../.build-bench-pkg/release/fleet-bench

BASE=$(bash ../scripts/postgres/start.sh | tail -1)
ADMIN_PSQL=(env PGPASSWORD=ipaudit psql -h 127.0.0.1 -p "${PGPORT:-55432}" -U ipaudit -d ipaudit -qAt)
"${ADMIN_PSQL[@]}" -c "DROP DATABASE IF EXISTS ipaudit_fleet_bench WITH (FORCE)" 2>/dev/null
"${ADMIN_PSQL[@]}" -c "CREATE DATABASE ipaudit_fleet_bench"
trap '"${ADMIN_PSQL[@]}" -c "DROP DATABASE IF EXISTS ipaudit_fleet_bench WITH (FORCE)" 2>/dev/null; rm -rf "$WORK"' EXIT
PG_URL="${BASE%/*}/ipaudit_fleet_bench"
SQLITE="$WORK/fleet.db"

now() { date +%s.%N; }

# push STORE LABEL: AGENTS processes at once; prints the wall time of the whole fleet.
push() {
    local store=$1 label=$2 start end
    "$BIN" audit "$store" >/dev/null   # create the schema before the stampede
    start=$(now)
    for ((i = 0; i < AGENTS; i++)); do
        "$BIN" push "$store" "$i" "$COUNT" >"$WORK/$label-push-$i.log" 2>&1 &
    done
    local failed=0
    for job in $(jobs -p); do wait "$job" || failed=$((failed + 1)); done
    end=$(now)
    if [ "$failed" -ne 0 ]; then
        echo "$label: $failed pushes failed:"; grep -h "fleet-bench" "$WORK/$label"-push-*.log | sort | uniq -c | head; exit 1
    fi
    awk -v s="$start" -v e="$end" -v n="$AGENTS" -v c="$COUNT" -v l="$label" 'BEGIN {
        printf "%-10s push: %d scanners x %d observations in %.2f s wall (%.0f observations/s)\n", l, n, c, e - s, n * c / (e - s) }'
    awk -F'[ =]' -v l="$label" '{ inv += $5; obs += $7; if ($7 > max) max = $7 }
        END { printf "%-10s push: per scanner mean inventory %.3f s, mean observations %.3f s, slowest observations %.3f s\n", l, inv / NR, obs / NR, max }' \
        "$WORK/$label"-push-*.log
    echo "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" >"$WORK/$label.push"
}

# audit STORE LABEL: three audits (the first one after a push also pays PostgreSQL's hint-bit
# writes and competes with autovacuum), each timed by phase; the best wall time counts.
audit() {
    local store=$1 label=$2 best=""
    for run in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$WORK/$label.time" "$BIN" audit "$store" >"$WORK/$label.audit"
        [ "$run" = 1 ] && sed -n 1,2p "$WORK/$label.audit" | sed "s/^/$(printf '%-10s' "$label") /"
        sed -n 3p "$WORK/$label.audit" | sed "s/^/$(printf '%-10s' "$label") run $run: /"
        read -r wall peak < <(tail -1 "$WORK/$label.time")
        if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; bestpeak=$peak; fi
    done
    printf "%-10s audit: best of 3 %.2f s wall, peak memory %d MB\n" "$label" "$best" $((bestpeak / 1024))
    echo "$best" >"$WORK/$label.wall"
}

push "$SQLITE" sqlite
push "$PG_URL" postgres
audit "$SQLITE" sqlite
audit "$PG_URL" postgres

awk -v ps="$(cat "$WORK/postgres.push")" -v ss="$(cat "$WORK/sqlite.push")" \
    -v pa="$(cat "$WORK/postgres.wall")" -v sa="$(cat "$WORK/sqlite.wall")" 'BEGIN {
    printf "ratio postgres/sqlite: push %.2fx, audit %.2fx   (audit target <= 5 s: %s)\n", ps / ss, pa / sa, (pa <= 5 ? "met" : "missed") }'

# The real command too (always rebuilt: a stale binary would time old code).
if (cd .. && swift build -c release --scratch-path .build-bench --product ipaudit >/dev/null 2>&1); then
    set +e
    /usr/bin/time -f "%e %M" -o "$WORK/cli.time" ../.build-bench/release/ipaudit audit --store "$PG_URL" --format json >/dev/null 2>"$WORK/cli.err"
    status=$?
    set -e
    if [ "$status" -le 1 ]; then
        read -r wall peak < <(tail -1 "$WORK/cli.time")
        printf "cli        ipaudit audit --store postgres://... --format json: %.2f s wall, peak memory %d MB, exit %d\n" "$wall" $((peak / 1024)) "$status"
    else
        echo "cli        ipaudit audit --store postgres://... exited $status: $(head -1 "$WORK/cli.err")"
    fi
fi
