#!/bin/sh
# Run by scripts/test-package.sh inside a minimal Debian 12 root (chroot), as root.
#   inside.sh install VERSION: installs /tmp/ipaudit-test/ipaudit.deb, uses it and purges it;
#   inside.sh reference PACKAGE...: installs only the packages (the .deb's dependencies).
# Either way it ends with a list of the root's files and accounts in /tmp/ipaudit-test/final.*,
# which test-package.sh compares.
set -eu
T=/tmp/ipaudit-test
export DEBIAN_FRONTEND=noninteractive
fail() { echo "inside: FAIL: $*" >&2; exit 1; }
say() { echo "inside: $*" >&2; }

# Everything on the root's file system but the scratch places, and the accounts.
snapshot() {
    find / -xdev \( -path /tmp -o -path /proc -o -path /sys -o -path /dev -o -path /run \) -prune \
        -o -print | LC_ALL=C sort > "$1.files"
    getent passwd | LC_ALL=C sort > "$1.passwd"
    getent group | LC_ALL=C sort > "$1.group"
}

if [ "$1" = reference ]; then
    shift
    apt-get update -qq
    apt-get install -y -qq "$@" >$T/apt.log 2>&1 || { cat $T/apt.log >&2; fail "apt-get install $*"; }
    snapshot $T/final
    exit 0
fi
[ "$1" = install ] || fail "usage: inside.sh install VERSION | reference PACKAGE..."
VERSION=$2

command -v swift >/dev/null && fail "swift is on the PATH"
dpkg-query -W -f='${Status}' libpcap0.8 2>/dev/null | grep -q installed &&
    fail "libpcap0.8 is already there: apt-get install -f would prove nothing"
getent passwd ipaudit >/dev/null && fail "an ipaudit user exists before the install"

say "dpkg -i (the dependencies are missing), then apt-get install -f"
dpkg -i $T/ipaudit.deb >$T/dpkg.log 2>&1 && fail "dpkg -i succeeded without libpcap0.8 and libsqlite3-0?"
apt-get update -qq
apt-get install -f -y -qq >$T/apt.log 2>&1 || { cat $T/apt.log >&2; fail "apt-get install -f"; }
[ "$(dpkg-query -W -f='${Status}' ipaudit)" = "install ok installed" ] || fail "ipaudit is not installed"
ldd /usr/bin/ipaudit | grep -Ei 'swift|not found' && fail "the binary needs libraries the root lacks"

say "ipaudit --version"
[ "$(ipaudit --version)" = "$VERSION" ] || fail "ipaudit --version says $(ipaudit --version), the package $VERSION"

say "the user and the state directory"
getent passwd ipaudit | grep -q ':/var/lib/ipaudit:/usr/sbin/nologin$' || fail "no ipaudit system user: $(getent passwd ipaudit)"
[ "$(stat -c '%a %U %G' /var/lib/ipaudit)" = "750 ipaudit ipaudit" ] || fail "/var/lib/ipaudit is $(stat -c '%a %U %G' /var/lib/ipaudit)"
for unit in ipaudit-audit.timer ipaudit-audit.service ipaudit-scan@.service; do
    [ -f /lib/systemd/system/$unit ] || fail "$unit is not installed"
done
[ -z "$(find /etc/systemd/system -name 'ipaudit*' -print -quit)" ] || fail "a unit was enabled"

say "allocate --zones 3"
mkdir -p $T/work && cd $T/work
ipaudit allocate --zones 3 > $T/allocate.out || fail "allocate exited $?"
[ -s ipaudit.db ] || fail "allocate wrote no store"
[ "$(grep -c '^  zone region-1-[abc] ' $T/allocate.out)" = 3 ] || fail "allocate made no three zones: $(cat $T/allocate.out)"

say "audit of a fixture"
status=0; ipaudit audit $T/cluster.csv --plan $T/plan.yaml > $T/audit.out 2>&1 || status=$?
[ $status = 0 ] && grep -q 'no findings' $T/audit.out || fail "audit exited $status: $(cat $T/audit.out)"

say "scan --read of a fixture capture"
status=0; ipaudit scan --read $T/duplicate-static.pcap > $T/scan.out 2>&1 || status=$?
[ $status = 1 ] && grep -q 'duplicate-address.*10\.0\.0\.5' $T/scan.out || fail "scan exited $status: $(cat $T/scan.out)"

say "man ipaudit"
man -P cat ipaudit 2>$T/man.err | grep -q 'scan' || fail "man ipaudit: $(cat $T/man.err)"

say "systemd-analyze verify of the installed units"
systemd-analyze verify --man=no /lib/systemd/system/ipaudit-audit.service /lib/systemd/system/ipaudit-audit.timer \
    /lib/systemd/system/ipaudit-scan@eth0.service > $T/verify.out 2>&1 || fail "systemd-analyze verify: $(cat $T/verify.out)"
[ ! -s $T/verify.out ] || fail "systemd-analyze verify warns: $(cat $T/verify.out)"

say "the completions"
bash -n /usr/share/bash-completion/completions/ipaudit || fail "the bash completion does not parse"
grep -q '^#compdef ipaudit' /usr/share/zsh/vendor-completions/_ipaudit || fail "no zsh completion function"
grep -q "^complete -c 'ipaudit'" /usr/share/fish/vendor_completions.d/ipaudit.fish || fail "no fish completion"

say "apt-get purge"
cd /
purge() {
    apt-get purge -y -qq ipaudit >$T/purge.log 2>&1 || { cat $T/purge.log >&2; fail "apt-get purge"; }
    ! dpkg-query -W -f='${db:Status-Status}\n' ipaudit 2>/dev/null | grep -qv '^not-installed$' || fail "dpkg still knows ipaudit"
    ! getent passwd ipaudit >/dev/null || fail "the ipaudit user is left"
    ! getent group ipaudit >/dev/null || fail "the ipaudit group is left"
    [ ! -e /var/lib/ipaudit ] || fail "/var/lib/ipaudit is left"
}
purge
snapshot $T/final
say "ok"
