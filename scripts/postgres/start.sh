#!/bin/bash
# Starts a throwaway PostgreSQL server on loopback for tests and benchmarks, without systemd.
# Installs nothing: needs the Debian `postgresql` package (server binaries under
# /usr/lib/postgresql/*/bin). Idempotent: a running server is reused, role and database are
# created once. Prints the store URL on stdout as its last line.
#
#   PGPORT  (default 55432)          PGROOT (default /tmp/ipaudit-pg: data, socket, logs)
#   PGSSLDIR (optional): a folder with server.crt and server.key; the server then offers TLS
#   stop it with scripts/postgres/stop.sh (same variables)
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGROOT=${PGROOT:-/tmp/ipaudit-pg}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "start.sh: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install -y postgresql)" >&2
    exit 1
fi

# initdb and pg_ctl refuse to run as root: run them as the postgres user when we are root.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$PGROOT/sock"
SSLOPTS=""
if [ -n "${PGSSLDIR:-}" ]; then
    # The server reads its key as its own user, and refuses a key others may read.
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGSSLDIR/server.crt" "$PGSSLDIR/server.key"
    chmod 600 "$PGSSLDIR/server.key"
    SSLOPTS="-c ssl=on -c ssl_cert_file=$PGSSLDIR/server.crt -c ssl_key_file=$PGSSLDIR/server.key"
fi
# Recursive only before initdb: on a running server, tests create and drop databases under data/
# while we walk it, and chown -R fails on a directory that vanished under it.
if [ "$(id -u)" = 0 ]; then
    if [ -f "$PGROOT/data/PG_VERSION" ]; then chown postgres:postgres "$PGROOT" "$PGROOT/sock"
    else chown -R postgres:postgres "$PGROOT"; fi
fi

# Two callers (parallel tests, a benchmark) may start it at once: one does the work.
exec 9>"$PGROOT/.start.lock"
if ! flock -w 60 9; then
    echo "start.sh: another start.sh held $PGROOT/.start.lock for 60 s" >&2
    exit 1
fi

if [ ! -f "$PGROOT/data/PG_VERSION" ]; then
    as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$PGROOT/initdb.log" 2>&1
fi

# The server outlives this script: it must not inherit our caller's pipes (a test runner
# or CI reading our output would wait for EOF forever), nor the lock fd. Close them all.
start_server() {
    local fd
    # Everything the caller left open goes, or the server would hold it for its whole life (a
    # test runner's process-exit socket: its wait for this script would never end). 255 is
    # bash's own copy of this script, unless the caller left a descriptor there.
    script=$(readlink -f "$0")
    for fd in $(ls "/proc/$BASHPID/fd"); do
        [ "$fd" -gt 2 ] || continue
        if [ "$fd" = 255 ] && [ "$(readlink "/proc/$BASHPID/fd/255")" = "$script" ]; then continue; fi
        eval "exec $fd>&-"
    done
    # fsync off: a throwaway test server; max_connections up for 100 concurrent scanners.
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 \
        -o "-p $PGPORT -k $PGROOT/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 $SSLOPTS" \
        start </dev/null >/dev/null 2>>"$PGROOT/start.err"
}
if ! as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
    if ! (start_server); then
        echo "start.sh: the server did not start; see $PGROOT/server.log and $PGROOT/start.err" >&2
        exit 1
    fi
fi

psql_pg() { as_pg "$PGBIN/psql" -h "$PGROOT/sock" -p "$PGPORT" -U postgres -v ON_ERROR_STOP=1 -Atc "$1"; }
# CREATEDB: the test suite gives each test a database of its own.
if [ "$(psql_pg "SELECT 1 FROM pg_roles WHERE rolname = 'ipaudit'")" != 1 ]; then
    psql_pg "CREATE ROLE ipaudit LOGIN CREATEDB PASSWORD 'ipaudit'" >/dev/null
fi
if [ "$(psql_pg "SELECT 1 FROM pg_database WHERE datname = 'ipaudit'")" != 1 ]; then
    psql_pg "CREATE DATABASE ipaudit OWNER ipaudit" >/dev/null
fi
echo "postgres://ipaudit:ipaudit@127.0.0.1:$PGPORT/ipaudit"
