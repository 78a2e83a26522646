// Classifier throughput on ~5 KB articles (target: >= 5,000 articles/s per core), with the data
// loaded once. Articles are built from the development corpus (tests/fixtures/classifier/), each
// padded with neutral news text to about 5 KB, so the rules see realistic sentences.
//
//   build/release/bench/classifier_bench --benchmark_min_time=2s
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "classifiers/corpus.h"
#include "classifiers/mission_classifier.h"

namespace {

const std::string kFiller =
    "The talks in the capital ran late into the evening, and officials said more meetings were "
    "planned for next week. Analysts noted that trade figures had improved over the summer while "
    "food prices stayed high in several provinces. ";

std::vector<std::string> articles(std::size_t target_bytes) {
  std::vector<std::string> out;
  auto corpus = mw::load_corpus(std::string(MW_SOURCE_DIR) + "/tests/fixtures/classifier");
  if (!corpus) return {std::string(target_bytes, 'x')};
  for (const auto& a : *corpus) {
    std::string text = a.text;
    while (text.size() < target_bytes) text += kFiller;
    out.push_back(text.substr(0, target_bytes));
  }
  return out;
}

void BM_Classify5KB(benchmark::State& state) {
  auto clf = mw::MissionClassifier::create();
  if (!clf) {
    state.SkipWithError(clf.error().describe().c_str());
    return;
  }
  const auto docs = articles(5 * 1024);
  std::size_t i = 0, bytes = 0, relevant = 0;
  for (auto _ : state) {
    const std::string& d = docs[i++ % docs.size()];
    mw::ArticleInput in;
    in.body = d;
    auto c = clf->classify(in);
    relevant += c.relevant;
    bytes += d.size();
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["relevant_share"] =
      benchmark::Counter(double(relevant) / double(std::max<int64_t>(1, state.iterations())));
}
BENCHMARK(BM_Classify5KB)->Unit(benchmark::kMicrosecond);

void BM_LoadData(benchmark::State& state) {
  for (auto _ : state) {
    auto clf = mw::MissionClassifier::create();
    benchmark::DoNotOptimize(clf);
  }
}
BENCHMARK(BM_LoadData)->Unit(benchmark::kMillisecond);

// A long run over the same classifier: memory must stay flat (watch RSS with /usr/bin/time -v).
void BM_Classify1MB(benchmark::State& state) {
  auto clf = mw::MissionClassifier::create();
  std::string big;
  for (const auto& a : articles(5 * 1024)) big += a + "\n\n";
  big.resize(1 << 20);
  for (auto _ : state) {
    mw::ArticleInput in;
    in.body = big;
    benchmark::DoNotOptimize(clf->classify(in));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * (1 << 20));
}
BENCHMARK(BM_Classify1MB)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
