// ArticlePrefetch (the pipeline's fetch + extract thread) and the EntryProcessor around it, over a
// real loopback HTTP server: every entry is delivered exactly once and in order, the queue is
// bounded, a stop ends everything promptly and leaves the unfinished entries pending, and the
// per-cycle cap and the pre-filter still hold while batches are fetched ahead.
#include "daemon/article_prefetch.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "classifiers/mission_classifier.h"
#include "common/clock.h"
#include "daemon/article_pipeline.h"
#include "daemon/entry_processor.h"
#include "daemon/store/entry_repository.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/store.h"
#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::LoopbackServer;
using testing::sleep_unless_stopping;

std::string article_html(const std::string& id) {
  std::string h = "<!doctype html><html lang=\"en\"><head><title>Story " + id +
                  "</title></head><body><nav><a href=\"/\">Home</a></nav><article><h1>Story " + id +
                  "</h1>";
  for (int p = 0; p < 6; ++p) {
    h += "<p>Story " + id +
         ": North Korea's state media reported on the talks in Pyongyang on Tuesday, and "
         "officials in Seoul said they were studying the statement closely.</p>";
  }
  return h + "</article><footer>Loopback Wire</footer></body></html>";
}

// A loopback news site: /p/<id>.html is an article, /gone/<id>.html a 404, /slow/<id>.html
// answers only when the server stops. Counts the requests per path.
class Site {
 public:
  Site() {
    server_.http().Get(R"(/p/(\w+)\.html)",
                       [this](const httplib::Request& req, httplib::Response& res) {
                         count(req.path);
                         res.set_content(article_html(req.matches[1]), "text/html; charset=utf-8");
                       });
    server_.http().Get(R"(/gone/\w+\.html)",
                       [this](const httplib::Request& req, httplib::Response& res) {
                         count(req.path);
                         res.status = 404;
                         res.set_content("not here", "text/plain");
                       });
    server_.http().Get(R"(/slow/\w+\.html)",
                       [this](const httplib::Request& req, httplib::Response& res) {
                         count(req.path);
                         sleep_unless_stopping(server_, 30s);
                         res.set_content(article_html("slow"), "text/html");
                       });
    server_.start();
    HttpClientOptions options;
    options.min_host_delay = 0ms;
    options.allow_private_networks = true;
    auto http = make_http_client(options);
    EXPECT_TRUE(http) << http.error().message;
    if (http) http_ = std::move(*http);
  }

  std::string url(const std::string& path) const { return server_.url(path); }
  HttpClient& http() { return *http_; }
  std::map<std::string, int> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void count(const std::string& path) {
    std::lock_guard lock(mutex_);
    ++requests_[path];
  }

  LoopbackServer server_;
  std::unique_ptr<HttpClient> http_;
  mutable std::mutex mutex_;
  std::map<std::string, int> requests_;
};

