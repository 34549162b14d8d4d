#!/usr/bin/env bash
# Report benchmark: `ipaudit report` on a 3 x 3 x 50 plan with 20,000 agent slices (over 20k
# blocks) and 10,000 findings. Checks the file stays under 5 MB and that headless Chromium
# (Debian's `chromium`) loads and paints it in under 2 s. Baseline, measured in the same run and
# browser: a blank page (the browser's own fixed cost), and the same report without its
# address map (what the map adds). Prints each and the ratios.
#   AGENTS=20000 PAIRS=10000 Benchmarks/report/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
AGENTS=${AGENTS:-20000}; PAIRS=${PAIRS:-10000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

swift build -c release --product ipaudit --scratch-path .build-bench >/dev/null
BIN=.build-bench/release/ipaudit
python3 Benchmarks/allocate/gen_plan.py 3 3 50 "$AGENTS" > "$WORK/plan.yaml"
python3 Benchmarks/report/gen_findings.py "$PAIRS" > "$WORK/dups.csv"
"$BIN" allocate --store "$WORK/s.db" --plan "$WORK/plan.yaml" --format json > "$WORK/alloc.json"
"$BIN" import --store "$WORK/s.db" "$WORK/dups.csv" > /dev/null
blocks=$(grep -c '"path"' "$WORK/alloc.json")

/usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" report --store "$WORK/s.db" --plan "$WORK/plan.yaml" --output "$WORK/report.html" > /dev/null || true
# The report exits 1 (it has findings): time(1) then puts a "Command exited" line first.
read -r gen_s gen_kb < <(tail -n 1 "$WORK/time")
findings=$("$BIN" audit --store "$WORK/s.db" --plan "$WORK/plan.yaml" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["total"])' || true)
bytes=$(stat -c %s "$WORK/report.html")
# The same page without the map: the <figure> elements dropped (a baseline, never shipped).
python3 - "$WORK/report.html" "$WORK/nomap.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "w", encoding="utf-8").write(re.sub(r'<figure class="map-figure">.*?</figure>', "", page, flags=re.S))
PY
printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n' > "$WORK/blank.html"

# Best of 3 load-and-paint times (ms) of one page, each in a fresh browser.
paint() {
  local best=""
  for i in 1 2 3; do
    t=$(python3 scripts/chromium-page.py "$1" --timeout 120 | python3 -c 'import json,sys; print(json.load(sys.stdin)["paint_ms"])')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}
blank=$(paint "$WORK/blank.html")
nomap=$(paint "$WORK/nomap.html")
full=$(paint "$WORK/report.html")

echo "report of $blocks blocks and $findings findings: generated in ${gen_s}s (peak $((gen_kb / 1024)) MiB)"
awk -v b="$bytes" 'BEGIN{printf "file size: %.2f MB (target < 5 MB)\n", b / 1e6}'
echo "chromium load + paint, best of 3: blank page ${blank} ms, report without map ${nomap} ms, full report ${full} ms (target < 2000 ms)"
awk -v f="$full" -v b="$blank" -v n="$nomap" 'BEGIN{printf "ratios: full/blank %.1fx, full/without-map %.2fx\n", f / b, f / n}'
ok=1
[ "$bytes" -lt 5000000 ] || { echo "FAIL: file is ${bytes} bytes"; ok=0; }
awk -v f="$full" 'BEGIN{exit !(f < 2000)}' || { echo "FAIL: render took ${full} ms"; ok=0; }
[ "$ok" = 1 ] && echo "targets met"
