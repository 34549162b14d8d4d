#!/usr/bin/env bash
# Inventory memory benchmark: peak RSS of `ipaudit audit FILE` on the same N generated records
# as CSV (the column store, read in place: the baseline of this run), ipaudit JSON (read one
# record at a time) and YAML (a whole tree: N/5 records). Target: JSON peak <= 1.25 x the CSV
# peak + the JSON file's size; before streaming, 500k records took 13x the CSV peak (1.5 GB).
# Usage: Benchmarks/inventory/run.sh [RECORDS]   (default 500000; BIN=path skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-500000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ -z "${BIN:-}" ]; then
    swift build -c release --scratch-path .build-bench --product ipaudit >/dev/null
    BIN=.build-bench/release/ipaudit
fi
python3 - "$WORK" "$N" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])
def rows(count):
    for i in range(count):
        yield f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}", f"h{i}", f"z{i % 7}"
with open(f"{work}/inv.csv", "w") as c, open(f"{work}/inv.json", "w") as j:
    c.write("address,name,zone,role\n")
    j.write("{\"records\": [\n")
    for k, (a, name, zone) in enumerate(rows(n)):
        c.write(f"{a},{name},{zone},app\n")
        j.write(f'  {{"address": "{a}", "name": "{name}", "zone": "{zone}", "role": "app"}}' + (",\n" if k < n - 1 else "\n]}\n"))
with open(f"{work}/inv.yaml", "w") as y:
    y.write("records:\n")
    for a, name, zone in rows(n // 5):
        y.write(f"  - {{address: {a}, name: {name}, zone: {zone}, role: app}}\n")
PY

peak() {  # FILE → peak RSS in KiB of `audit FILE` (exit 0 or 1: clean or findings)
    /usr/bin/time -f %M -o "$WORK/rss" "$BIN" audit "$1" --format json >/dev/null || [ $? -eq 1 ]
    cat "$WORK/rss"
}
kib() { echo $(( $(stat -c %s "$1") / 1024 )); }
CSV=$(peak "$WORK/inv.csv"); JSON=$(peak "$WORK/inv.json"); YAML=$(peak "$WORK/inv.yaml")
echo "records: $N; CSV $(kib "$WORK/inv.csv") KiB, JSON $(kib "$WORK/inv.json") KiB, YAML ($((N / 5)) records) $(kib "$WORK/inv.yaml") KiB"
echo "peak RSS: CSV ${CSV} KiB, JSON ${JSON} KiB, YAML ${YAML} KiB"
awk -v c="$CSV" -v j="$JSON" -v f="$(kib "$WORK/inv.json")" 'BEGIN {
    printf "ratio JSON peak / CSV peak      : %.2f   (target <= %.2f: 1.25 + the JSON file / the CSV peak)\n", j / c, 1.25 + f / c
    printf "ratio JSON peak / JSON file     : %.1f\n", j / f }'
awk -v y="$YAML" -v f="$(kib "$WORK/inv.yaml")" 'BEGIN { printf "ratio YAML peak / YAML file     : %.1f   (a whole tree: YAML is not streamed)\n", y / f }'
