#!/usr/bin/env bash
# Store answers and retention.
#  1. A year of `scan --watch` on a busy /16 (40,000 hosts, daily churn: 500 addresses to new
#     hosts, 300 new addresses, 50 moves back, 20 flip-flops), one flush a day through the
#     watcher's store wrapper with a 90-day retention: the store's rows and size at the end.
#  2. `show ADDRESS` on a store of 1M observations (and 100k inventory records): in-process
#     against the plain indexed SELECT of the same address (same run, same store), and the whole
#     command against sqlite3 running that SELECT.
#
#   Benchmarks/query/run.sh [DAYS] [OBSERVATIONS]      default 365 1000000
set -euo pipefail
cd "$(dirname "$0")/.."   # Benchmarks/
DAYS=${1:-365}
COUNT=${2:-1000000}
WORK=$(mktemp -d /tmp/ipaudit-query-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "building (release)…"
swift build -c release --scratch-path ../.build-bench-pkg --product query-bench >"$WORK/build.log" 2>&1 \
    || { tail -20 "$WORK/build.log"; exit 1; }
(cd .. && swift build -c release --scratch-path .build-bench --product ipaudit 2>&1 | tail -1)
BENCH=../.build-bench-pkg/release/query-bench
IPAUDIT=../.build-bench/release/ipaudit

echo "== $DAYS days of --watch on a busy /16, 90 d retention"
"$BENCH" year "$WORK/year.db" "$DAYS"
sqlite3 "$WORK/year.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
echo "store size: $(du -k "$WORK/year.db" | cut -f1) KiB ($(sqlite3 "$WORK/year.db" "SELECT count(*) FROM observation") observations, $(sqlite3 "$WORK/year.db" "SELECT count(*) FROM wire_event") events)"

echo "== show on $COUNT observations"
"$BENCH" fill "$WORK/big.db" "$COUNT"
sqlite3 "$WORK/big.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
"$BENCH" show "$WORK/big.db" 200
now() { date +%s.%N; }
N=20
start=$(now); for ((i = 0; i < N; i++)); do sqlite3 "$WORK/big.db" "SELECT * FROM observation WHERE address = '10.3.2.$i'" >/dev/null; done; end=$(now)
BASE=$(awk "BEGIN{print ($end - $start) / $N}")
start=$(now); for ((i = 0; i < N; i++)); do "$IPAUDIT" show "10.3.2.$i" --store "$WORK/big.db" >/dev/null; done; end=$(now)
SHOW=$(awk "BEGIN{print ($end - $start) / $N}")
printf "sqlite3 SELECT, whole process : %.1f ms\n" "$(awk "BEGIN{print $BASE * 1000}")"
printf "ipaudit show, whole process   : %.1f ms\n" "$(awk "BEGIN{print $SHOW * 1000}")"
printf "ratio ipaudit show / sqlite3  : %.1f   (target: well under a second)\n" "$(awk "BEGIN{print $SHOW / $BASE}")"
