#!/usr/bin/env bash
# scripts/test-package.sh (root; .ci/run calls it after the tests)
#
# Builds the packages (scripts/package.sh) and tries them where they are meant to run: a
# minimal Debian 12 root made by debootstrap from Debian's packages, with no Swift in it.
#   - lintian: no error, and no warning but the accepted ones below;
#   - the packaged binary needs no Swift runtime library (ldd);
#   - in the root: `dpkg -i` then `apt-get install -f` brings the dependencies; then
#     `ipaudit --version`, `allocate --zones 3`, `audit` of a fixture, `scan --read` of a fixture
#     capture, `man ipaudit`, `systemd-analyze verify` of the installed units, the user and the
#     state directory, the completions; then `apt-get purge`, after which the root must hold
#     the same files and accounts as a second root where only the dependencies were installed
#     (policy keeps them: removing them is `apt-get autoremove`, the administrator's call),
#     dpkg's and apt's own records, caches and logs aside.
# The debootstrapped root is cached in $IPAUDIT_CI_CACHE (default /var/tmp/ipaudit-ci) and
# copied for each run, so only the first run downloads it. Needs debootstrap, lintian, unshare.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE=${IPAUDIT_CI_CACHE:-/var/tmp/ipaudit-ci}
SUITE=bookworm
fail() { echo "test-package.sh: FAIL: $*" >&2; exit 1; }
step() { echo "test-package.sh: $*" >&2; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot)"
for tool in debootstrap lintian unshare chroot; do command -v "$tool" >/dev/null || fail "needs $tool"; done

# The minimal Debian 12 root, made once from the same mirror the host uses and cached.
# `--prepare-root` makes only that (mostly downloads: .ci/run runs it while the tests run).
BASE=$CACHE/debian12-base
ensure_base() {
    [ -e "$BASE/.complete" ] && return 0
    local mirror
    mirror=$(apt-get indextargets --format '$(SITE) $(CODENAME) $(TARGET_OF)' |
             awk -v s="$SUITE" '$2 == s && $3 == "deb" { print $1; exit }')
    [ -n "$mirror" ] || fail "no apt source of the host serves Debian $SUITE (apt-get indextargets)"
    step "debootstrap $SUITE from $mirror into $BASE (cached for the next runs)"
    rm -rf "$BASE" "$BASE.new"
    mkdir -p "$CACHE"
    # man-db and systemd: the tools of the checks (man, systemd-analyze), not ipaudit's dependencies.
    debootstrap --variant=minbase --include=man-db,systemd "$SUITE" "$BASE.new" "$mirror" >"$CACHE/debootstrap.log" 2>&1 ||
        { tail -20 "$CACHE/debootstrap.log" >&2; fail "debootstrap failed"; }
    touch "$BASE.new/.complete"
    mv "$BASE.new" "$BASE"
}
if [ "${1:-}" = --prepare-root ]; then
    ensure_base
    exit 0
fi

