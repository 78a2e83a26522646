// Feed parsing throughput (MB/s and entries/s): the feedparser conformance corpus (2,100 small,
// odd feeds) and one large synthetic RSS 2.0 feed, each parsed the daemon's way (typed Entry
// fields only, FeedParseOptions::build_detail = false) and with the full feedparser view
// (`...FullDetail`, what `missionwatch parse-feed` does); `...WithBaseUrl` adds the feed's URL
// as the daemon always does. bench/feed_parse_vs_feedparser.py runs
// this beside Python's feedparser on the same files; docs/feeds.md records the rows.
//
//   MW_BENCH_SYNTHETIC=/tmp/big.xml ./feed_parse_bench   # parse that file instead of generating
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/feed_parser.h"

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> files = [] {
    std::vector<std::string> out;
    auto dir = std::filesystem::path(MW_SHARED_DIR) / "conformance" / "feedparser" / "fixtures";
    if (!std::filesystem::exists(dir)) return out;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) out.push_back(read_file(p));
    return out;
  }();
  return files;
}

// Deterministic RSS 2.0 feed with `items` items of realistic size (title, link, guid, date,
// HTML description with entities and markup, categories).
std::string synthetic_feed(int items) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel>\n"
      "<title>Synthetic diplomatic news</title><link>https://news.example/</link>\n"
      "<description>Generated for benchmarks</description>\n";
  for (int i = 0; i < items; ++i) {
    std::string n = std::to_string(i);
    s += "<item><title>Embassy update " + n + ": mission &amp; consulate news</title>";
    s += "<link>https://news.example/articles/" + n + "?utm_source=rss</link>";
    s += "<guid isPermaLink=\"false\">urn:synthetic:" + n + "</guid>";
    s += "<pubDate>Mon, 0" + std::to_string(1 + i % 9) + " Jan 2024 1" + std::to_string(i % 10) +
         ":30:00 +0900</pubDate><dc:creator>Desk " + std::to_string(i % 7) + "</dc:creator>";
    s += "<category>Diplomacy</category><category>Asia</category>";
    s += "<description>&lt;p&gt;The embassy in city " + n +
         " announced changes to its consular section. &lt;a href=\"/more/" + n +
         "\"&gt;Read more&lt;/a&gt; &amp;mdash; officials said the mission would &lt;b&gt;"
         "reopen&lt;/b&gt; next month after a review of staffing and security.&lt;/p&gt;"
         "</description>";
    s += "<content:encoded><![CDATA[<p>Full text of article " + n + ". <img src=\"/img/" + n +
         ".jpg\" onerror=\"x()\"> Diplomats from several countries "
         "attended the ceremony; the ambassador presented credentials.</p>"
         "<script>track()</script>]]></content:encoded></item>\n";
  }
  s += "</channel>\n</rss>\n";
  return s;
}

const std::string& synthetic() {
  static const std::string doc = [] {
    if (const char* p = std::getenv("MW_BENCH_SYNTHETIC")) return read_file(p);
    return synthetic_feed(5000);
  }();
  return doc;
}

void parse_corpus(benchmark::State& state, bool build_detail) {
  const auto& files = corpus();
  if (files.empty()) {
    state.SkipWithError("conformance corpus absent (MW_SHARED_DIR)");
    return;
  }
  mw::FeedParseOptions opt;
  opt.build_detail = build_detail;
  size_t bytes = 0, entries = 0;
  for (auto _ : state) {
    for (const auto& f : files) {
      mw::Feed feed = mw::parse_feed(f, opt);
      entries += feed.entries.size();
      bytes += f.size();
      benchmark::DoNotOptimize(feed);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["entries_per_second"] =
      benchmark::Counter(static_cast<double>(entries), benchmark::Counter::kIsRate);
  state.counters["files"] = static_cast<double>(files.size());
}

void parse_synthetic(benchmark::State& state, bool build_detail, std::string url = "") {
  const std::string& doc = synthetic();
  mw::FeedParseOptions opt;
  opt.build_detail = build_detail;
  opt.url = std::move(url);  // the daemon always has one: relative links are then resolved
  size_t entries = 0;
  for (auto _ : state) {
    mw::Feed feed = mw::parse_feed(doc, opt);
    entries += feed.entries.size();
    benchmark::DoNotOptimize(feed);
  }
  state.SetBytesProcessed(static_cast<int64_t>(doc.size() * state.iterations()));
  state.counters["entries_per_second"] =
      benchmark::Counter(static_cast<double>(entries), benchmark::Counter::kIsRate);
  state.counters["bytes"] = static_cast<double>(doc.size());
}

void BM_ParseConformanceCorpus(benchmark::State& state) {
  parse_corpus(state, false);
}
void BM_ParseConformanceCorpusFullDetail(benchmark::State& state) {
  parse_corpus(state, true);
}
void BM_ParseSyntheticFeed(benchmark::State& state) {
  parse_synthetic(state, false);
}
void BM_ParseSyntheticFeedFullDetail(benchmark::State& state) {
  parse_synthetic(state, true);
}
// The daemon's own path: typed fields, and the feed's URL as the base of its relative links.
void BM_ParseSyntheticFeedWithBaseUrl(benchmark::State& state) {
  parse_synthetic(state, false, "https://news.example/feeds/all.xml");
}
BENCHMARK(BM_ParseConformanceCorpus)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseConformanceCorpusFullDetail)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseSyntheticFeed)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseSyntheticFeedFullDetail)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParseSyntheticFeedWithBaseUrl)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
