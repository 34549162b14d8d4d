#!/bin/bash
# Live test for the rogue-server and rogue-router rules: a private L2 segment out of network
# namespaces, where a legitimate dnsmasq + radvd (namespace A) and a second pair (B, the
# "rogue": another DHCP server and another RA sender) both serve. Needs root, dnsmasq and radvd
# (CI runs as root and installs both). Traffic stays inside the namespaces this script creates;
# they and the daemons go on every exit path.
#
#   scripts/live-rogue-test.sh IPAUDIT_BINARY
#
# A `scan --watch` on the bridge runs while a client (namespace C) runs `probe --dhcp --routers`
# (its DISCOVER and SOLICIT make both servers answer; its RS both routers), then the same probe
# with the legitimate server and router named. Prints "key: value" lines (mac_a, mac_b,
# probe_status, probe, named_status, named, watch_status), then "events:" and the watcher's stdout.
set -euo pipefail
BIN=$(readlink -f "$1")
TAG=$$
NS_A=ipr-a-$TAG NS_B=ipr-b-$TAG NS_C=ipr-c-$TAG NS_S=ipr-s-$TAG
BR=br$TAG
DIR=$(mktemp -d)
chmod 0777 "$DIR"

SCAN=
PIDS=()
cleanup() {
    if [ -n "$SCAN" ]; then kill -KILL "$SCAN" 2>/dev/null || true; fi
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 0.2
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for ns in "$NS_A" "$NS_B" "$NS_C" "$NS_S"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

for ns in "$NS_A" "$NS_B" "$NS_C" "$NS_S"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip -n "$NS_S" link add "$BR" type bridge
ip -n "$NS_S" link set "$BR" up
for side in a b c; do
    case $side in a) ns=$NS_A ;; b) ns=$NS_B ;; c) ns=$NS_C ;; esac
    ip -n "$ns" link add "v$side" type veth peer name "p$side" netns "$NS_S"
    ip -n "$NS_S" link set "p$side" master "$BR"
    ip -n "$NS_S" link set "p$side" up
    # No duplicate address detection: the link-local addresses are usable at once.
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.v$side.accept_dad=0"
done
ip -n "$NS_A" addr add 10.198.0.2/24 dev va
ip -n "$NS_A" addr add fd00:198::2/64 dev va nodad
ip -n "$NS_B" addr add 10.198.0.3/24 dev vb
ip -n "$NS_B" addr add fd00:66::3/64 dev vb nodad
for side in a b c; do
    case $side in a) ns=$NS_A ;; b) ns=$NS_B ;; c) ns=$NS_C ;; esac
    ip -n "$ns" link set "v$side" up
done
MAC_A=$(ip netns exec "$NS_A" cat /sys/class/net/va/address)
MAC_B=$(ip netns exec "$NS_B" cat /sys/class/net/vb/address)

ip netns exec "$NS_S" "$BIN" scan "$BR" --watch --format json --metrics-listen 127.0.0.1:0 >"$DIR/out" 2>"$DIR/err" &
SCAN=$!
for _ in $(seq 200); do
    grep -q 'serving metrics on' "$DIR/err" 2>/dev/null && break
    sleep 0.05
done

# A DHCPv4 and DHCPv6 server and an RA sender per namespace; B hands out another range,
# another router and another prefix, as a home router plugged into the rack would.
serve() {  # namespace, interface, IPv4 range, router, IPv6 range, RA prefix
    ip netns exec "$1" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface="$2" --bind-interfaces \
        --no-ping --leasefile-ro --user=root --log-facility=- --dhcp-range="$3,1h" --dhcp-option=3,"$4" \
        --dhcp-range="$5,64,1h" --pid-file="$DIR/dnsmasq-$2.pid" >"$DIR/dnsmasq-$2.log" 2>&1 &
    PIDS+=($!)
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.forwarding=1
    printf 'interface %s {\n AdvSendAdvert on;\n MinRtrAdvInterval 3;\n MaxRtrAdvInterval 4;\n prefix %s {\n };\n};\n' "$2" "$6" >"$DIR/radvd-$2.conf"
    ip netns exec "$1" radvd --nodaemon --config="$DIR/radvd-$2.conf" --pidfile="$DIR/radvd-$2.pid" --logmethod=stderr \
        >"$DIR/radvd-$2.log" 2>&1 &
    PIDS+=($!)
}
serve "$NS_A" va 10.198.0.100,10.198.0.150 10.198.0.1 fd00:198::100,fd00:198::150 fd00:198::/64
serve "$NS_B" vb 10.198.0.200,10.198.0.250 10.198.0.3 fd00:66::100,fd00:66::150 fd00:66::/64
# Both servers listening and both routers advertising (the watcher opened multiple-routers)
# before the client asks: a loaded machine starts daemons slowly.
for _ in $(seq 300); do
    if grep -q 'DHCPv6' "$DIR/dnsmasq-va.log" 2>/dev/null && grep -q 'DHCPv6' "$DIR/dnsmasq-vb.log" 2>/dev/null \
        && grep -q '"rule":"multiple-routers"' "$DIR/out"; then break; fi
    sleep 0.1
done

set +e
ip netns exec "$NS_C" "$BIN" probe vc --dhcp --routers --wait 5s --format json >"$DIR/probe" 2>"$DIR/probe-err"
PROBE_RC=$?
ip netns exec "$NS_C" "$BIN" probe vc --dhcp --routers --wait 5s --format json --dhcp-server 10.198.0.2 \
    --dhcp-server "$MAC_A" --router "$MAC_A" >"$DIR/named" 2>"$DIR/named-err"
NAMED_RC=$?
set -e

# The watcher has had the probes' answers and the periodic RAs: both multiple-* findings open.
SEEN=no
for _ in $(seq 100); do
    if grep -q '"rule":"multiple-dhcp-servers"' "$DIR/out" && grep -q '"rule":"multiple-routers"' "$DIR/out"; then SEEN=yes; break; fi
    sleep 0.1
done
kill -TERM $SCAN
for _ in $(seq 100); do kill -0 $SCAN 2>/dev/null || break; sleep 0.1; done
set +e; wait $SCAN; WATCH_RC=$?; set -e
SCAN=

echo "mac_a: $MAC_A"
echo "mac_b: $MAC_B"
echo "seen_open: $SEEN"
echo "probe_status: $PROBE_RC"
echo "probe: $(tr -d '\n' <"$DIR/probe")"
echo "probe_err: $(tr -d '\n' <"$DIR/probe-err")"
echo "named_status: $NAMED_RC"
echo "named: $(tr -d '\n' <"$DIR/named")"
echo "watch_status: $WATCH_RC"
echo "events:"
cat "$DIR/out"
