#!/bin/bash
# Live test for `ipaudit scan`: builds a private L2 segment out of network namespaces and
# checks the scanner on it. Needs root (CI runs as root). Traffic stays inside the namespaces
# this script creates; they are removed on every exit path.
#
#   scripts/live-scan-test.sh IPAUDIT_BINARY conflict   two namespaces claim 10.199.0.5 (arping -U / -A);
#                                                       prints "macs: A B" then the scan's JSON
#   scripts/live-scan-test.sh IPAUDIT_BINARY idle       silent link: --duration 1s must end on time
#   scripts/live-scan-test.sh IPAUDIT_BINARY signal     no duration: SIGINT after 1 s must still print the report
#   scripts/live-scan-test.sh IPAUDIT_BINARY tty        stderr on a terminal (script(1)): prints "tty: ..." with
#                                                       <CR> and <EL> for the status line's control codes
#   scripts/live-scan-test.sh IPAUDIT_BINARY any        `scan any` (Linux cooked) during the conflict, with
#                                                       loopback DNS-like traffic on lo; prints "macs: A B"
#   scripts/live-scan-test.sh IPAUDIT_BINARY dhcp       default options; a 342-byte DHCPACK for 10.199.0.77
#                                                       to 02:00:00:00:00:77 is sent twice from the A side
#   scripts/live-scan-test.sh IPAUDIT_BINARY privileges the running scanner's /proc/PID/status lines
#                                                       (uid, gid, capeff, capprm, nonewprivs), then the
#                                                       conflict, seen after the drop
#   scripts/live-scan-test.sh IPAUDIT_BINARY ambient    the same, started as nobody with CAP_NET_RAW as an
#                                                       ambient capability (systemd AmbientCapabilities)
set -euo pipefail
BIN=$(readlink -f "$1")
PCAPGEN=$(dirname "$(readlink -f "$0")")/pcap
MODE=${2:-conflict}
TAG=$$
NS_A=ipa-a-$TAG NS_B=ipa-b-$TAG NS_S=ipa-s-$TAG
BR=br$TAG

cleanup() {
    for ns in "$NS_A" "$NS_B" "$NS_S"; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

. "$(dirname "$(readlink -f "$0")")/two-hosts-on-bridge.sh"
OUT=$(mktemp)
trap 'rm -f "$OUT"; cleanup' EXIT

case "$MODE" in
conflict)
    ip netns exec "$NS_S" timeout -s KILL 20 "$BIN" scan "$BR" --duration 4s --format json >"$OUT" &
    SCAN=$!
    sleep 0.7
    ip netns exec "$NS_A" arping -q -U -c 2 -I va 10.199.0.5 &
    ip netns exec "$NS_B" arping -q -A -c 2 -I vb 10.199.0.5 || true
    wait $! 2>/dev/null || true
    set +e; wait $SCAN; RC=$?; set -e
    echo "macs: $MAC_A $MAC_B"
    echo "status: $RC"
    cat "$OUT"
    ;;
idle)
    START=$(date +%s.%N)
    set +e; ip netns exec "$NS_S" timeout -s KILL 20 "$BIN" scan "$BR" --duration 1s --format json >"$OUT"; RC=$?; set -e
    END=$(date +%s.%N)
    echo "elapsed: $(awk "BEGIN{print $END - $START}")"
    echo "status: $RC"
    cat "$OUT"
    ;;
signal)
    ip netns exec "$NS_S" "$BIN" scan "$BR" --format json >"$OUT" &
    SCAN=$!
    sleep 1
    ip netns exec "$NS_A" arping -q -U -c 1 -I va 10.199.0.5 || true
    sleep 0.3
    kill -INT $SCAN
    for _ in $(seq 50); do kill -0 $SCAN 2>/dev/null || break; sleep 0.1; done
    if kill -0 $SCAN 2>/dev/null; then kill -KILL $SCAN; echo "hung: SIGINT did not end the capture" >&2; fi
    set +e; wait $SCAN; RC=$?; set -e
    echo "status: $RC"
    cat "$OUT"
    ;;
