#!/bin/bash
# Probe benchmark, in network namespaces made for it (removed on exit; traffic stays inside):
#  1. a /24 with a few live hosts: `ipaudit probe` against Debian's `arp-scan`, same targets,
#     same number of attempts (arp-scan -r 2 = ipaudit --retries 1), default rates (both 500
#     probes/s: arp-scan -v prints "pkt len=64 bytes, bandwidth=256000 bps, interval=2000 us"),
#     in this run; both must find the same responders (address and MAC); ratio of wall times printed.
#  2. targets/s with --rate unlimited on a veth (a /16 nobody answers), arp-scan at 1 Gbit/s
#     beside it: both timed by wall clock (start-up and target expansion included) and counted
#     by the frames the far end of the veth received, not by what each tool says it sent.
#
#   Benchmarks/probe/run.sh            needs root, swift, arp-scan, iproute2, python3, /usr/bin/time
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-3}
HOSTS=${HOSTS:-"10 50 100 150 200"}
TAG=$$
NS_S=ipb13-$TAG-s NS_P=ipb13-$TAG-p NS_Q=ipb13-$TAG-q
BR=brb13$TAG
NAMESPACES=("$NS_S" "$NS_P" "$NS_Q")
WORK=$(mktemp -d)
cleanup() { for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

echo "== build"
(cd "$ROOT" && swift build -c release --scratch-path .build-bench --product ipaudit 2>&1 | tail -1)
BIN="$ROOT/.build-bench/release/ipaudit"

for ns in "${NAMESPACES[@]}"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$NS_S" link add "$BR" type bridge
ip -n "$NS_S" link set "$BR" up
attach() {   # attach NS IFACE ADDR/LEN: a veth from NS into the bridge
    local port=pb$RANDOM$RANDOM
    ip -n "$1" link add "$2" type veth peer name "$port" netns "$NS_S"
    ip -n "$NS_S" link set "$port" master "$BR"
    ip -n "$NS_S" link set "$port" up
    ip -n "$1" addr add "$3" dev "$2"
    ip -n "$1" link set "$2" up
}
attach "$NS_P" vp 10.214.0.1/24
for h in $HOSTS; do
    ns=ipb13-$TAG-h$h
    ip netns add "$ns"; NAMESPACES+=("$ns")
    attach "$ns" vh 10.214.0.$h/24
done
# 2: a bare veth pair, the far end up and silent (no address: nothing answers).
ip -n "$NS_P" link add vq type veth peer name vq0 netns "$NS_Q"
ip -n "$NS_P" addr add 10.215.0.1/16 dev vq
ip -n "$NS_P" link set vq up
ip -n "$NS_Q" link set vq0 up
sleep 0.5

# An inventory that knows none of them: every answer is an unknown-address finding, with its MAC.
printf 'address,name\n10.99.0.1,elsewhere\n' >"$WORK/none.csv"
chmod 0755 "$WORK"; chmod 0644 "$WORK/none.csv"

elapsed() {   # elapsed CMD...: wall seconds, stdout kept in $WORK/out
    local s e
    s=$(date +%s.%N); "$@" >"$WORK/out" 2>/dev/null || true; e=$(date +%s.%N)
    awk "BEGIN{printf \"%.3f\", $e - $s}"
}
min() { awk "BEGIN{print ($1 < $2) ? $1 : $2}"; }

echo "== 10.214.0.0/24, live hosts: $HOSTS; best of $RUNS, alternating"
T_IA=999 T_AS=999
for _ in $(seq "$RUNS"); do
    t=$(elapsed ip netns exec "$NS_P" "$BIN" probe vp 10.214.0.0/24 --retries 1 --wait 500ms --inventory "$WORK/none.csv" --format json)
    T_IA=$(min "$T_IA" "$t")
    python3 -c "
import json; d=json.load(open('$WORK/out'))
print('\n'.join(sorted(f['address'] + ' ' + f['macs'][0] for f in d['findings'] if f['rule'] == 'unknown-address')))" >"$WORK/ipaudit.txt"
    t=$(elapsed ip netns exec "$NS_P" arp-scan -I vp -q -x -r 2 -t 500 10.214.0.0/24)
    T_AS=$(min "$T_AS" "$t")
    awk -F'\t' 'NF >= 2 {print $1 " " $2}' "$WORK/out" | sort -u >"$WORK/arpscan.txt"
    if ! cmp -s "$WORK/ipaudit.txt" "$WORK/arpscan.txt"; then
        echo "MISMATCH between responders:"; diff "$WORK/ipaudit.txt" "$WORK/arpscan.txt" || true; exit 1
    fi
done
echo "responders (both tools, every run): $(wc -l <"$WORK/ipaudit.txt")"
echo "ipaudit probe : ${T_IA}s"
echo "arp-scan      : ${T_AS}s"
echo "ratio arp-scan / ipaudit (>= 1: ipaudit no slower) : $(awk "BEGIN{printf \"%.2f\", $T_AS / $T_IA}")   (target >= 1.00)"

echo "== 10.215.0.0/16 on a silent veth, one attempt each, best of $RUNS; both timed by wall clock"
# Frames the far end received, read around each run: at an unlimited rate a veth drops
# silently, so what was sent is not what arrived.
rx() { ip netns exec "$NS_Q" cat /sys/class/net/vq0/statistics/rx_packets; }
T_IAF=999 T_ASF=999 D_IA=0 D_AS=0
for _ in $(seq "$RUNS"); do
    before=$(rx)
    t=$(elapsed ip netns exec "$NS_P" "$BIN" probe vq 10.215.0.0/16 --rate unlimited --retries 0 --wait 100ms --format json)
    delivered=$(( $(rx) - before ))
    if awk "BEGIN{exit !($t < $T_IAF)}"; then T_IAF=$t D_IA=$delivered; fi
    before=$(rx)
    t=$(elapsed ip netns exec "$NS_P" arp-scan -I vq -q -x -r 1 -t 100 -B 1000M 10.215.0.0/16)
    delivered=$(( $(rx) - before ))
    if awk "BEGIN{exit !($t < $T_ASF)}"; then T_ASF=$t D_AS=$delivered; fi
done
IA_RATE=$(awk "BEGIN{printf \"%.0f\", $D_IA / $T_IAF}")
AS_RATE=$(awk "BEGIN{printf \"%.0f\", $D_AS / $T_ASF}")
echo "ipaudit probe --rate unlimited : ${T_IAF}s wall, $D_IA frames delivered, $IA_RATE delivered/s   (target >= 10000)"
echo "arp-scan -B 1000M              : ${T_ASF}s wall, $D_AS frames delivered, $AS_RATE delivered/s"
echo "ratio ipaudit / arp-scan delivered/s (start-up and expansion included for both) : $(awk "BEGIN{printf \"%.2f\", $IA_RATE / $AS_RATE}")"
