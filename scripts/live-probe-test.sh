#!/bin/bash
# Live test for `ipaudit probe`: a private L2 segment of network namespaces on one bridge, a
# prober namespace (veth vp, 10.213.0.1/24, fd5a:1f00:0:13::1/64) and the hosts each mode
# needs. Needs root (CI runs as root). Traffic stays inside the namespaces this script creates;
# they are removed on every exit path. Prints "key: value" header lines, then the probe's JSON.
#
#   live-probe-test.sh BIN duplicate   A and B both hold 10.213.0.5 and fd5a:1f00:0:13::5;
#                                      header: macs (A B), arpscan (arp-scan's answers for .5)
#   live-probe-test.sh BIN single      A alone holds .7 and ::7; the /28 and ::/124 are probed;
#                                      header: mac, arpscan (arp-scan's responders in the /28)
#   live-probe-test.sh BIN flux        F has two interfaces on the bridge (.21, .22), arp_ignore=0;
#                                      header: macs, arpscan (arp-scan's answer count for .21 .22)
#   live-probe-test.sh BIN proxy       X proxies ARP for 10.213.0.64/28 (routed out of a veth);
#                                      probed with --arp-sender (Linux proxies ignore RFC 5227 probes); header: mac
#   live-probe-test.sh BIN unresponsive  inventory .5 (held by A), .9, ::9 (nobody), 10.50.0.1
#   live-probe-test.sh BIN inventory-mac  A and B hold .5, the inventory records A's MAC; C holds .7,
#                                      recorded with another MAC; header: macs (A B C)
#   live-probe-test.sh BIN unresponsive-url  the same inventory pulled over http://
#                                      (off-link); B holds .7, not in it; the /28 is swept too
#   live-probe-test.sh BIN vlan        V holds 10.213.42.5 and fd5a:1f00:0:42::5 on VLAN 42 only
#                                      (vv.42, or a tagged-only responder on kernels without
#                                      802.1Q); probed with --vlan 42; header: mac, host
#   live-probe-test.sh BIN vlan-wrong  the same host probed with --vlan 43: nobody answers
#   live-probe-test.sh BIN save        targets from a store's inventory (.5 held, .9 not), --save;
#                                      header: audit (observations audit reads), observation (the row)
#   live-probe-test.sh BIN save-duplicate  the duplicate mode's two hosts, probed with --save into a new
#                                      store; header: audit_wire (the audit's findings of that store,
#                                      unknown-address left out), coverage (its watched prefixes)
#   live-probe-test.sh BIN save-rootonly  the save mode as root (no sudo) in a 0700 directory, a 0600
#                                      store and inventory; header: owners (of store.db*), observation
#   live-probe-test.sh BIN save-sudo   .5 probed with --save into a new store in daemon's own 0700
#                                      directory, SUDO_UID naming daemon; header: owners, observation
#   live-probe-test.sh BIN privileges  header: the running prober's uid, capeff, nonewprivs
#   live-probe-test.sh BIN signal      SIGINT during a slow run; header: stopped_in (seconds)
#   live-probe-test.sh BIN plan        a plan's pools as targets: 10.213.0.0/28 (A holds .7), 10.99.0.0/16
#   live-probe-test.sh BIN routes      the prober holds a /32 and a /128, the subnets routed onto vp
#   live-probe-test.sh BIN senderror   vp goes down mid-run: the report of what was heard, exit 2
#   live-probe-test.sh BIN offlink     only off-link targets: exit 2, a warning on stderr
set -euo pipefail
BIN=$(readlink -f "$1")
MODE=${2:-duplicate}
TAG=$$
PFX=ipp13-$TAG
NS_S=$PFX-s NS_P=$PFX-p
BR=br13$TAG
NAMESPACES=("$NS_S" "$NS_P")
OUT=$(mktemp -d)

RESPONDER=   # killed with SIGKILL: test runners hand down a mask that blocks SIGTERM
cleanup() {
    [ -z "$RESPONDER" ] || { kill -KILL "$RESPONDER" 2>/dev/null; wait "$RESPONDER" 2>/dev/null; } || true
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$OUT"
}
trap cleanup EXIT INT TERM

