// The pipeline's promises for entries it cannot read normally (docs/pipeline.md): an entry off
// topic is skipped by the pre-filter without fetching its page; an entry whose page cannot be
// fetched is classified on the feed's own text, flagged from_feed_text, and still makes its
// event; the failure is logged with the feed's name and the URL.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "daemon/store/event_repository.h"
#include "daemon/store/store.h"
#include "tests/feeds/http_test_server.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackServer;
using testing::run_process;

class PipelineFallbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mw-fallback-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_.http().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      const std::string base = "http://127.0.0.1:" + std::to_string(server_.port());
      res.set_content(
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
          "<link>" +
              base +
              "/</link>"
              "<item><title>North Korea closes embassy in Spain</title><link>" +
              base +
              "/missing.html</link><guid>a</guid><pubDate>Thu, 02 Nov 2023 09:00:00 GMT</pubDate>"
              "<description>North Korea has closed its embassy in Madrid, Spain's foreign "
              "ministry said on Thursday.</description></item>"
              "<item><title>Rain expected</title><link>" +
              base +
              "/weather.html</link><guid>b</guid><description>Heavy rain is expected across the "
              "region on Friday.</description></item>"
              "</channel></rss>",
          "application/rss+xml");
    });
    server_.http().Get("/missing.html", [this](const httplib::Request&, httplib::Response& res) {
      ++missing_requests_;
      res.status = 404;
      res.set_content("not here", "text/plain");
    });
    server_.http().Get("/weather.html", [this](const httplib::Request&, httplib::Response& res) {
      ++weather_requests_;
      res.set_content("<html><body><p>Rain.</p></body></html>", "text/html");
    });
    server_.start();
    std::ofstream(dir_ / "mw.toml")
        << "[service]\ndatabase = \"" << (dir_ / "mw.db").string()
        << "\"\nallow_private_networks = true\n"
        << "[http]\nmin_host_delay = \"0s\"\n"
        << "[[feeds]]\nurl = \"" << server_.url("/feed.xml") << "\"\nname = \"Loopback Wire\"\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  LoopbackServer server_;
  std::atomic<int> missing_requests_{0};
  std::atomic<int> weather_requests_{0};
};

TEST_F(PipelineFallbackTest, UnfetchablePageIsClassifiedOnFeedTextAndOffTopicEntryIsSkipped) {
  auto r =
      run_process({MW_BINARY, "--config", (dir_ / "mw.toml").string(), "poll", "--once", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(missing_requests_.load(), 1);
  EXPECT_EQ(weather_requests_.load(), 0) << "the pre-filter must stop the fetch";
  EXPECT_NE(r.err.find("Loopback Wire"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/missing.html"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("HTTP 404"), std::string::npos) << r.err;

  auto store = store::Store::open((dir_ / "mw.db").string());
  ASSERT_TRUE(store) << store.error().message;
  auto& db = (*store)->db();
  EXPECT_EQ(db.execAndGet("SELECT state FROM entries WHERE entry_key LIKE '%b'").getString(),
            "skipped");
  EXPECT_NE(db.execAndGet("SELECT state_reason FROM entries WHERE entry_key LIKE '%b'")
                .getString()
                .find("pre-filter"),
            std::string::npos);
  EXPECT_EQ(db.execAndGet("SELECT state FROM entries WHERE entry_key LIKE '%a'").getString(),
            "processed");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM articles WHERE from_feed_text = 1").getInt(), 1);
  auto events = store::list_events(**store, {.country = "ES"});
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().action, "close");
}

}  // namespace
}  // namespace mw
