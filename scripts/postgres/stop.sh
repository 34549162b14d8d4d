#!/bin/bash
# Stops the server started by start.sh (same PGROOT). With --purge also deletes its data.
set -euo pipefail
PGROOT=${PGROOT:-/tmp/ipaudit-pg}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ -n "$PGBIN" ] && [ -f "$PGROOT/data/PG_VERSION" ] && as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
    as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w -t 30 stop >/dev/null
fi
if [ "${1:-}" = "--purge" ]; then
    rm -rf "$PGROOT"
fi
