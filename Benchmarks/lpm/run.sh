#!/usr/bin/env bash
# Longest-prefix-match lookups per second against 100k prefixes (release build).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --scratch-path ../.build-bench-pkg >/dev/null
/usr/bin/time -f "peak memory %M KB" ../.build-bench-pkg/release/lpm-bench "${1:-100000}" "${2:-20000000}"
