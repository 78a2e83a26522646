#!/usr/bin/env bash
# Quality of the article extractor on the shared article-extraction benchmark (181 news pages):
# builds bench/extract_bench (Release), writes its predictions and scores them with the
# benchmark's evaluate.py (word 4-gram precision, recall, F1), next to Readability.js and
# trafilatura's published outputs.
#
#   bench/extract_quality.sh                 # table: missionwatch vs readability_js, trafilatura
#   bench/extract_quality.sh --per-page DIR  # also DIR/missionwatch.tsv: P/R/F1 per page
#
# Environment: BUILD (build folder, default build/release), MW_SHARED_DIR (default ../shared),
# OUT (prediction folder, default ${TMPDIR:-/tmp}/missionwatch-extract-quality).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD:-build/release}"
SHARED="${MW_SHARED_DIR:-$(cd .. && pwd)/shared}"
CORPUS="$SHARED/bench/article-extraction"
OUT="${OUT:-${TMPDIR:-/tmp}/missionwatch-extract-quality}"
if [ ! -f "$CORPUS/ground-truth.json" ]; then
  echo "extract_quality: benchmark absent at $CORPUS (set MW_SHARED_DIR)" >&2
  exit 2
fi
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DMW_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" --target extract_bench -j"$(nproc)" >/dev/null
mkdir -p "$OUT"
"$BUILD/bench/extract_bench" --corpus "$CORPUS" --out "$OUT/missionwatch.json" --passes 1 \
  --warmup 0
cd "$CORPUS"
./evaluate.py "$OUT/missionwatch.json" upstream-outputs/readability_js.json.gz \
  upstream-outputs/trafilatura.json.gz --diff-against readability_js "$@"
