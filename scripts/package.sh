#!/usr/bin/env bash
# scripts/package.sh [--output DIR] (default DIR: dist/)
#
# ipaudit for hosts without a Swift toolchain. Builds a release binary with the Swift runtime
# and Foundation linked in statically (in its own scratch path, .build-release, so the tests'
# debug build is left alone), strips it with its debug symbols kept apart (found by build-id,
# as Debian's -dbgsym packages are), and makes from one staged tree:
#   ipaudit_VERSION_amd64.deb              dpkg-deb only, no other packaging tool
#   ipaudit-dbgsym_VERSION_amd64.deb       /usr/lib/debug/.build-id/…/….debug
#   ipaudit-VERSION-linux-x86_64.tar.gz    the same files in the same layout, for other distributions
#   ipaudit-VERSION-linux-x86_64.debug     the symbols, for the tarball's binary (its gnu-debuglink)
#   SHA256SUMS
# VERSION is Sources/ipaudit/Version.swift's, the one `ipaudit --version` prints.
# Set IPAUDIT_MAINTAINER ("Name <address>") to sign the package's changelog and control file.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
OUTPUT=dist
usage() { echo "usage: scripts/package.sh [--output DIR]" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --output) [ $# -ge 2 ] || usage; OUTPUT=$2; shift 2 ;;
        --output=*) OUTPUT=${1#--output=}; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "package.sh: unknown argument: $1" >&2; usage ;;
    esac
done
fail() { echo "package.sh: $*" >&2; exit 2; }
for tool in swift objcopy readelf dpkg-deb dpkg-query ldd gzip tar; do
    command -v "$tool" >/dev/null || fail "needs $tool"
done

VERSION=$(sed -n 's/^ *static let current = "\([^"]*\)"$/\1/p' Sources/ipaudit/Version.swift)
# A Debian upstream version without a hyphen: the package is native, its version is ipaudit's.
[[ $VERSION =~ ^[0-9][A-Za-z0-9.+~]*$ ]] || fail "no usable version in Sources/ipaudit/Version.swift: '$VERSION'"
MAINTAINER=${IPAUDIT_MAINTAINER:-ipaudit developers <ipaudit@example.org>}
# Reproducible: every date in the artefacts is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
ARCH=amd64
[ "$(uname -m)" = x86_64 ] || fail "builds the amd64 package on x86_64 only (this is $(uname -m))"

SCRATCH=.build-release
echo "package.sh: release build (static Swift runtime) in $SCRATCH" >&2
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product ipaudit >&2
BIN_DIR=$(swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --show-bin-path)
BUILT=$BIN_DIR/ipaudit
[ "$("$BUILT" --version)" = "$VERSION" ] || fail "the built binary says $("$BUILT" --version), Version.swift says $VERSION"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGE=$WORK/root
mkdir -p "$STAGE"

# --- what is linked in: every Swift package must have its licence in the copyright file -------
# The modules of the final link, each traced to the checkout its sources came from (the
# compiler's output map and dependency files name them).
linked_packages() {
    sed -n 's#.*/release/\([^/]*\)\.build/.*#\1#p' "$BIN_DIR/ipaudit.product/Objects.LinkFileList" | sort -u |
    while read -r module; do
        records=$(find "$BIN_DIR/$module.build" \( -name output-file-map.json -o -name '*.d' \) -exec cat {} + 2>/dev/null || true)
        grep -q "$REPO/Sources/" <<<"$records" && continue   # ipaudit's own
        found=$(grep -oE '/checkouts/[^/]+/' <<<"$records" | cut -d/ -f3 | sort -u)
        [ -n "$found" ] || fail "cannot tell which package the linked module $module comes from"
        echo "$found"
    done | sort -u
}
LINKED=$(linked_packages)
for package in $LINKED; do
    grep -Eq "^(Files:| ).*checkouts/$package/\*" packaging/debian/copyright ||
        fail "$package is linked in but packaging/debian/copyright names no licence for it"
done

# --- the binary: stripped, its symbols apart ---------------------------------------------------
BUILD_ID=$(readelf -n "$BUILT" | sed -n 's/^ *Build ID: \([0-9a-f]*\)$/\1/p')
[ ${#BUILD_ID} -ge 8 ] || fail "the binary has no build-id note (needed to find its symbols)"
objcopy --only-keep-debug --compress-debug-sections=zlib "$BUILT" "$WORK/ipaudit.debug"
install -d "$STAGE/usr/bin"
objcopy --strip-all --remove-section=.comment "$BUILT" "$STAGE/usr/bin/ipaudit"
(cd "$WORK" && objcopy --add-gnu-debuglink=ipaudit.debug "$STAGE/usr/bin/ipaudit")
chmod 0755 "$STAGE/usr/bin/ipaudit"
IPAUDIT=$STAGE/usr/bin/ipaudit

# No Swift runtime library may be needed at run time: that is the point of the package.
if ldd "$IPAUDIT" | grep -Ei 'swift|libFoundation|libdispatch|libBlocksRuntime|libicu|not found'; then
    fail "the binary still needs the libraries above"
fi

# --- Depends, from the shared libraries the binary really loads (as dpkg-shlibdeps would) -----
# Each library the binary names (DT_NEEDED; theirs are their packages' business), as ldd finds
# it, and its owning package, at least at the upstream version the binary was built against
# (the Debian revision dropped, so any Debian 12 point release satisfies it).
owner_of() {
    local lib=$1 alt
    case $lib in /usr/*) alt=${lib#/usr} ;; *) alt=/usr$lib ;; esac   # merged /usr: either path
    for path in "$lib" "$alt" "$(readlink -f "$lib")"; do
        dpkg -S "$path" 2>/dev/null | sed -n '1s/^\([^:,]*\).*/\1/p' | grep . && return 0
    done
    fail "no Debian package owns $lib"
}
depends=$(
    resolved=$(ldd "$IPAUDIT")
    readelf -d "$IPAUDIT" | sed -n 's/.*(NEEDED).*Shared library: \[\(.*\)\]$/\1/p' |
    while read -r soname; do
        # `libz.so.1 => /lib/.../libz.so.1 (...)`, or the loader's `/lib64/ld-linux-x86-64.so.2 (...)`.
        lib=$(awk -v n="$soname" '$1 == n && $2 == "=>" { print $3; exit }
                                  substr($1, length($1) - length(n)) == "/" n { print $1; exit }' <<<"$resolved")
        [ -n "$lib" ] || fail "ldd does not find $soname"
        package=$(owner_of "$lib")
        case $package in *swift*) fail "$lib belongs to $package, a Swift package" ;; esac
        version=$(dpkg-query -W -f='${Version}' "$package")
        echo "$package (>= ${version%-*})"
    done | sort -u | paste -sd, | sed 's/,/, /g'
)
[ -n "$depends" ] || fail "found no shared library dependencies (ldd failed?)"
# adduser: postinst makes the ipaudit system user.
DEPENDS="$depends, adduser"

# --- the tree: the same for the .deb and the tarball ---------------------------------------------
# The units and the cron example name the packaged paths, not the /usr/local ones of a source install.
packaged_paths() { sed -e 's#/usr/local/bin/ipaudit#/usr/bin/ipaudit#g' -e 's#/usr/local/lib/ipaudit/#/usr/lib/ipaudit/#g' -e 's#PATH=/usr/local/bin:#PATH=#'; }
install -d "$STAGE/lib/systemd/system" "$STAGE/usr/lib/ipaudit" "$STAGE/usr/share/man/man1" \
    "$STAGE/usr/share/bash-completion/completions" "$STAGE/usr/share/zsh/vendor-completions" \
    "$STAGE/usr/share/fish/vendor_completions.d" "$STAGE/usr/share/doc/ipaudit/examples"
for unit in contrib/systemd/ipaudit-*; do
    packaged_paths < "$unit" > "$STAGE/lib/systemd/system/$(basename "$unit")"
done
install -m 0755 fixtures/cron/ipaudit-audit.sh "$STAGE/usr/lib/ipaudit/ipaudit-audit.sh"
packaged_paths < fixtures/cron/crontab > "$STAGE/usr/share/doc/ipaudit/examples/ipaudit.cron"
# The generated page's blank lines become paragraph macros: groff renders both alike, but warns
# about blank lines (lintian's groff-message).
sed 's/^$/.Pp/' man/ipaudit.1 | gzip -9n > "$STAGE/usr/share/man/man1/ipaudit.1.gz"
# Completions are sourced, never run: no #! line (lintian's bash-completion-with-hashbang).
"$IPAUDIT" --generate-completion-script bash | sed '1{/^#!/d}' > "$STAGE/usr/share/bash-completion/completions/ipaudit"
"$IPAUDIT" --generate-completion-script zsh > "$STAGE/usr/share/zsh/vendor-completions/_ipaudit"
"$IPAUDIT" --generate-completion-script fish > "$STAGE/usr/share/fish/vendor_completions.d/ipaudit.fish"
install -m 0644 packaging/debian/copyright "$STAGE/usr/share/doc/ipaudit/copyright"
install -D -m 0644 packaging/debian/lintian-overrides "$STAGE/usr/share/lintian/overrides/ipaudit"
COMMIT=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
{
    echo "ipaudit ($VERSION) stable; urgency=medium"
    echo
    echo "  * ipaudit $VERSION, built from commit $COMMIT."
    echo
    echo " -- $MAINTAINER  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$STAGE/usr/share/doc/ipaudit/changelog.gz"

# --- the .deb --------------------------------------------------------------------------------
DEB_ROOT=$WORK/deb
cp -a "$STAGE" "$DEB_ROOT"
install -d "$DEB_ROOT/DEBIAN"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$DEB_ROOT/DEBIAN/"
(cd "$DEB_ROOT" && find lib usr -type f | LC_ALL=C sort | xargs md5sum) > "$DEB_ROOT/DEBIAN/md5sums"
cat > "$DEB_ROOT/DEBIAN/control" <<EOF
Package: ipaudit
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)
Depends: $DEPENDS
Section: net
Priority: optional
Description: audit and allocate the IP address space of multi-zone clusters
 ipaudit keeps a cluster's address space unique and routable: exact IPv4/IPv6
 CIDR arithmetic, stable per-region/zone/rack allocation plans kept in a store,
 audits of inventories (CSV, JSON, YAML, Kubernetes, Mesos, Marathon, NetBox)
 for duplicate, unroutable, out-of-zone and overlapping addresses, and a
 libpcap watcher for addresses claimed by two machines on the wire.
 .
 The systemd units (an audit timer, a watcher per interface) are installed but
 not enabled.
EOF

DBG_ROOT=$WORK/dbgsym
install -d "$DBG_ROOT/DEBIAN" "$DBG_ROOT/usr/lib/debug/.build-id/${BUILD_ID:0:2}" "$DBG_ROOT/usr/share/doc"
install -m 0644 "$WORK/ipaudit.debug" "$DBG_ROOT/usr/lib/debug/.build-id/${BUILD_ID:0:2}/${BUILD_ID:2}.debug"
ln -s ipaudit "$DBG_ROOT/usr/share/doc/ipaudit-dbgsym"
(cd "$DBG_ROOT" && find usr -type f | LC_ALL=C sort | xargs md5sum) > "$DBG_ROOT/DEBIAN/md5sums"
cat > "$DBG_ROOT/DEBIAN/control" <<EOF
Package: ipaudit-dbgsym
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$DBG_ROOT" | cut -f1)
Depends: ipaudit (= $VERSION)
Section: debug
Priority: optional
Build-Ids: $BUILD_ID
Description: debug symbols for ipaudit
 The DWARF debug information stripped from /usr/bin/ipaudit, found by gdb
 through the binary's build-id.
EOF

# Owners root, one date on every file, files 0644 and programs 0755, whatever the umask was.
for tree in "$DEB_ROOT" "$DBG_ROOT"; do
    find "$tree" -type d -exec chmod 0755 {} +
    find "$tree" -type f ! -perm -u+x -exec chmod 0644 {} +
    find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
done
mkdir -p "$OUTPUT"
DEB=$OUTPUT/ipaudit_${VERSION}_$ARCH.deb
DBGSYM=$OUTPUT/ipaudit-dbgsym_${VERSION}_$ARCH.deb
# xz for releases; CI, which only tries the package, may ask for gzip (IPAUDIT_PACKAGE_COMPRESSION=gzip:
# the 100 MB of debug symbols take minutes to xz on two cores).
COMPRESSION=${IPAUDIT_PACKAGE_COMPRESSION:-xz}
case "$COMPRESSION" in xz|gzip) ;; *) echo "package.sh: IPAUDIT_PACKAGE_COMPRESSION must be xz or gzip" >&2; exit 2 ;; esac
dpkg-deb --root-owner-group -Z"$COMPRESSION" --build "$DEB_ROOT" "$DEB" >/dev/null
dpkg-deb --root-owner-group -Z"$COMPRESSION" --build "$DBG_ROOT" "$DBGSYM" >/dev/null

# --- the tarball: the .deb's files under one top directory -------------------------------------
NAME=ipaudit-$VERSION-linux-x86_64
mv "$DEB_ROOT/DEBIAN" "$WORK/DEBIAN.deb"
mv "$DEB_ROOT" "$WORK/$NAME"
TARBALL=$OUTPUT/$NAME.tar.gz
tar -C "$WORK" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -cf - "$NAME" | gzip -9n > "$TARBALL"
install -m 0644 "$WORK/ipaudit.debug" "$OUTPUT/$NAME.debug"
(cd "$OUTPUT" && sha256sum "$(basename "$DEB")" "$(basename "$DBGSYM")" "$(basename "$TARBALL")" "$NAME.debug" > SHA256SUMS)

size() { stat -c %s "$1" | numfmt --to=iec-i --suffix=B; }
echo "package.sh: ipaudit $VERSION: binary $(size "$BUILT") unstripped, $(size "$IPAUDIT") stripped" >&2
echo "package.sh: Depends: $DEPENDS" >&2
echo "$DEB"
echo "$DBGSYM"
echo "$TARBALL"
echo "$OUTPUT/$NAME.debug"
