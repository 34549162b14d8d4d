#!/bin/bash
# Live test for `ipaudit scan --watch`: a private L2 segment out of network namespaces (as
# scripts/live-scan-test.sh builds it), two of which claim 10.199.0.5. Needs root (CI runs as
# root). Traffic stays inside the namespaces this script creates; they go on every exit path.
#
#   scripts/live-watch-test.sh IPAUDIT_BINARY
#
# Runs the watcher on the bridge (as nobody after the open) with --store, --prometheus,
# --flush 60s (so only the flush at exit writes) and --metrics-listen, waits for the open event,
# scrapes /metrics and a wrong path inside the namespace, sends SIGTERM, and prints
# "key: value" lines (macs, seen_open, metrics_status, metrics_duplicate, other_status, status,
# store, audit_wire (the findings audit --store raises, unknown-address left out), textfile_duplicate), then "events:" and the watcher's stdout.
set -euo pipefail
BIN=$(readlink -f "$1")
TAG=$$
NS_A=ipw-a-$TAG NS_B=ipw-b-$TAG NS_S=ipw-s-$TAG
BR=bw$TAG
DIR=$(mktemp -d)

SCAN=
cleanup() {
    # A failed step must not leave the watcher running (it would hold the namespace).
    if [ -n "$SCAN" ]; then kill -KILL "$SCAN" 2>/dev/null || true; fi
    for ns in "$NS_A" "$NS_B" "$NS_S"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

. "$(dirname "$(readlink -f "$0")")/two-hosts-on-bridge.sh"
# The scanner drops root for nobody once the capture is open: its files must be writable then.
chmod 0777 "$DIR"

# No timeout(1) in between: `ip netns exec` execs the scanner, so $! is its pid.
ip netns exec "$NS_S" "$BIN" scan "$BR" --watch --format json --store "$DIR/scan.db" --prometheus "$DIR/scan.prom" \
    --flush 60s --metrics-listen 127.0.0.1:0 >"$DIR/out" 2>"$DIR/err" &
SCAN=$!
# The listener is started once the capture is open (and privileges dropped): its line on
# stderr means frames sent from now on are seen. Waiting a fixed time raced a loaded machine.
for _ in $(seq 200); do
    grep -q 'serving metrics on' "$DIR/err" 2>/dev/null && break
    sleep 0.05
done
ip netns exec "$NS_A" arping -q -U -c 2 -I va 10.199.0.5 &
ip netns exec "$NS_B" arping -q -A -c 2 -I vb 10.199.0.5 || true
wait $! 2>/dev/null || true
SEEN=no
for _ in $(seq 50); do
    if grep -q '"event":"open"' "$DIR/out"; then SEEN=yes; break; fi
    sleep 0.1
done
PORT=$(sed -n 's|.*serving metrics on http://127.0.0.1:\([0-9]*\)/metrics.*|\1|p' "$DIR/err")
scrape() {
    ip netns exec "$NS_S" python3 - "$PORT" "$1" <<'PY'
import sys, urllib.error, urllib.request
try:
    r = urllib.request.urlopen("http://127.0.0.1:%s%s" % (sys.argv[1], sys.argv[2]), timeout=5)
    print(r.status)
    print(r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code)
except OSError as e:
    print("unreachable: %s" % e)
PY
}
METRICS=$(scrape /metrics)
OTHER=$(scrape /nothing-here)
kill -TERM $SCAN
for _ in $(seq 100); do kill -0 $SCAN 2>/dev/null || break; sleep 0.1; done
if kill -0 $SCAN 2>/dev/null; then kill -KILL $SCAN; echo "hung: SIGTERM did not end the watch" >&2; fi
set +e; wait $SCAN; RC=$?; set -e

echo "macs: $MAC_A $MAC_B"
echo "seen_open: $SEEN"
echo "metrics_status: $(echo "$METRICS" | head -1)"
echo "metrics_duplicate: $(echo "$METRICS" | grep '^ipaudit_findings{tool="scan",rule="duplicate-address"' || true)"
echo "other_status: $(echo "$OTHER" | head -1)"
echo "status: $RC"
echo "store: $(python3 -c '
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT mac FROM observation WHERE address = ? ORDER BY mac", ("10.199.0.5",)).fetchall()
print(" ".join(r[0] for r in rows))' "$DIR/scan.db" 2>&1)"
echo "audit_wire: $("$BIN" audit --store "$DIR/scan.db" --format json | python3 -c 'import json, sys
print(";".join(sorted("%s %s %s" % (f["rule"], f.get("address") or "", f["severity"])
                      for f in json.load(sys.stdin)["findings"] if f["rule"] != "unknown-address")))')"
echo "textfile_duplicate: $(grep '^ipaudit_findings{tool="scan",rule="duplicate-address"' "$DIR/scan.prom" || true)"
echo "stderr: $(tr '\n' '|' <"$DIR/err")"
echo "events:"
cat "$DIR/out"