ns_add() { ip netns add "$1"; NAMESPACES+=("$1"); ip -n "$1" link set lo up; }
# attach NS IFACE: a veth from NS into the bridge.
attach() {
    local ns=$1 ifname=$2 port=p$RANDOM$RANDOM
    port=${port:0:15}
    ip -n "$ns" link add "$ifname" type veth peer name "$port" netns "$NS_S"
    ip -n "$NS_S" link set "$port" master "$BR"
    ip -n "$NS_S" link set "$port" up
    ip -n "$ns" link set "$ifname" up
}
mac_of() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
# host NAME IFACE ADDR4 ADDR6: a namespace holding the addresses (no DAD: ready at once).
host() {
    ns_add "$1"
    attach "$1" "$2"
    ip -n "$1" addr add "$3/24" dev "$2"
    [ -z "${4:-}" ] || ip -n "$1" addr add "$4/64" dev "$2" nodad
}

ip netns add "$NS_S"
ip -n "$NS_S" link set lo up
ip -n "$NS_S" link add "$BR" type bridge mcast_snooping 0
ip -n "$NS_S" link set "$BR" up
ip netns add "$NS_P"
ip -n "$NS_P" link set lo up
attach "$NS_P" vp
ip -n "$NS_P" addr add 10.213.0.1/24 dev vp
ip -n "$NS_P" addr add fd5a:1f00:0:13::1/64 dev vp nodad

probe() {
    set +e
    ip netns exec "$NS_P" timeout -s KILL 30 "$BIN" probe vp --wait 300ms --retries 1 --format json "$@" >"$OUT/report.json"
    echo "status: $?"
    set -e
}
# arp-scan (Debian's) as the oracle: "address mac" per answer, duplicates included.
arpscan() {
    ip netns exec "$NS_P" arp-scan -I vp -q -x -r 2 -t 300 "$@" 2>/dev/null | awk -F'\t' 'NF >= 2 {print $1 "=" $2}' | sort | tr '\n' ' '
}

# The findings `audit --store` raises from what the run saved, as "rule address severity;...",
# without unknown-address (the store has no inventory, so every address is unknown).
audit_wire() {
    "$BIN" audit --store "$1" --format json | python3 -c 'import json, sys
print(";".join(sorted("%s %s %s" % (f["rule"], f.get("address") or "", f["severity"])
                      for f in json.load(sys.stdin)["findings"] if f["rule"] != "unknown-address")))'
}

case "$MODE" in
duplicate)
    host "$PFX-a" va 10.213.0.5 fd5a:1f00:0:13::5
    host "$PFX-b" vb 10.213.0.5 fd5a:1f00:0:13::5
    echo "macs: $(mac_of "$PFX-a" va) $(mac_of "$PFX-b" vb)"
    echo "arpscan: $(arpscan 10.213.0.5)"
    probe 10.213.0.5 fd5a:1f00:0:13::5
    ;;
single)
    host "$PFX-a" va 10.213.0.7 fd5a:1f00:0:13::7
    echo "mac: $(mac_of "$PFX-a" va)"
    echo "arpscan: $(arpscan 10.213.0.0/28)"
    probe 10.213.0.0/28 fd5a:1f00:0:13::/124
    ;;
flux)
    ns_add "$PFX-f"
    ip netns exec "$PFX-f" sysctl -qw net.ipv4.conf.all.arp_ignore=0 net.ipv4.conf.default.arp_ignore=0
    attach "$PFX-f" f1
    attach "$PFX-f" f2
    ip -n "$PFX-f" addr add 10.213.0.21/24 dev f1
    ip -n "$PFX-f" addr add 10.213.0.22/24 dev f2
    echo "macs: $(mac_of "$PFX-f" f1) $(mac_of "$PFX-f" f2)"
    echo "arpscan: $(arpscan 10.213.0.21 10.213.0.22)"
    probe 10.213.0.21 10.213.0.22
    ;;
proxy)
    host "$PFX-x" vx 10.213.0.30
    # The proxied range is routed out of another interface (a veth pair: no dummy module needed).
    ip -n "$PFX-x" link add vr type veth peer name vr0
    ip -n "$PFX-x" link set vr up
    ip -n "$PFX-x" link set vr0 up
    ip -n "$PFX-x" route add 10.213.0.64/28 dev vr
    ip netns exec "$PFX-x" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.vx.proxy_arp=1 net.ipv4.neigh.vx.proxy_delay=0
    echo "mac: $(mac_of "$PFX-x" vx)"
    probe 10.213.0.64/28 --arp-sender 10.213.0.1
    ;;
