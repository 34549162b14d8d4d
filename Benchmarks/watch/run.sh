#!/bin/bash
# Watch benchmark: `ipaudit scan --watch` over generated churn (scripts/pcap/gen_week.py: 10 new
# hosts every 5 minutes, each alive 2 hours, every 10th a duplicate, one 240/4 source per burst).
# Memory must not grow with time: the peak RSS of DAYS of churn against that of one day, in
# this run. The price of watching: packets/s of --watch against the one-shot scan of the same
# file, and the time each evaluation of the findings costs.
#
#   Benchmarks/watch/run.sh [DAYS]      default 28
#
# Needs: swift, python3, /usr/bin/time (package "time").
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DAYS=${1:-28}
WORK=${WORK:-/tmp/ipaudit-watch-bench}
mkdir -p "$WORK"

echo "== build"
(cd "$ROOT" && swift build -c release --scratch-path .build-bench --product ipaudit 2>&1 | tail -1)
BIN="$ROOT/.build-bench/release/ipaudit"

for d in 1 "$DAYS"; do
    [ -f "$WORK/churn-$d.pcap" ] || python3 "$ROOT/scripts/pcap/gen_week.py" "$d" "$WORK/churn-$d.pcap" >"$WORK/frames-$d.txt"
done
FRAMES=$(cat "$WORK/frames-$DAYS.txt")

# wall seconds and peak RSS (KiB) of one run: "SECONDS KIB"
measure() {
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/out.txt" 2>/dev/null || true
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; t=s}
                /Maximum resident/ {r=$2} END {print t, r}' "$WORK/time.txt"
}

read -r T1 RSS1 <<<"$(measure "$BIN" scan --read "$WORK/churn-1.pcap" --watch --format json)"
read -r TD RSSD <<<"$(measure "$BIN" scan --read "$WORK/churn-$DAYS.pcap" --watch --format json)"
EVENTS=$(wc -l <"$WORK/out.txt")
read -r TS RSSS <<<"$(measure "$BIN" scan --read "$WORK/churn-$DAYS.pcap" --format json)"
echo "== 1 day: peak ${RSS1} KiB; $DAYS days ($FRAMES frames, $EVENTS events): ${TD}s, peak ${RSSD} KiB"
echo "   one-shot scan of the $DAYS days: ${TS}s, peak ${RSSS} KiB (keeps every address: no aging below --max-addresses)"
echo "ratio peak RSS $DAYS days / 1 day      : $(awk "BEGIN{printf \"%.2f\", $RSSD / $RSS1}")   (target <= 1.10)"
echo "ratio watch / one-shot packets per s  : $(awk "BEGIN{printf \"%.2f\", $TS / $TD}")"
# One evaluation per 5-minute burst in the replay (the burst lasts under a second); live, a watch
# evaluates at most once a second, so this is also its CPU share per second at this table size.
EVALS=$((DAYS * 288))
echo "watch cost per evaluation             : $(awk "BEGIN{printf \"%.2f\", ($TD - $TS) * 1000 / $EVALS}") ms over ~$EVALS evaluations (target <= 10 ms: 1 % of a core live)"
