#!/usr/bin/env bash
# Store benchmark: the 1M-record inventory of the audit benchmark, imported into a SQLite
# store and audited from it, each timed against its baseline measured in the same run:
#   import       vs  sqlite3's own `.mode csv` / `.import` of the same file into a plain table
#   audit --store vs  `ipaudit audit FILE` of the file itself
# Best of 3 wall times each (release build); prints the two ratios, and the same ratios of
# CPU time (user + system), which hold on a machine busy with other work where wall times
# do not; checks that the store's findings are the file's. Usage: Benchmarks/store/run.sh [RECORDS]
# (not part of the test command; needs the sqlite3 shell).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --scratch-path .build-bench --product ipaudit >/dev/null
BIN=$PWD/.build-bench/release/ipaudit
python3 Benchmarks/audit/generate.py "$WORK/inventory.csv" "$N" 1000 500
echo "inventory: $N records, $(du -h "$WORK/inventory.csv" | cut -f1)"

# best SETUP COMMAND...: runs SETUP then times COMMAND, three times; prints the best wall
# seconds and the best CPU seconds (user + system). The command's output stays in $WORK/out
# (of the last run).
best() {
    local setup=$1; shift
    local top="" cpu=""
    for _ in 1 2 3; do
        eval "$setup"
        /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || true
        local wall used; read -r wall user system < <(tail -1 "$WORK/time")
        used=$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')
        if [ -z "$top" ] || awk -v a="$wall" -v b="$top" 'BEGIN { exit !(a < b) }'; then top=$wall; fi
        if [ -z "$cpu" ] || awk -v a="$used" -v b="$cpu" 'BEGIN { exit !(a < b) }'; then cpu=$used; fi
    done
    echo "$top $cpu"
}

fresh() { rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm; }

read -r sqlite_import sqlite_import_cpu < <(best fresh sqlite3 "$WORK/plain.db" ".mode csv" ".import $WORK/inventory.csv t")
rows=$(sqlite3 "$WORK/plain.db" "SELECT count(*) FROM t")
read -r ipaudit_import ipaudit_import_cpu < <(best fresh "$BIN" import "$WORK/inventory.csv" --store "$WORK/store.db")
grep -q "imported" "$WORK/out" || { echo "import failed:"; cat "$WORK/err"; exit 1; }
stored=$(sqlite3 "$WORK/store.db" "SELECT count(*) FROM inventory_record")

read -r file_audit file_audit_cpu < <(best : "$BIN" audit "$WORK/inventory.csv" --format json)
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"], sort_keys=True))' "$WORK/out" >"$WORK/file.findings"
read -r store_audit store_audit_cpu < <(best : "$BIN" audit --store "$WORK/store.db" --format json)
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"], sort_keys=True))' "$WORK/out" >"$WORK/store.findings"

echo "sqlite3 .import:       ${sqlite_import}s wall, ${sqlite_import_cpu}s CPU ($rows rows, best of 3)"
echo "ipaudit import:        ${ipaudit_import}s wall, ${ipaudit_import_cpu}s CPU ($stored rows, best of 3)"
echo "ipaudit audit FILE:    ${file_audit}s wall, ${file_audit_cpu}s CPU (best of 3)"
echo "ipaudit audit --store: ${store_audit}s wall, ${store_audit_cpu}s CPU (best of 3)"
ratios() {  # label import sqlite store file
    awk -v l="$1" -v i="$2" -v s="$3" -v a="$4" -v f="$5" 'BEGIN {
        printf "%s ratio import / sqlite3 .import: %.2fx (target <= 2x: %s)\n", l, i / s, (i / s <= 2 ? "met" : "missed")
        printf "%s ratio audit --store / audit FILE: %.2fx (target <= 1.5x: %s)\n", l, a / f, (a / f <= 1.5 ? "met" : "missed") }'
}
ratios wall "$ipaudit_import" "$sqlite_import" "$store_audit" "$file_audit"
ratios CPU "$ipaudit_import_cpu" "$sqlite_import_cpu" "$store_audit_cpu" "$file_audit_cpu"
cmp -s "$WORK/file.findings" "$WORK/store.findings" && echo "findings agree ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/file.findings") findings)" \
    || { echo "FINDINGS DIFFER"; diff <(tr '{' '\n' <"$WORK/file.findings") <(tr '{' '\n' <"$WORK/store.findings") | head; exit 1; }
