#!/usr/bin/env bash
# Runs the built tests as a bare developer machine would: as nobody (no root, so no network
# namespaces), with PostgreSQL, Chromium, arp-scan, tcpdump, tshark, strace, sqlite3, dnsmasq, radvd and
# systemd-analyze hidden by bind mounts in a private mount namespace (nothing changes outside
# it). Needs root to set that up, and a finished `swift build --build-tests`. The unit tier
# must pass, with every test that needs one of those skipped, naming what it needs.
#   scripts/test-bare-machine.sh [extra arguments for the test runner, e.g. --filter X]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "test-bare-machine.sh: run as root (it hides tools, then drops to nobody)" >&2; exit 2; }
BUNDLE=$(ls -d .build/debug/*PackageTests.xctest | head -1)
EMPTY=$(mktemp -d)
SCRATCH=$(mktemp -d)
chmod 1777 "$SCRATCH"
trap 'rm -rf "$EMPTY" "$SCRATCH"' EXIT
HIDE=""
for tool in chromium arp-scan tcpdump tshark strace sqlite3 systemd-analyze dnsmasq radvd; do
    for dir in /usr/bin /usr/sbin; do [ -e "$dir/$tool" ] && HIDE="$HIDE $dir/$tool"; done
done
exec unshare --mount --propagation private bash -c '
    set -e
    for f in '"$HIDE"'; do mount --bind /dev/null "$f"; done
    [ -d /usr/lib/postgresql ] && mount --bind "'"$EMPTY"'" /usr/lib/postgresql
    cd "'"$SCRATCH"'"
    exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="'"$SCRATCH"'" TMPDIR="'"$SCRATCH"'" LANG=C.UTF-8 \
        "'"$PWD/$BUNDLE"'" --testing-library swift-testing "$@"
' bash "$@"
