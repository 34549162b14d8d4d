#!/usr/bin/env bash
# Aggregate benchmark: 1M seeded IPv4 and 1M IPv6 prefixes through `ipaudit aggregate`,
# firehol's iprange (IPv4), a Go net/netip program (both) and Python's ipaddress (both),
# all in this run; checks that every output agrees and prints ratios and peak memory.
#   N=1000000 PY_N=1000000 Benchmarks/aggregate/run.sh
# PY_N lowers Python's input (its time is then scaled linearly, and said so).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000000}
PY_N=${PY_N:-$N}
WORK=${WORK:-$(mktemp -d)}
command -v iprange >/dev/null || { echo "needs iprange (apt-get install -y iprange)"; exit 2; }
command -v go >/dev/null || { echo "needs go (apt-get install -y golang-go)"; exit 2; }

if [ -z "${BIN:-}" ]; then
  swift build -c release --product ipaudit --scratch-path .build-bench >/dev/null
  BIN=.build-bench/release/ipaudit
fi
(cd Benchmarks/aggregate/netipagg && GOFLAGS=-mod=mod go build -o "$WORK/netipagg" .)

python3 Benchmarks/aggregate/gen_prefixes.py 4 "$N" 1 > "$WORK/v4.txt"
python3 Benchmarks/aggregate/gen_prefixes.py 6 "$N" 2 > "$WORK/v6.txt"

# best of 3 wall-clock seconds and the peak RSS (KB) of that run
measure() {
  local out=$1; shift
  local best="" mem=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" > "$out"
    read -r t m < "$WORK/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; mem=$m; fi
  done
  echo "$best $mem"
}

normalize_iprange() { awk '{ if (index($0, "/") == 0) print $0 "/32"; else print }' "$1"; }

printf "%-28s %9s %10s %12s\n" "tool (N=$N)" "seconds" "peak MB" "lines out"
report() { printf "%-28s %9s %10.1f %12s\n" "$1" "$2" "$(awk "BEGIN{print $3/1024}")" "$(wc -l < "$4")"; }

read -r ip4 ip4m < <(measure "$WORK/v4.ipaudit" "$BIN" aggregate "$WORK/v4.txt");  report "ipaudit aggregate IPv4" "$ip4" "$ip4m" "$WORK/v4.ipaudit"
read -r ir4 ir4m < <(measure "$WORK/v4.iprange.raw" iprange "$WORK/v4.txt");       normalize_iprange "$WORK/v4.iprange.raw" > "$WORK/v4.iprange"; report "iprange IPv4" "$ir4" "$ir4m" "$WORK/v4.iprange"
read -r go4 go4m < <(measure "$WORK/v4.go" "$WORK/netipagg" "$WORK/v4.txt");         report "go net/netip IPv4" "$go4" "$go4m" "$WORK/v4.go"
read -r ip6 ip6m < <(measure "$WORK/v6.ipaudit" "$BIN" aggregate "$WORK/v6.txt");  report "ipaudit aggregate IPv6" "$ip6" "$ip6m" "$WORK/v6.ipaudit"
read -r go6 go6m < <(measure "$WORK/v6.go" "$WORK/netipagg" "$WORK/v6.txt");         report "go net/netip IPv6" "$go6" "$go6m" "$WORK/v6.go"

head -n "$PY_N" "$WORK/v4.txt" > "$WORK/v4.py.in"; head -n "$PY_N" "$WORK/v6.txt" > "$WORK/v6.py.in"
/usr/bin/time -f "%e %M" -o "$WORK/time" python3 Benchmarks/aggregate/collapse.py "$WORK/v4.py.in" > "$WORK/v4.py"; read -r py4 py4m < "$WORK/time"
/usr/bin/time -f "%e %M" -o "$WORK/time" python3 Benchmarks/aggregate/collapse.py "$WORK/v6.py.in" > "$WORK/v6.py"; read -r py6 py6m < "$WORK/time"
scale=$(awk "BEGIN{print $N/$PY_N}")
py4=$(awk "BEGIN{print $py4*$scale}"); py6=$(awk "BEGIN{print $py6*$scale}")
report "python ipaddress IPv4" "$py4" "$py4m" "$WORK/v4.py"
report "python ipaddress IPv6" "$py6" "$py6m" "$WORK/v6.py"
[ "$PY_N" != "$N" ] && echo "(python ran on $PY_N lines; its time is scaled by $scale)"

status=0
cmp -s "$WORK/v4.ipaudit" "$WORK/v4.iprange" || { echo "MISMATCH ipaudit vs iprange (IPv4)"; status=1; }
cmp -s "$WORK/v4.ipaudit" "$WORK/v4.go" || { echo "MISMATCH ipaudit vs go (IPv4)"; status=1; }
cmp -s "$WORK/v6.ipaudit" "$WORK/v6.go" || { echo "MISMATCH ipaudit vs go (IPv6)"; status=1; }
if [ "$PY_N" = "$N" ]; then
  cmp -s "$WORK/v4.ipaudit" "$WORK/v4.py" || { echo "MISMATCH ipaudit vs python (IPv4)"; status=1; }
  cmp -s "$WORK/v6.ipaudit" "$WORK/v6.py" || { echo "MISMATCH ipaudit vs python (IPv6)"; status=1; }
else
  "$BIN" aggregate "$WORK/v4.py.in" | cmp -s - "$WORK/v4.py" || { echo "MISMATCH ipaudit vs python (IPv4 sample)"; status=1; }
  "$BIN" aggregate "$WORK/v6.py.in" | cmp -s - "$WORK/v6.py" || { echo "MISMATCH ipaudit vs python (IPv6 sample)"; status=1; }
fi
[ $status = 0 ] && echo "all outputs agree"

ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
echo
echo "IPv4: ipaudit is $(ratio "$ir4" "$ip4")x iprange (target >= 1), $(ratio "$go4" "$ip4")x go, $(ratio "$py4" "$ip4")x python (target >= 50)"
echo "IPv6: ipaudit is $(ratio "$go6" "$ip6")x go (target >= 1), $(ratio "$py6" "$ip6")x python (target >= 50)"
exit $status
