#!/usr/bin/env bash
# Store benchmark: the 1M-record inventory of the audit benchmark, imported into a SQLite
# store and audited from it, each timed against its baseline measured in the same run:
#   import       vs  sqlite3's own `.mode csv` / `.import` of the same file into a plain table
#   audit --store vs  `ipaudit audit FILE` of the file itself
# Best of 3 wall times each (release build); prints the two ratios and checks that the
# store's findings are the file's. Usage: Benchmarks/store/run.sh [RECORDS]
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

# best LABEL SETUP COMMAND...: runs SETUP then times COMMAND, three times; prints the best wall
# seconds. The command's output stays in $WORK/out (of the last run).
best() {
    local setup=$1; shift
    local top=""
    for _ in 1 2 3; do
        eval "$setup"
        /usr/bin/time -f "%e" -o "$WORK/time" "$@" >"$WORK/out" 2>"$WORK/err" || true
        local wall; wall=$(tail -1 "$WORK/time")
        if [ -z "$top" ] || awk -v a="$wall" -v b="$top" 'BEGIN { exit !(a < b) }'; then top=$wall; fi
    done
    echo "$top"
}

fresh() { rm -f "$WORK"/*.db "$WORK"/*.db-wal "$WORK"/*.db-shm; }

sqlite_import=$(best fresh sqlite3 "$WORK/plain.db" ".mode csv" ".import $WORK/inventory.csv t")
rows=$(sqlite3 "$WORK/plain.db" "SELECT count(*) FROM t")
ipaudit_import=$(best fresh "$BIN" import "$WORK/inventory.csv" --store "$WORK/store.db")
grep -q "imported" "$WORK/out" || { echo "import failed:"; cat "$WORK/err"; exit 1; }
stored=$(sqlite3 "$WORK/store.db" "SELECT count(*) FROM inventory_record")

file_audit=$(best : "$BIN" audit "$WORK/inventory.csv" --format json)
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"], sort_keys=True))' "$WORK/out" >"$WORK/file.findings"
store_audit=$(best : "$BIN" audit --store "$WORK/store.db" --format json)
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["findings"], sort_keys=True))' "$WORK/out" >"$WORK/store.findings"

echo "sqlite3 .import:      ${sqlite_import}s ($rows rows, best of 3)"
echo "ipaudit import:       ${ipaudit_import}s ($stored rows, best of 3)"
echo "ipaudit audit FILE:   ${file_audit}s (best of 3)"
echo "ipaudit audit --store: ${store_audit}s (best of 3)"
awk -v i="$ipaudit_import" -v s="$sqlite_import" -v f="$file_audit" -v a="$store_audit" 'BEGIN {
    printf "ratio import / sqlite3 .import: %.2fx (target <= 2x: %s)\n", i / s, (i / s <= 2 ? "met" : "missed")
    printf "ratio audit --store / audit FILE: %.2fx (target <= 1.5x: %s)\n", a / f, (a / f <= 1.5 ? "met" : "missed") }'
cmp -s "$WORK/file.findings" "$WORK/store.findings" && echo "findings agree ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/file.findings") findings)" \
    || { echo "FINDINGS DIFFER"; diff <(tr '{' '\n' <"$WORK/file.findings") <(tr '{' '\n' <"$WORK/store.findings") | head; exit 1; }
