#!/bin/bash
# Live test for `ipaudit scan nflog:7` (link type NFLOG): a private network namespace whose
# nftables OUTPUT chain logs packets to 10.9.0.0/24 to netfilter log group 7. Sends three UDP
# datagrams to port 9 and three to port 53, then prints the scan's JSON. Needs root and nft;
# traffic never leaves the namespace, which is removed on every exit path.
#
#   scripts/live-nflog-test.sh IPAUDIT_BINARY [BPF-FILTER]
set -euo pipefail
BIN=$(readlink -f "$1")
NS=ipa-nflog-$$
cleanup() { ip netns del "$NS" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add veth0 type veth peer name veth1
ip -n "$NS" addr add 10.9.0.1/24 dev veth0
ip -n "$NS" link set veth0 up
ip -n "$NS" link set veth1 up
ip netns exec "$NS" nft -f - <<'RULES'
table ip ipaudit_test {
  chain out { type filter hook output priority 0; ip daddr 10.9.0.0/24 log group 7; }
}
RULES
OUT=$(mktemp)
trap 'rm -f "$OUT"; cleanup' EXIT
filter=()
if [ $# -ge 2 ]; then filter=(--filter "$2"); fi
ip netns exec "$NS" timeout -s KILL 20 "$BIN" scan nflog:7 --duration 3s --format json "${filter[@]}" >"$OUT" &
scan=$!
sleep 1
for _ in 1 2 3; do
    ip netns exec "$NS" bash -c 'echo x > /dev/udp/10.9.0.3/9; echo y > /dev/udp/10.9.0.4/53'
    sleep 0.1
done
status=0
wait "$scan" || status=$?
echo "status: $status"
cat "$OUT"