unresponsive)
    host "$PFX-a" va 10.213.0.5 fd5a:1f00:0:13::5
    host "$PFX-b" vb 10.213.0.7
    printf 'address,name\n10.213.0.5,host-a\n10.213.0.9,ghost\nfd5a:1f00:0:13::9,ghost6\n10.50.0.1,elsewhere\n' >"$OUT/inventory.csv"
    chmod 0755 "$OUT"; chmod 0644 "$OUT/inventory.csv"   # read as nobody after the drop
    probe 10.213.0.0/28 --inventory "$OUT/inventory.csv"
    ;;
inventory-mac)
    # The inventory records A's MAC for .5, which B holds too, and a MAC nobody has for .7,
    # which C holds: the duplicate names the record and B's MAC, .7 is a mac-mismatch.
    host "$PFX-a" va 10.213.0.5
    host "$PFX-b" vb 10.213.0.5
    host "$PFX-c" vc 10.213.0.7
    printf 'address,name,mac\n10.213.0.5,web-1,%s\n10.213.0.7,db-1,02:00:00:00:99:99\n' "$(mac_of "$PFX-a" va)" >"$OUT/inventory.csv"
    echo "macs: $(mac_of "$PFX-a" va) $(mac_of "$PFX-b" vb) $(mac_of "$PFX-c" vc)"
    probe --inventory "$OUT/inventory.csv"
    ;;
unresponsive-url)
    # The same inventory pulled over HTTP from the prober's namespace (as nobody, after the drop).
    host "$PFX-a" va 10.213.0.5 fd5a:1f00:0:13::5
    host "$PFX-b" vb 10.213.0.7
    printf 'address,name\n10.213.0.5,host-a\n10.213.0.9,ghost\nfd5a:1f00:0:13::9,ghost6\n10.50.0.1,elsewhere\n' >"$OUT/inventory.csv"
    chmod 0755 "$OUT"; chmod 0644 "$OUT/inventory.csv"
    ip netns exec "$NS_P" python3 -m http.server 8765 --bind 127.0.0.1 --directory "$OUT" >/dev/null 2>&1 &
    RESPONDER=$!
    for _ in $(seq 100); do ip netns exec "$NS_P" bash -c 'echo >/dev/tcp/127.0.0.1/8765' 2>/dev/null && break; sleep 0.05; done
    probe 10.213.0.0/28 --inventory http://127.0.0.1:8765/inventory.csv
    ;;
vlan|vlan-wrong)
    ns_add "$PFX-v"
    attach "$PFX-v" vv
    # A VLAN subinterface where the kernel has 802.1Q; else a responder that answers only
    # frames tagged 42 (scripts/probe-vlan-responder.py), as such a subinterface would.
    if ip -n "$PFX-v" link add link vv name vv.42 type vlan id 42 2>/dev/null; then
        echo "host: vlan-subinterface"
        ip -n "$PFX-v" link set vv.42 up
        ip -n "$PFX-v" addr add 10.213.42.5/24 dev vv.42
        ip -n "$PFX-v" addr add fd5a:1f00:0:42::5/64 dev vv.42 nodad
    else
        echo "host: responder"
        ip netns exec "$PFX-v" python3 "$(dirname "$(readlink -f "$0")")/probe-vlan-responder.py" \
            vv 42 10.213.42.5 fd5a:1f00:0:42::5 5 "$OUT/ready" &
        RESPONDER=$!
        for _ in $(seq 50); do [ -e "$OUT/ready" ] && break; sleep 0.1; done
    fi
    echo "mac: $(mac_of "$PFX-v" vv)"
    ID=$([ "$MODE" = vlan ] && echo 42 || echo 43)
    # The host's rows on the probed VLAN (vlan-wrong: an inventory that misplaces it); a row on
    # another VLAN and one placed nowhere are not this VLAN's to answer.
    printf 'address,name,vlan\n10.213.42.5,tagged-host,%s\nfd5a:1f00:0:42::5,tagged-host,%s\n10.213.42.6,elsewhere,7\n10.213.42.7,unplaced,\n' \
        "$ID" "$ID" >"$OUT/inventory.csv"
    chmod 0755 "$OUT"; chmod 0644 "$OUT/inventory.csv"
    # The highest promiscuity vp shows while the prober runs (--vlan opens it promiscuous).
    ( for _ in $(seq 30); do ip -n "$NS_P" -d link show vp | grep -o 'promiscuity [0-9]*'; sleep 0.05; done \
        | sort -k2 -n | tail -1 | sed 's/ /: /' >"$OUT/promiscuity" ) &
    SAMPLER=$!
    probe --vlan "$ID" --inventory "$OUT/inventory.csv"
    wait "$SAMPLER"
    cat "$OUT/promiscuity"
    ;;
