#!/bin/bash
# Live drop test: replays the benchmark capture with tcpreplay at top speed into a veth whose
# peer `ipaudit scan` captures on, inside two private namespaces, and prints the scanner's
# received / dropped / ifdropped against what tcpreplay sent. Needs root and tcpreplay.
#
#   Benchmarks/scan/live.sh [CAPTURE] [BUFFER_SIZE]     defaults: the 2M mixed capture of run.sh, 4M
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/ipaudit-scan-bench}
CAP=${1:-$WORK/mixed-2000000.pcap}
BUF=${2:-4M}
BIN="$ROOT/.build-bench/release/ipaudit"
TAG=$$
NS_TX=ipa-tx-$TAG NS_RX=ipa-rx-$TAG
cleanup() { ip netns del "$NS_TX" 2>/dev/null || true; ip netns del "$NS_RX" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NS_TX"; ip netns add "$NS_RX"
ip -n "$NS_TX" link add vtx type veth peer name vrx netns "$NS_RX"
ip -n "$NS_TX" link set vtx up; ip -n "$NS_RX" link set vrx up

ip netns exec "$NS_RX" "$BIN" scan vrx --buffer-size "$BUF" --duration 600s --format json >"$WORK/live.json" &
SCAN=$!
sleep 1
ip netns exec "$NS_TX" tcpreplay --topspeed -i vtx "$CAP" 2>&1 | grep -E "Actual|Rated|Statistics|Successful|Failed" || true
sleep 1
kill -INT $SCAN; wait $SCAN || true
python3 -c "
import json; s=json.load(open('$WORK/live.json'))['stats']
print('scanner: received=%d dropped=%d ifdropped=%d decoded packets=%d (buffer $BUF)' % (s['received'], s['dropped'], s['ifdropped'], s['packets']))"
