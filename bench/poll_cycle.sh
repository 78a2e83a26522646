#!/usr/bin/env bash
# Poll-cycle benchmark (issue #4): builds poll_cycle_bench in Release (no sanitizers, which would
# inflate time and RSS) and drives the daemon's Poller (fetch + parse + SQLite store) over 1,000
# and 10,000 loopback feeds: a first cycle fills the store, then one measured cycle with 10 % of
# the feeds changed (200, parsed, new entries stored) and the rest answering 304. Prints a
# Markdown table: wall time of both cycles and the peak RSS of the daemon side.
#
#   bench/poll_cycle.sh                 # default sizes
#   bench/poll_cycle.sh --feeds 10000   # arguments go to poll_cycle_bench (--concurrency N,
#                                       # --changed F, --entries N, --db-dir DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${BUILD_DIR:-build/bench}"  # a Release tree of its own
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMW_BUILD_BENCH=ON -DMW_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target poll_cycle_bench >/dev/null
"$build/bench/poll_cycle_bench" "$@"