save|save-env)
    # Targets from a store's inventory; the answers saved as observations, which audit then reads.
    # save-env names the store through IPAUDIT_STORE instead of --store.
    host "$PFX-a" va 10.213.0.5
    chmod 1777 "$OUT"   # the store is written as nobody after the drop
    printf 'address,name\n10.213.0.5,host-a\n10.213.0.9,ghost\n' >"$OUT/inventory.csv"
    "$BIN" import "$OUT/inventory.csv" --store "$OUT/store.db" >/dev/null
    chmod 0666 "$OUT/store.db"
    echo "mac: $(mac_of "$PFX-a" va)"
    if [ "$MODE" = save-env ]; then
        export IPAUDIT_STORE="$OUT/store.db"; probe --save; unset IPAUDIT_STORE
    else
        probe --store "$OUT/store.db" --save
    fi
    echo "audit: $("$BIN" audit --store "$OUT/store.db" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["stats"]["observations"])')"
    echo "observation: $(python3 -c "import sqlite3; print(' '.join(map(str, sqlite3.connect('$OUT/store.db').execute('select address, mac from observation').fetchall())))")"
    ;;
save-rootonly)
    # As root in a directory only root may enter (mktemp's 0700), not through sudo: the 0600
    # store and inventory are opened before the drop to nobody and kept open.
    unset SUDO_UID SUDO_GID SUDO_USER
    host "$PFX-a" va 10.213.0.5
    printf 'address,name\n10.213.0.5,host-a\n10.213.0.9,ghost\n' >"$OUT/inventory.csv"
    chmod 0600 "$OUT/inventory.csv"
    "$BIN" import "$OUT/inventory.csv" --store "$OUT/store.db" >/dev/null
    chmod 0600 "$OUT/store.db"
    echo "mac: $(mac_of "$PFX-a" va)"
    probe --store "$OUT/store.db" --save --inventory "$OUT/inventory.csv"
    echo "owners: $(stat -c %U "$OUT"/store.db* | sort -u | tr '\n' ' ')"
    echo "observation: $(python3 -c "import sqlite3; print(' '.join(map(str, sqlite3.connect('$OUT/store.db').execute('select address, mac from observation').fetchall())))")"
    ;;
save-sudo)
    # Started through sudo by daemon (SUDO_UID): a new store in that user's own directory is
    # created before the drop and handed to them, -wal and -shm with it.
    host "$PFX-a" va 10.213.0.5
    mkdir "$OUT/home"; chown daemon:daemon "$OUT/home"; chmod 0700 "$OUT/home"
    echo "mac: $(mac_of "$PFX-a" va)"
    export SUDO_UID=$(id -u daemon) SUDO_GID=$(id -g daemon) SUDO_USER=daemon
    probe 10.213.0.5 --store "$OUT/home/store.db" --save
    unset SUDO_UID SUDO_GID SUDO_USER
    echo "owners: $(stat -c %U "$OUT"/home/store.db* | sort -u | tr '\n' ' ')"
    echo "observation: $(python3 -c "import sqlite3; print(' '.join(map(str, sqlite3.connect('$OUT/home/store.db').execute('select address, mac from observation').fetchall())))")"
    ;;