WORK=$(mktemp -d /var/tmp/ipaudit-package-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

step "building the packages"
start=$(date +%s)
mapfile -t ARTEFACTS < <(scripts/package.sh --output "$WORK/dist")
step "package.sh took $(( $(date +%s) - start )) s"
[ ${#ARTEFACTS[@]} -ge 3 ] && [ -f "${ARTEFACTS[0]}" ] || fail "package.sh made no packages (see above)"
DEB=${ARTEFACTS[0]} DBGSYM=${ARTEFACTS[1]} TARBALL=${ARTEFACTS[2]}
VERSION=$(dpkg-deb -f "$DEB" Version)

# --- on the host: lintian, the binary's libraries, the tarball's layout ---------------------------
# Accepted lintian warnings (anything else, and every error, fails):
#   maintainer-script-calls-systemctl: prerm stops the units and postinst/postrm reload systemd,
#     guarded by /run/systemd/system as debhelper's snippets are; the package is made with
#     dpkg-deb alone, without debhelper's deb-systemd-invoke.
#   systemd-service-file-refers-to-unusual-wantedby-target: ipaudit-scan@.service is wanted by
#     its interface's device unit (sys-subsystem-net-devices-%i.device) on purpose: the watcher
#     starts when the interface appears (README, "Running unattended").
# Overridden in the package (packaging/debian/lintian-overrides, with why): embedded-library
# libyaml and zlib, the copies Yams and swift-nio-extras vendor, linked in statically.
ACCEPTED_WARNINGS='maintainer-script-calls-systemctl systemd-service-file-refers-to-unusual-wantedby-target'
step "lintian"
lintian_out=$(lintian --tag-display-limit 0 "$DEB" "$DBGSYM" 2>&1 || true)
echo "$lintian_out" >&2
bad=$(echo "$lintian_out" | awk -v ok=" $ACCEPTED_WARNINGS " '
    /^E: / { print; next }
    /^W: / { tag = $3; if (index(ok, " " tag " ") == 0) print }')
[ -z "$bad" ] || fail "lintian: $bad"

step "the packaged binary's libraries"
mkdir "$WORK/unpacked"
dpkg-deb -x "$DEB" "$WORK/unpacked"
ldd_out=$(ldd "$WORK/unpacked/usr/bin/ipaudit")
echo "$ldd_out" >&2
if grep -Ei 'swift|libFoundation|libdispatch|libBlocksRuntime|libicu|not found' <<<"$ldd_out"; then
    fail "the packaged binary needs a Swift runtime library"
fi
# Whole outputs first: `grep -q` closing the pipe early would fail the pipeline (pipefail).
sections=$(readelf -S "$WORK/unpacked/usr/bin/ipaudit")
! grep -q '\.debug_info' <<<"$sections" || fail "the packaged binary is not stripped"
grep -q '\.gnu_debuglink' <<<"$sections" || fail "the packaged binary has no gnu-debuglink"
build_id=$(readelf -n "$WORK/unpacked/usr/bin/ipaudit" | sed -n 's/^ *Build ID: \([0-9a-f]*\)$/\1/p')
grep -q "/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}\.debug$" <<<"$(dpkg-deb -c "$DBGSYM")" ||
    fail "the dbgsym package has no symbols for build-id $build_id"

step "the tarball has the .deb's files"
diff <(dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's#^\./##; s#/$##' | grep . | sort) \
     <(tar -tzf "$TARBALL" | sed 's#^[^/]*/##; s#/$##' | grep . | sort) ||
    fail "the tarball and the .deb hold different files"

# --- a minimal Debian 12 root, from the same mirror the host uses ---------------------------------
ensure_base
# Two copies: ROOT, where the package is installed, used and purged; and REF, where only its
# dependencies are installed. After the purge the two must hold the same files and accounts:
# the dependencies apt brought stay (policy: removing them is `apt-get autoremove`, the
# administrator's call), with what their own maintainer scripts made (dbus's messagebus user),
# and nothing of ipaudit's.
prepare_root() {
    cp -a "$BASE" "$1"
    rm -f "$1/.complete"
    cp /etc/resolv.conf "$1/etc/resolv.conf"
    [ -z "$(find "$1" -xdev \( -name 'libswift*' -o -name 'swift' -o -name 'libFoundation*.so' \) -print -quit)" ] ||
        fail "the Debian root has Swift in it"
    install -d "$1/tmp/ipaudit-test"
    cp scripts/test-package-inside.sh "$1/tmp/ipaudit-test/inside.sh"
}
# The inside script, chrooted, in a private mount namespace: /proc, /sys and /dev for the root
# go away with it.
in_root() {
    unshare --mount --propagation private -- sh -c '
        set -e
        root=$1; shift
        mount -t proc proc "$root/proc"
        mount -t sysfs sys "$root/sys"
        mount --rbind /dev "$root/dev"
        exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
            /bin/sh /tmp/ipaudit-test/inside.sh "$@"
    ' sh "$@"
}
ROOT=$WORK/root REF=$WORK/reference
prepare_root "$ROOT"
prepare_root "$REF"
cp "$DEB" "$ROOT/tmp/ipaudit-test/ipaudit.deb"
cp fixtures/inventory/cluster.csv fixtures/inventory/plan.yaml fixtures/pcap/duplicate-static.pcap "$ROOT/tmp/ipaudit-test/"

# shellcheck disable=SC2046  # one word per package
DEPENDENCIES=$(dpkg-deb -f "$DEB" Depends | sed 's/([^)]*)//g; s/,/ /g')
step "the reference root: only the dependencies ($(echo $DEPENDENCIES))"
in_root "$REF" reference $DEPENDENCIES > "$WORK/reference.log" 2>&1 &
reference=$!
step "installing, using and purging the package in the Debian root"
in_root "$ROOT" install "$VERSION" || fail "the checks in the Debian root failed (see above)"
wait "$reference" || { cat "$WORK/reference.log" >&2; fail "installing the dependencies alone failed"; }

# dpkg's and apt's records, caches and logs (man-db's index), the ld.so cache and the backups
# of the account files that adduser and deluser leave (/etc/passwd-) differ between the two.
records() { grep -Ev '^/var/(lib/(dpkg|apt)|cache|log)(/|$)|^/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$|^/etc/ld\.so\.cache$' "$1"; }
for what in files passwd group; do
    diff <(records "$REF/tmp/ipaudit-test/final.$what") <(records "$ROOT/tmp/ipaudit-test/final.$what") >&2 ||
        fail "after the purge the root differs from one with only the dependencies (lines with > are the purged root's)"
done
step "ok: ipaudit $VERSION installs, runs and purges on Debian $SUITE without Swift"
