// The defining test of the pipeline: `missionwatch ingest` of the five seed articles, in any
// order, yields exactly the `merged` section of ../shared/seeds/expected.json, with every seed
// that reported an event among its sources, one alert per current event, nothing for the
// historical Danish closure, and nothing more when the seeds are ingested again. Also: a spun
// copy (seed 001 against its original, reconstructed at test time) is a source but not an
// independent one.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "daemon/store/alert_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/store.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_process;

const fs::path kSeeds = fs::path(MW_SHARED_DIR) / "seeds";

// "dprk_abroad ES close" (+ " historical")
using Key = std::string;
Key key(const std::string& direction, const std::string& country, const std::string& action,
        bool historical) {
  return direction + " " + country + " " + action + (historical ? " historical" : "");
}

class SeedsIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is absent: seed tests skipped";
    std::ifstream in(kSeeds / "expected.json");
    expected_ = json::parse(in);
    for (const auto& [file, _] : expected_.at("articles").items()) files_.push_back(file);
    std::sort(files_.begin(), files_.end());
    dir_ = fs::temp_directory_path() /
           ("mw-seeds-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "mw.db").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Ingests one seed with its dateline as --published (as an analyst would); returns the JSON
  // line the command printed.
  json ingest(const std::string& file, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {MW_BINARY, "--db", db_, "ingest", "--json"};
    const json& dateline = expected_["articles"][file]["dateline"];
    if (dateline.is_string()) {
      argv.push_back("--published");
      argv.push_back(dateline.get<std::string>());
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back((kSeeds / file).string());
    auto r = run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.empty() ? json() : json::parse(r.out);
  }

  // The current events each seed states, by key: the files that must be its sources.
  std::map<Key, std::set<std::string>> expected_reporters() const {
    std::map<Key, std::set<std::string>> out;
    for (const auto& [file, article] : expected_.at("articles").items()) {
      for (const auto& e : article.at("events")) {
        out[key(e.at("direction"), e.at("country"), e.at("action"), false)].insert(file);
      }
    }
    return out;
  }

  std::set<Key> expected_merged() const {
    std::set<Key> out;
    const json& merged = expected_.at("merged");
    for (const auto& c : merged.at("dprk_abroad_close"))
      out.insert(key("dprk_abroad", c, "close", false));
    for (const auto& c : merged.at("foreign_in_dprk_close"))
      out.insert(key("foreign_in_dprk", c, "close", false));
    return out;
  }

  std::unique_ptr<store::Store> open() {
    auto s = store::Store::open(db_);
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  // Checks the database against expected.json; `article_file` maps article id -> seed file.
  void check_merged(const std::map<std::int64_t, std::string>& article_file) {
    auto store = open();
    auto events = store::list_events(*store, {});
    ASSERT_TRUE(events);
    std::set<Key> current, historical;
    for (const auto& e : *events) {
      (e.historical ? historical : current).insert(key(e.direction, e.country, e.action, false));
    }
    EXPECT_EQ(current, expected_merged());
    std::set<Key> historical_expected;
    for (const auto& c : expected_.at("merged").at("historical_only")) {
      historical_expected.insert(key("dprk_abroad", c, "close", false));
    }
    EXPECT_EQ(historical, historical_expected);

    const auto reporters = expected_reporters();
    for (const auto& e : *events) {
      auto sources = store::event_sources(*store, e.id);
      ASSERT_TRUE(sources);
      std::set<std::string> files;
      for (const auto& s : *sources) files.insert(article_file.at(s.source.article_id));
      const Key k = key(e.direction, e.country, e.action, false);
      if (!e.historical) {
        EXPECT_EQ(files, reporters.at(k)) << k;
        // Exactly one alert per current event, raised when it was created.
        auto alerts = store::alerts_of_event(*store, e.id);
        ASSERT_TRUE(alerts);
        ASSERT_EQ(alerts->size(), 1u) << k;
        EXPECT_EQ(alerts->front().kind, "created");
        auto payload = json::parse(alerts->front().payload);
        EXPECT_EQ(payload["event"]["country"], e.country);
      } else {
        auto alerts = store::alerts_of_event(*store, e.id);
        ASSERT_TRUE(alerts);
        EXPECT_TRUE(alerts->empty()) << "historical event " << k << " raised an alert";
      }
    }
  }

  void ingest_in_order(const std::vector<std::string>& order) {
    std::map<std::int64_t, std::string> article_file;
    for (const auto& file : order) {
      json r = ingest(file);
      ASSERT_EQ(r.value("outcome", ""), "stored") << file << ": " << r.dump();
      article_file[r.at("article_id").get<std::int64_t>()] = file;
    }
    check_merged(article_file);
  }

  json expected_;
  std::vector<std::string> files_;
  fs::path dir_;
  std::string db_;
};

TEST_F(SeedsIngestTest, InFileOrderYieldsTheMergedEvents) {
  ingest_in_order(files_);
}

TEST_F(SeedsIngestTest, InReverseOrderYieldsTheSameEvents) {
  std::vector<std::string> order(files_.rbegin(), files_.rend());
  ingest_in_order(order);
}

TEST_F(SeedsIngestTest, InterleavedOrderYieldsTheSameEvents) {
  ingest_in_order({files_[2], files_[4], files_[0], files_[3], files_[1]});
}

TEST_F(SeedsIngestTest, IngestingAgainAddsNothing) {
  for (const auto& f : files_) ingest(f);
  auto before = open();
  auto seq = store::last_change_seq(*before);
  ASSERT_TRUE(seq);
  auto events = store::list_events(*before, {});
  ASSERT_TRUE(events);
  before.reset();

  for (const auto& f : files_) {
    json r = ingest(f);
    EXPECT_EQ(r.value("outcome", ""), "already_stored") << f << ": " << r.dump();
  }
  auto after = open();
  EXPECT_EQ(*store::last_change_seq(*after), *seq);
  EXPECT_EQ(store::list_events(*after, {})->size(), events->size());
}

// Seed 001 is a machine-spun copy of a UPI report. The original is not among the seeds, so it
// is reconstructed here by undoing the spins expected.json documents; it must be recognised as
// the same story: a source of the same events, but not an independent one.
TEST_F(SeedsIngestTest, SpunCopyIsASourceButNotAnIndependentOne) {
  const std::string spun_file = files_[1];
  ASSERT_EQ(spun_file.substr(0, 3), "001");
  std::int64_t spun_id = 0;
  for (const auto& f : files_) {
    json r = ingest(f);
    if (f == spun_file) spun_id = r.at("article_id").get<std::int64_t>();
  }

  std::string text = testing::slurp(kSeeds / spun_file);
  auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  };
  replace_all("mentioned", "said");
  replace_all("not too long ago", "recently");
  replace_all("Individuals Energy Occasion", "People Power Party");
  const fs::path original = dir_ / "upi-original.txt";
  std::ofstream(original) << text;

  auto r = run_process({MW_BINARY, "--db", db_, "ingest", "--json", "--published", "2023-11-02",
                        "--url", "https://www.upi.example/Top_News/World-News/2023/11/02/x/",
                        "--source", "UPI", original.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json out = json::parse(r.out);
  ASSERT_EQ(out.value("outcome", ""), "stored") << out.dump();
  ASSERT_TRUE(out.contains("copy_of")) << "not recognised as a copy: " << out.dump();

  auto store = open();
  EXPECT_EQ(out.at("copy_of").get<std::int64_t>(), spun_id);
  // Every event the reconstruction reports lists it as a dependent source.
  const std::int64_t id = out.at("article_id").get<std::int64_t>();
  ASSERT_FALSE(out.at("event_ids").empty());
  for (const auto& event_id : out.at("event_ids")) {
    auto sources = store::event_sources(*store, event_id.get<std::int64_t>());
    ASSERT_TRUE(sources);
    auto it = std::find_if(sources->begin(), sources->end(),
                           [&](const auto& s) { return s.source.article_id == id; });
    ASSERT_NE(it, sources->end());
    EXPECT_FALSE(it->source.independent) << "event " << event_id;
  }
}

// Distinct outlets' own stories on the same news are independent sources of one event.
TEST_F(SeedsIngestTest, DistinctOutletsAreIndependentSources) {
  for (const auto& f : files_) ingest(f);
  auto store = open();
  auto events = store::list_events(*store, {.country = "ES"});
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  auto counts = store::count_event_sources(*store, events->front().id);
  ASSERT_TRUE(counts);
  EXPECT_GE(counts->sources, 3);
  EXPECT_EQ(counts->independent, counts->sources);
}

}  // namespace
}  // namespace mw