PrefetchJob job(std::int64_t id, std::optional<std::string> url, bool fetch = true) {
  store::EntryRecord entry;
  entry.id = id;
  entry.url = std::move(url);
  entry.title = "Entry " + std::to_string(id);
  return PrefetchJob{.entry = std::move(entry), .outlet = "Loopback Wire", .fetch_page = fetch};
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(ArticlePrefetchTest, DeliversEveryEntryOnceInSubmissionOrder) {
  Site site;
  ArticlePrefetch prefetch(site.http(), {.capacity = 3});
  std::int64_t id = 0;
  for (int b = 0; b < 3; ++b) {
    std::vector<PrefetchJob> batch;
    for (int i = 0; i < 5; ++i, ++id) {
      const std::string key = std::to_string(id);
      if (id == 3) {
        batch.push_back(job(id, site.url("/gone/" + key + ".html")));
      } else if (id == 7) {
        batch.push_back(job(id, site.url("/p/" + key + ".html"), /*fetch=*/false));
      } else if (id == 11) {
        batch.push_back(job(id, std::nullopt));
      } else {
        batch.push_back(job(id, site.url("/p/" + key + ".html")));
      }
    }
    ASSERT_TRUE(prefetch.has_room());
    prefetch.submit(std::move(batch));
  }
  EXPECT_FALSE(prefetch.has_room());

  std::int64_t expected = 0;
  for (int b = 0; b < 3; ++b) {
    auto batch = prefetch.next();
    ASSERT_TRUE(batch) << "batch " << b;
    ASSERT_EQ(batch->size(), 5u);
    for (const PrefetchedEntry& item : *batch) {
      const std::int64_t n = expected++;
      EXPECT_EQ(item.entry.id, n);
      EXPECT_EQ(item.outlet, "Loopback Wire");
      EXPECT_FALSE(item.cancelled) << n;
      if (n == 3) {
        EXPECT_FALSE(item.page);
        EXPECT_EQ(item.page_problem, "HTTP 404");
      } else if (n == 7 || n == 11) {
        EXPECT_FALSE(item.page) << "nothing to fetch: the feed's text stands in";
        EXPECT_EQ(item.page_problem, "");
      } else {
        ASSERT_TRUE(item.page) << n << ": " << item.page_problem;
        EXPECT_NE(item.page->text.find("Story " + std::to_string(n) + ":"), std::string::npos);
        EXPECT_EQ(item.page_url, site.url("/p/" + std::to_string(n) + ".html"));
      }
    }
  }
  EXPECT_FALSE(prefetch.next()) << "nothing more was submitted";
  EXPECT_TRUE(prefetch.has_room());

  const auto requests = site.requests();
  EXPECT_EQ(requests.size(), 13u);  // 15 entries, one not to fetch, one without a URL
  for (const auto& [path, n] : requests) EXPECT_EQ(n, 1) << path;
  EXPECT_FALSE(requests.contains("/p/7.html"));
}

TEST(ArticlePrefetchTest, HoldsAtMostCapacityBatches) {
  Site site;
  ArticlePrefetch prefetch(site.http(), {.capacity = 2});
  prefetch.submit({job(1, site.url("/p/1.html"))});
  EXPECT_TRUE(prefetch.has_room());
  prefetch.submit({job(2, site.url("/p/2.html"))});
  EXPECT_FALSE(prefetch.has_room()) << "two batches out, none taken back";
  prefetch.submit({});  // an empty batch takes no room
  EXPECT_FALSE(prefetch.has_room());
  auto first = prefetch.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->front().entry.id, 1);
  EXPECT_TRUE(prefetch.has_room());
  auto second = prefetch.next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->front().entry.id, 2);
  EXPECT_FALSE(prefetch.next());
}

TEST(ArticlePrefetchTest, StopRequestEndsAWaitAndTheTransfersPromptly) {
  Site site;
  std::stop_source stop;
  const auto start = std::chrono::steady_clock::now();
  {
    ArticlePrefetch prefetch(site.http(), {}, stop.get_token());
    prefetch.submit({job(1, site.url("/slow/1.html")), job(2, site.url("/slow/2.html"))});
    std::jthread stopper([&] {
      std::this_thread::sleep_for(200ms);
      stop.request_stop();
    });
    EXPECT_FALSE(prefetch.next()) << "a stop ends the wait without a batch";
  }  // joins the prefetch thread
  EXPECT_LT(seconds_since(start), 1.5);
}

