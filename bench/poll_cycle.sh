#!/usr/bin/env bash
# Poll-cycle benchmark (issue #4): builds poll_cycle_bench in Release (no sanitizers, which would
# inflate time and RSS) and runs one fetch cycle over 1,000 and 10,000 loopback feeds (10 %
# changed, the rest 304). Prints a Markdown table: wall time and peak RSS of the client.
#
#   bench/poll_cycle.sh                 # default sizes
#   bench/poll_cycle.sh --feeds 10000   # arguments go to poll_cycle_bench
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build/bench}"  # a Release tree of its own
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMW_BUILD_BENCH=ON -DMW_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target poll_cycle_bench >/dev/null
"$build/bench/poll_cycle_bench" "$@"
