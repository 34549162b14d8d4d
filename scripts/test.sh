#!/usr/bin/env bash
# The project's test command (README, .ci/run): the man page must match the commands,
# then every test: unit, property, CLI, the Python ipaddress differential, live capture
# in network namespaces (needs root) and the PostgreSQL store.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/check-man.sh
exec swift test
