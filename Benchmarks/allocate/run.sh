#!/usr/bin/env bash
# Allocate benchmark: 3 regions x 3 zones x 50 racks (dual stack) plus a /24 overlay slice
# for each of 20,000 agents, allocated and saved to a fresh store by a release build.
# Baseline, measured in the same run: Python's ipaddress carving the same blocks
# sequentially plus a plain SQLite insert of the same rows (no free-space algebra, no
# overlap trigger). Prints best-of-3 wall time, peak memory and the ratio.
#   REGIONS=3 ZONES=3 RACKS=50 AGENTS=20000 Benchmarks/allocate/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
REGIONS=${REGIONS:-3}; ZONES=${ZONES:-3}; RACKS=${RACKS:-50}; AGENTS=${AGENTS:-20000}
WORK=${WORK:-$(mktemp -d)}
trap 'rm -rf "$WORK"' EXIT

if [ -z "${BIN:-}" ]; then
  swift build -c release --product ipaudit --scratch-path .build-bench >/dev/null
  BIN=.build-bench/release/ipaudit
fi
python3 Benchmarks/allocate/gen_plan.py "$REGIONS" "$ZONES" "$RACKS" "$AGENTS" > "$WORK/plan.yaml"

# best of 3: wall seconds and peak RSS (KB) of the best run; a fresh store each time.
measure() {
  local best="" mem=""
  for i in 1 2 3; do
    rm -f "$WORK"/*.db*
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$WORK/out"
    read -r t m < "$WORK/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

read -r ipa ipam < <(measure "$BIN" allocate --plan "$WORK/plan.yaml" --store "$WORK/s.db" --format json)
rows=$(grep -c '"path"' "$WORK/out")
"$BIN" allocate --plan "$WORK/plan.yaml" --store "$WORK/s.db" --format json > /dev/null
/usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" allocate --plan "$WORK/plan.yaml" --store "$WORK/s.db" --format json > /dev/null
read -r rerun rerunm < "$WORK/time"
read -r py pym < <(measure python3 Benchmarks/allocate/baseline.py "$REGIONS" "$ZONES" "$RACKS" "$AGENTS" "$WORK/py.db")
pyrows=$(cat "$WORK/out")

printf "%-44s %8s %9s %8s\n" "allocate ${REGIONS}x${ZONES}x${RACKS} + ${AGENTS} agents" "seconds" "peak MB" "rows"
printf "%-44s %8s %9.1f %8s\n" "ipaudit allocate (fresh store, release)" "$ipa" "$(awk "BEGIN{print $ipam/1024}")" "$rows"
printf "%-44s %8s %9.1f %8s\n" "ipaudit allocate (re-run, nothing new)" "$rerun" "$(awk "BEGIN{print $rerunm/1024}")" "$rows"
printf "%-44s %8s %9.1f %8s\n" "python ipaddress + sqlite3 insert (baseline)" "$py" "$(awk "BEGIN{print $pym/1024}")" "$pyrows"
awk "BEGIN{printf \"ratio ipaudit/baseline: %.2f (below 1 is faster); target < 1 s: %s\n\", $ipa/$py, ($ipa < 1.0 ? \"met\" : \"missed\")}"