tty)
    # The status line is drawn only when stderr is a terminal: script(1) gives the scan a pty
    # for stderr while stdout (the report) goes to a file.
    TTYLOG=$(mktemp)
    trap 'rm -f "$OUT" "$TTYLOG"; cleanup' EXIT
    ( sleep 0.5; for _ in 1 2 3; do ip netns exec "$NS_A" arping -q -U -c 1 -I va 10.199.0.5 || true; sleep 0.4; done ) &
    set +e
    script -qfec "ip netns exec $NS_S timeout -s KILL 20 $BIN scan $BR --duration 2500ms --format json 2>&1 >$OUT" "$TTYLOG" >/dev/null
    RC=$?
    set -e
    wait
    echo "status: $RC"
    echo "tty: $(sed -e 's/\r/<CR>/g' -e 's/\x1b\[K/<EL>/g' "$TTYLOG" | tr -d '\n')"
    cat "$OUT"
    ;;
any)
    ip netns exec "$NS_S" timeout -s KILL 20 "$BIN" scan any --duration 4s --format json >"$OUT" &
    SCAN=$!
    sleep 0.7
    # lo traffic to a stub resolver's address: it never leaves the host, and is no finding.
    ip netns exec "$NS_S" python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(3): s.sendto(b'q' * 30, ('127.0.0.53', 53))"
    ip netns exec "$NS_A" arping -q -U -c 2 -I va 10.199.0.5 &
    ip netns exec "$NS_B" arping -q -A -c 2 -I vb 10.199.0.5 || true
    wait $! 2>/dev/null || true
    set +e; wait $SCAN; RC=$?; set -e
    echo "macs: $MAC_A $MAC_B"
    echo "status: $RC"
    cat "$OUT"
    ;;
dhcp)
    ip netns exec "$NS_S" timeout -s KILL 20 "$BIN" scan "$BR" --duration 3s --routable 10.199.0.0/28 --format json >"$OUT" &
    SCAN=$!
    sleep 0.7
    for _ in 1 2; do
        ip netns exec "$NS_A" python3 - "$PCAPGEN" va "$MAC_A" <<'PY'
import socket, sys
sys.path.insert(0, sys.argv[1])
from pcapgen import BROADCAST, ETH_IPV4, dhcp_reply, ethernet, udp4
body = dhcp_reply("02:00:00:00:00:77", "10.199.0.77", "10.199.0.1")
body += b"\0" * (300 - len(body))          # BOOTP's minimum message: 342 bytes on the wire
frame = ethernet(BROADCAST, sys.argv[3], ETH_IPV4, udp4("10.199.0.1", "255.255.255.255", 67, 68, body))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((sys.argv[2], 0))
s.send(frame)
PY
        sleep 0.2
    done
    set +e; wait $SCAN; RC=$?; set -e
    echo "status: $RC"
    cat "$OUT"
    ;;
privileges|ambient)
    # No timeout(1) in between: `ip netns exec` (and setpriv) exec the scanner, so $! is its pid.
    if [ "$MODE" = ambient ]; then
        chmod 0666 "$OUT"
        ip netns exec "$NS_S" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+net_raw --ambient-caps=+net_raw \
            "$BIN" scan "$BR" --duration 3s --format json >"$OUT" &
    else
        ip netns exec "$NS_S" "$BIN" scan "$BR" --duration 3s --format json >"$OUT" &
    fi
    SCAN=$!
    sleep 1
    awk '/^Uid:/{print "uid: " $2 " " $3 " " $4 " " $5} /^Gid:/{print "gid: " $2 " " $3} /^CapEff:/{print "capeff: " $2}
         /^CapPrm:/{print "capprm: " $2} /^CapAmb:/{print "capamb: " $2} /^NoNewPrivs:/{print "nonewprivs: " $2}' "/proc/$SCAN/status"
    ip netns exec "$NS_A" arping -q -U -c 2 -I va 10.199.0.5 &
    ip netns exec "$NS_B" arping -q -A -c 2 -I vb 10.199.0.5 || true
    wait $! 2>/dev/null || true
    set +e; wait $SCAN; RC=$?; set -e
    echo "macs: $MAC_A $MAC_B"
    echo "status: $RC"
    cat "$OUT"
    ;;
*)
    echo "unknown mode $MODE" >&2; exit 2 ;;
esac
