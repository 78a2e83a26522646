// Near-duplicate detection speed. Targets: fingerprint_text well under 1 ms for a 5 KB article;
// comparing a new article against the candidate window (decode the stored blob + similarity)
// cheap enough for thousands of candidates per article.
//
// Articles are the five seeds (read from MW_SHARED_DIR at run time, never stored in the repo),
// each repeated or cut to 5 KB; without the seeds, the classifier corpus texts are joined to
// 5 KB instead.
//
//   build/release/bench/near_duplicate_bench --benchmark_min_time=1s
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classifiers/near_duplicate.h"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> texts_in(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") out.push_back(slurp(e.path()));
  }
  return out;
}

std::vector<std::string> articles(std::size_t bytes) {
  std::vector<std::string> src = texts_in(fs::path(MW_SHARED_DIR) / "seeds");
  if (src.empty()) {
    std::string joined;
    for (const std::string& t : texts_in(fs::path(MW_SOURCE_DIR) / "tests/fixtures/classifier")) {
      joined += t + "\n";
    }
    src = {joined.empty() ? std::string(bytes, 'x') : joined};
  }
  std::vector<std::string> out;
  for (const std::string& s : src) {
    std::string t = s;
    while (t.size() < bytes) t += "\n" + s;
    t.resize(bytes);
    out.push_back(t);
  }
  return out;
}

void BM_Fingerprint5KB(benchmark::State& state) {
  const auto docs = articles(5 * 1024);
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& d = docs[i++ % docs.size()];
    auto fp = mw::fingerprint_text("North Korea closes embassies", d);
    benchmark::DoNotOptimize(fp);
    bytes += d.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Fingerprint5KB);

// One candidate of the pipeline's search: decode the stored blob, then compare.
void BM_DecodeAndCompare(benchmark::State& state) {
  const auto docs = articles(5 * 1024);
  std::vector<std::string> blobs;
  for (const auto& d : docs) blobs.push_back(mw::encode_minhash(mw::fingerprint_text("", d)));
  mw::Fingerprint probe = mw::fingerprint_text("", docs[0]);
  mw::Fingerprint other;
  std::size_t i = 0;
  for (auto _ : state) {
    auto decoded = mw::decode_minhash(blobs[i++ % blobs.size()]);
    other.minhash = std::move(*decoded);
    benchmark::DoNotOptimize(mw::estimated_similarity(probe, other));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_DecodeAndCompare);

}  // namespace

BENCHMARK_MAIN();
