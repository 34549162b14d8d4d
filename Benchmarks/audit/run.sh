#!/usr/bin/env bash
# Audit benchmark: 1M generated inventory records with 1,000 planted duplicates and 500
# unroutable addresses. Times `ipaudit audit FILE` (release build) against the same checks
# in plain Python (csv + ipaddress), in the same run, and reports peak memory.
# Usage: Benchmarks/audit/run.sh [RECORDS]   (not part of the test command)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --scratch-path .build-bench --product ipaudit >/dev/null
BIN=.build-bench/release/ipaudit
python3 Benchmarks/audit/generate.py "$WORK/inventory.csv" "$N" 1000 500
echo "inventory: $N records, $(du -h "$WORK/inventory.csv" | cut -f1)"

measure() {  # label, command... → prints wall seconds and peak RSS (MiB); output in $WORK/out
    local label=$1; shift
    /usr/bin/time -v "$@" >"$WORK/out" 2>"$WORK/time" || true
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time")
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f", $2/1024}' "$WORK/time")
    echo "$label $wall $rss"
}

best_swift=999999; swift_rss=0
for i in 1 2 3; do
    read -r _ wall rss < <(measure swift "$BIN" audit "$WORK/inventory.csv" --format json)
    if awk "BEGIN{exit !($wall < $best_swift)}"; then best_swift=$wall; swift_rss=$rss; fi
done
swift_counts=$(python3 -c '
import json,sys
d=json.load(open(sys.argv[1]))["summary"]["by_rule"]
print("duplicate=%d unroutable=%d" % (d.get("duplicate-address",0), d.get("unroutable-address",0)))' "$WORK/out")

read -r _ py_wall py_rss < <(measure python python3 Benchmarks/audit/baseline.py "$WORK/inventory.csv")
py_counts=$(cut -d' ' -f1,2 "$WORK/out")

echo "ipaudit audit: ${best_swift}s (best of 3), peak ${swift_rss} MiB, $swift_counts"
echo "python baseline: ${py_wall}s, peak ${py_rss} MiB, $py_counts"
awk "BEGIN{printf \"speedup: %.1fx (target >= 20x); swift target <= 2 s and <= 1024 MiB\n\", $py_wall/$best_swift}"
[ "$swift_counts" = "$py_counts" ] && echo "findings agree" || { echo "FINDINGS DIFFER"; exit 1; }