save-duplicate)
    host "$PFX-a" va 10.213.0.5 fd5a:1f00:0:13::5
    host "$PFX-b" vb 10.213.0.5 fd5a:1f00:0:13::5
    chown nobody "$OUT"   # the store is created as nobody after the drop (a sticky shared directory would make root refuse it)
    echo "macs: $(mac_of "$PFX-a" va) $(mac_of "$PFX-b" vb)"
    probe 10.213.0.5 fd5a:1f00:0:13::5 --store "$OUT/store.db" --save
    echo "audit_wire: $(audit_wire "$OUT/store.db")"
    echo "coverage: $(python3 -c "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('$OUT/store.db').execute('select prefix from wire_coverage order by prefix')))")"
    ;;
signal)
    # SIGINT half-way through a slow run (200 silent targets at 50/s): the report of what was
    # sent is still printed, at once.
    ip netns exec "$NS_P" "$BIN" probe vp 10.213.0.0/24 --rate 50 --format json >"$OUT/report.json" &
    PROBER=$!
    sleep 1
    START=$(date +%s.%N)
    kill -INT $PROBER
    set +e; wait $PROBER; echo "status: $?"; set -e
    echo "stopped_in: $(awk "BEGIN{print $(date +%s.%N) - $START}")"
    ;;
senderror)
    # The interface goes down mid-run (--rate 50 over the /24): what was heard is still reported, exit 2.
    host "$PFX-a" va 10.213.0.2
    ip netns exec "$NS_P" "$BIN" probe vp 10.213.0.0/24 --rate 50 --format json >"$OUT/report.json" 2>"$OUT/stderr" &
    PROBER=$!
    sleep 1
    ip -n "$NS_P" link set vp down
    set +e; wait $PROBER; echo "status: $?"; set -e
    echo "stderr: $(tr '\n' ' ' <"$OUT/stderr")"
    ;;
plan)
    # A plan's pools as targets: the on-link part of each is probed, the rest skipped.
    host "$PFX-a" va 10.213.0.7
    chmod 0755 "$OUT"
    printf 'pools:\n  - 10.213.0.0/28\n  - 10.99.0.0/16\n' >"$OUT/plan.yaml"
    chmod 0644 "$OUT/plan.yaml"
    probe --plan "$OUT/plan.yaml"
    ;;
routes)
    # The prober holds /32 and /128 addresses (cloud, DHCPv6) with the subnets routed onto vp:
    # the connected routes say what is on the link.
    ip -n "$NS_P" addr flush dev vp scope global
    ip -n "$NS_P" addr add 10.213.0.1/32 dev vp
    ip -n "$NS_P" addr add fd5a:1f00:0:13::1/128 dev vp nodad
    ip -n "$NS_P" route add 10.213.0.0/24 dev vp
    ip -n "$NS_P" route add fd5a:1f00:0:13::/64 dev vp
    host "$PFX-a" va 10.213.0.7 fd5a:1f00:0:13::7
    probe 10.213.0.7 fd5a:1f00:0:13::7 10.99.0.1
    ;;
offlink)
    # Nothing on the link: exit 2, said on stderr, no report.
    set +e
    ip netns exec "$NS_P" "$BIN" probe vp 10.99.0.0/24 --format json >"$OUT/report.json" 2>"$OUT/stderr"
    echo "status: $?"
    set -e
    echo "stderr: $(tr '\n' ' ' <"$OUT/stderr")"
    echo "stdout_bytes: $(wc -c <"$OUT/report.json")"
    echo "{}"
    ;;
privileges)
    # The running prober's identity, read while it listens (--wait 2s), then its report.
    host "$PFX-a" va 10.213.0.5
    ip netns exec "$NS_P" "$BIN" probe vp 10.213.0.5 --retries 0 --wait 2s --format json >"$OUT/report.json" &
    PROBER=$!
    sleep 1
    awk '/^Uid:/{print "uid: " $2 " " $3 " " $4 " " $5} /^CapEff:/{print "capeff: " $2} /^NoNewPrivs:/{print "nonewprivs: " $2}' "/proc/$PROBER/status"
    set +e; wait $PROBER; echo "status: $?"; set -e
    echo "mac: $(mac_of "$PFX-a" va)"
    ;;
*)
    echo "unknown mode $MODE" >&2; exit 2 ;;
esac
cat "$OUT/report.json"
