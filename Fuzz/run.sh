#!/bin/bash
# Builds the fuzz targets with libFuzzer + AddressSanitizer and runs each over a seed corpus
# made from the committed captures, for a bounded time or a bounded number of executions.
#
#   Fuzz/run.sh            60 s per target
#   Fuzz/run.sh 300        300 s per target
#   Fuzz/run.sh --runs 10000000   10M executions per target (the release gate)
#
# Exits non-zero when a target crashes; the crashing input is left in Fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
LIMIT=(-max_total_time="${1:-60}")
if [ "${1:-}" = "--runs" ]; then LIMIT=(-runs="$2"); fi

# --sanitize applies libFuzzer's coverage to this package's entry files only; the ipaudit
# modules they call are a dependency, so their Swift code gets the coverage flags explicitly
# (without them libFuzzer saw only C code, libyaml's, and fuzzed the Swift readers blind).
swift build -c release --sanitize fuzzer --sanitize address \
  -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp --scratch-path .build-fuzz 2>&1 | grep -v "Cannot export local symbol" | tail -3
python3 make_corpus.py work/seeds
mkdir -p artifacts work/decoder work/address work/pcapng work/inventory work/packed
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer hides crashes from libFuzzer
status=0
for target in FuzzDecoder:decoder:512 FuzzPcapng:pcapng:4096 FuzzAddressParser:address:512 \
              FuzzInventory:inventory:4096 FuzzPackedRow:packed:512; do
    name=${target%%:*} rest=${target#*:}
    corpus=${rest%%:*} max_len=${rest##*:}
    echo "== $name"
    if ! .build-fuzz/release/"$name" "${LIMIT[@]}" -max_len="$max_len" -timeout=10 -artifact_prefix=artifacts/ \
            -print_final_stats=1 work/"$corpus" work/seeds/"$corpus" 2>work/"$name".log; then
        status=1
        echo "$name: CRASH (see Fuzz/work/$name.log and Fuzz/artifacts/)"
    fi
    grep -E "^#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb" work/"$name".log || tail -5 work/"$name".log
done
exit $status
