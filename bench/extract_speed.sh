#!/usr/bin/env bash
# Speed of the article extractor side by side with Debian's python3-readability (readability-lxml)
# and Mozilla Readability.js (@mozilla/readability + jsdom) on the same 181 benchmark pages:
# median ms per page, pages/s (parse + extract of an in-memory page; reading and gunzipping are
# not timed), CPU time, peak RSS (/usr/bin/time -v), and quality, in one table.
#
#   bench/extract_speed.sh [SCRATCH]
#
# The peers run through the benchmark's own peers/run-all.sh, which installs the Debian packages
# if missing and the npm packages into SCRATCH/npm. SCRATCH must be outside any git work tree
# (run-all.sh refuses one); default ${TMPDIR:-/tmp}/missionwatch-extract-peers.
# Environment: BUILD (default build/release), MW_SHARED_DIR (default ../shared), PASSES (timed
# passes per page, default 3), SKIP_PEERS=1 (reuse the peer results already in SCRATCH).
# The VM is shared: compare tools within one run and look at the CPU columns.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD:-build/release}"
SHARED="${MW_SHARED_DIR:-$(cd .. && pwd)/shared}"
CORPUS="$SHARED/bench/article-extraction"
SCRATCH="${1:-${TMPDIR:-/tmp}/missionwatch-extract-peers}"
PASSES="${PASSES:-3}"
if [ ! -f "$CORPUS/ground-truth.json" ]; then
  echo "extract_speed: benchmark absent at $CORPUS (set MW_SHARED_DIR)" >&2
  exit 2
fi
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMW_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target extract_bench -j"$(nproc)" >/dev/null
if [ "${SKIP_PEERS:-0}" != 1 ]; then
  PASSES="$PASSES" "$CORPUS/peers/run-all.sh" "$SCRATCH"
fi
RESULTS="$SCRATCH/results"
mkdir -p "$RESULTS"
echo "missionwatch extractor, $PASSES pass(es)..." >&2
/usr/bin/time -v -o "$RESULTS/missionwatch.time-v.txt" \
  "$BUILD/bench/extract_bench" --corpus "$CORPUS" --out "$RESULTS/missionwatch.json" \
  --timing "$RESULTS/missionwatch.timing.json" --passes "$PASSES" --warmup 5
/usr/bin/python3 "$CORPUS/peers/summarize.py" "$RESULTS"