TEST(ArticlePrefetchTest, DestructorStopsAFetchInProgress) {
  Site site;
  const auto start = std::chrono::steady_clock::now();
  {
    ArticlePrefetch prefetch(site.http(), {});
    prefetch.submit({job(1, site.url("/slow/1.html"))});
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_LT(seconds_since(start), 1.5);
}

// EntryProcessor with small batches, so that several are fetched ahead of the one stored.
class EntryPrefetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mw-prefetch-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto store = store::Store::open((dir_ / "mw.db").string());
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    store::FeedSpec spec;
    spec.url = site_.url("/feed.xml");
    spec.name = "Wire";
    auto feed = store::upsert_feed(*store_, spec, clock_.now());
    ASSERT_TRUE(feed) << feed.error().message;
    feed_id_ = *feed;
    auto classifier = MissionClassifier::create();
    ASSERT_TRUE(classifier) << classifier.error().message;
    classifier_ = std::make_unique<MissionClassifier>(std::move(*classifier));
    pipeline_ = std::make_unique<ArticlePipeline>(*store_, *classifier_, PipelineOptions{});
  }
  void TearDown() override {
    pipeline_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // Entries 0..n-1, all first seen at the same instant (the queue's order is then the id); every
  // `off_topic`-th one (when > 0) fails the pre-filter.
  void add_entries(int n, const std::string& dir, int off_topic = 0) {
    for (int i = 0; i < n; ++i) {
      const bool off = off_topic > 0 && i % off_topic == 0;
      store::NewEntry entry;
      entry.feed_id = feed_id_;
      entry.entry_key = "k" + std::to_string(i);
      entry.url = site_.url("/" + dir + "/" + std::to_string(i) + ".html");
      entry.title = off ? "Rain expected on Friday" : "North Korea news " + std::to_string(i);
      entry.summary = off ? "Weather." : "A report on North Korea.";
      auto id = store::insert_entry_if_new(*store_, entry, clock_.now());
      ASSERT_TRUE(id) << id.error().message;
    }
  }

  int count_state(const std::string& state) {
    return store_->db()
        .execAndGet("SELECT count(*) FROM entries WHERE state = '" + state + "'")
        .getInt();
  }

  EntryProcessor processor(int max_per_cycle = 2000) {
    EntryProcessorOptions options;
    options.prefilter_keywords = {"north korea"};
    options.batch_size = 4;
    options.max_entries_per_cycle = max_per_cycle;
    return EntryProcessor(*store_, site_.http(), *pipeline_, options);
  }

  Site site_;
  fs::path dir_;
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20}};
  std::unique_ptr<store::Store> store_;
  std::int64_t feed_id_ = 0;
  std::unique_ptr<MissionClassifier> classifier_;
  std::unique_ptr<ArticlePipeline> pipeline_;
};

TEST_F(EntryPrefetchTest, EveryEntryIsFetchedOnceAndLeavesThePendingQueue) {
  add_entries(30, "p", /*off_topic=*/5);  // 6 off topic
  auto summary = processor().process_pending(clock_);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->entries, 30);
  EXPECT_EQ(summary->skipped, 6);
  EXPECT_EQ(summary->fetched, 24);
  EXPECT_EQ(summary->from_feed_text, 0);
  EXPECT_EQ(summary->failed, 0);
  EXPECT_EQ(count_state("pending"), 0);
  EXPECT_EQ(count_state("skipped"), 6);
  EXPECT_EQ(count_state("processed"), 24);
  const auto requests = site_.requests();
  EXPECT_EQ(requests.size(), 24u) << "off-topic pages are never fetched";
  for (const auto& [path, n] : requests) EXPECT_EQ(n, 1) << path;

  auto again = processor().process_pending(clock_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->entries, 0);
}

TEST_F(EntryPrefetchTest, PerCycleCapHoldsWithBatchesFetchedAhead) {
  add_entries(30, "p");
  auto summary = processor(/*max_per_cycle=*/10).process_pending(clock_);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(summary->entries, 10);
  EXPECT_EQ(count_state("processed"), 10);
  EXPECT_EQ(count_state("pending"), 20);
  EXPECT_EQ(site_.requests().size(), 10u) << "nothing beyond the cap is fetched";
  // The oldest go first: entries 0..9.
  EXPECT_EQ(store_->db()
                .execAndGet("SELECT count(*) FROM entries WHERE state = 'processed' AND "
                            "CAST(substr(entry_key, 2) AS INTEGER) < 10")
                .getInt(),
            10);
}

TEST_F(EntryPrefetchTest, StopEndsTheCyclePromptlyAndLeavesUnfinishedEntriesPending) {
  add_entries(12, "slow");
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  const auto start = std::chrono::steady_clock::now();
  auto summary = processor().process_pending(clock_, stop.get_token());
  const double took = seconds_since(start);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_LT(took, 1.3);
  EXPECT_EQ(summary->entries, 0);
  EXPECT_EQ(count_state("pending"), 12) << "nothing is lost";
}

}  // namespace
}  // namespace mw
