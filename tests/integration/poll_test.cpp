// `missionwatch poll --once` and `feeds …` end to end: the real binary, a real SQLite file and a
// real HTTP server on 127.0.0.1 serving good, unchanged, failing and hostile feeds.
#include <gtest/gtest.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/feeds/http_test_server.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using testing::LoopbackServer;
using testing::run_process;

const char* kRss = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News</title><link>http://example.org/</link>
<item><title>North Korea closes embassy</title><link>http://example.org/a1</link>
<guid>a1</guid><pubDate>Thu, 02 Nov 2023 10:00:00 GMT</pubDate></item>
<item><title>Second story</title><link>http://example.org/a2</link><guid>a2</guid></item>
</channel></rss>)";

class PollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mw-poll-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto& http = server_.http();
    http.Get("/ok.xml", [this](const httplib::Request& req, httplib::Response& res) {
      ++ok_requests_;
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        ++not_modified_;
        res.status = 304;
        return;
      }
      res.set_header("ETag", "\"v1\"");
      res.set_content(kRss, "application/rss+xml");
    });
    http.Get("/missing.xml", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      res.set_content("not here", "text/plain");
    });
    http.Get("/gone.xml",
             [](const httplib::Request&, httplib::Response& res) { res.status = 410; });
    http.Get("/page.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><title>A news site</title>"
          "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/ok.xml\" title=\"RSS\">"
          "</head><body><p>Hello</p></body></html>",
          "text/html");
    });
    http.Get("/ttl.xml", [](const httplib::Request&, httplib::Response& res) {
      std::string s(kRss);
      s.insert(s.find("<item>"), "<ttl>240</ttl>");  // cache me for 4 hours
      res.set_content(s, "application/rss+xml");
    });
    http.Get("/truncated.xml", [](const httplib::Request&, httplib::Response& res) {
      std::string s(kRss);
      res.set_content(s.substr(0, s.find("<item><title>Second")), "application/rss+xml");
    });
    server_.start();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_config(const std::vector<std::string>& paths, bool allow_private = true) {
    std::ostringstream c;
    c << "[service]\ndatabase = \"" << (dir_ / "mw.db").string() << "\"\n"
      << "allow_private_networks = " << (allow_private ? "true" : "false") << "\n"
      << "[http]\nmin_host_delay = \"0s\"\nconnect_timeout = \"5s\"\ntotal_timeout = \"10s\"\n";
    for (const auto& p : paths) {
      c << "[[feeds]]\nurl = \"" << server_.url(p) << "\"\nname = \"" << p.substr(1) << "\"\n";
    }
    const fs::path file = dir_ / "mw.toml";
    std::ofstream(file) << c.str();
    return file.string();
  }

  // The JSON lines of `poll --once --json`, by feed name (the summary under "summary").
  static std::map<std::string, nlohmann::json> by_name(const std::string& out) {
    std::map<std::string, nlohmann::json> m;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      m[j.contains("summary") ? "summary" : j["name"].get<std::string>()] = j;
    }
    return m;
  }

  // `feeds list --json`, by feed name.
  static std::map<std::string, nlohmann::json> list_feeds(const std::string& cfg) {
    auto list = run_process({MW_BINARY, "feeds", "list", "--json", "--config", cfg});
    EXPECT_EQ(list.exit_code, 0) << list.err;
    std::map<std::string, nlohmann::json> feeds;
    std::istringstream in(list.out);
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line);
      feeds[j["name"]] = j;
    }
    return feeds;
  }

  fs::path dir_;
  LoopbackServer server_;
  std::atomic<int> ok_requests_{0};
  std::atomic<int> not_modified_{0};
};

TEST_F(PollTest, NewEntriesAreStoredOnceAndUnchangedFeedAnswers304) {
  const std::string cfg = write_config({"/ok.xml"});
  auto first = run_process({MW_BINARY, "poll", "--once", "--json", "--config", cfg});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto r1 = by_name(first.out);
  EXPECT_EQ(r1["ok.xml"]["outcome"], "updated");
  EXPECT_EQ(r1["ok.xml"]["new_entries"], 2);

  auto second = run_process({MW_BINARY, "poll", "--once", "--all", "--json", "--config", cfg});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto r2 = by_name(second.out);
  EXPECT_EQ(r2["ok.xml"]["outcome"], "unchanged");
  EXPECT_EQ(r2["ok.xml"]["new_entries"], 0);
  EXPECT_EQ(not_modified_.load(), 1) << "the second poll must send If-None-Match";
}

TEST_F(PollTest, FeedNotDueIsNotPolledAgain) {
  const std::string cfg = write_config({"/ok.xml"});
  ASSERT_EQ(run_process({MW_BINARY, "poll", "--once", "--config", cfg}).exit_code, 0);
  auto again = run_process({MW_BINARY, "poll", "--once", "--json", "--config", cfg});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(by_name(again.out)["summary"]["feeds"], 0);
  EXPECT_EQ(ok_requests_.load(), 1);
}

TEST_F(PollTest, FailingFeedsAreRecordedAndDoNotStopTheOthers) {
  const std::string cfg =
      write_config({"/ok.xml", "/missing.xml", "/gone.xml", "/page.html", "/truncated.xml"});
  auto run = run_process({MW_BINARY, "poll", "--once", "--json", "--config", cfg});
  EXPECT_EQ(run.exit_code, 1) << "exit 1 when any feed failed\n" << run.err;
  auto r = by_name(run.out);
  EXPECT_EQ(r["ok.xml"]["outcome"], "updated");
  EXPECT_EQ(r["missing.xml"]["outcome"], "failed");
  EXPECT_NE(r["missing.xml"]["error"].get<std::string>().find("HTTP 404"), std::string::npos);
  EXPECT_EQ(r["gone.xml"]["outcome"], "gone");
  EXPECT_EQ(r["page.html"]["outcome"], "failed");
  EXPECT_NE(r["page.html"]["error"].get<std::string>().find("not a feed"), std::string::npos);
  // Malformed XML: what can be recovered is kept, and the feed is flagged.
  EXPECT_EQ(r["truncated.xml"]["outcome"], "updated");
  EXPECT_TRUE(r["truncated.xml"]["bozo"].get<bool>());
  EXPECT_GE(r["truncated.xml"]["new_entries"].get<int>(), 1);

  auto feeds = list_feeds(cfg);
  EXPECT_EQ(feeds["missing.xml"]["failure_count"], 1);
  EXPECT_EQ(feeds["missing.xml"]["last_status"], 404);
  EXPECT_TRUE(feeds["gone.xml"]["gone"].get<bool>());
  EXPECT_EQ(feeds["ok.xml"]["failure_count"], 0);
  EXPECT_EQ(feeds["ok.xml"]["etag"], "\"v1\"");
}

// Seconds from `from` to `to`, both as `feeds list --json` prints them (UTC, ...Z).
long seconds_between(const std::string& from, const std::string& to) {
  auto parse = [](const std::string& s) {
    std::tm tm{};
    std::istringstream in(s);
    in >> std::get_time(&tm, "%Y-%m-%d %H:%M:%S");
    if (in.fail()) {
      in.clear();
      in.str(s);
      in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    }
    EXPECT_FALSE(in.fail()) << "unreadable time " << s;
    return static_cast<long>(timegm(&tm));
  };
  return parse(to) - parse(from);
}

TEST_F(PollTest, RssTtlLengthensTheFeedsPollInterval) {
  const std::string cfg = write_config({"/ok.xml", "/ttl.xml"});
  auto run = run_process({MW_BINARY, "poll", "--once", "--config", cfg});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto feeds = list_feeds(cfg);
  auto wait = [&](const std::string& name) {
    return seconds_between(feeds[name]["last_polled_at"].get<std::string>(),
                           feeds[name]["next_poll_at"].get<std::string>());
  };
  // The default 15 minutes (with jitter) without <ttl>; 240 minutes (with jitter) with it.
  EXPECT_LT(wait("ok.xml"), 30 * 60) << feeds["ok.xml"];
  EXPECT_GT(wait("ttl.xml"), 3 * 3600) << feeds["ttl.xml"];
  EXPECT_LT(wait("ttl.xml"), 5 * 3600) << feeds["ttl.xml"];
}

TEST_F(PollTest, LoopbackFeedIsRefusedUnlessPrivateNetworksAreAllowed) {
  const std::string cfg = write_config({"/ok.xml"}, /*allow_private=*/false);
  auto run = run_process({MW_BINARY, "poll", "--once", "--json", "--config", cfg});
  EXPECT_EQ(run.exit_code, 1);
  auto r = by_name(run.out);
  EXPECT_EQ(r["ok.xml"]["outcome"], "failed");
  EXPECT_NE(r["ok.xml"]["error"].get<std::string>().find("127.0.0.1"), std::string::npos)
      << r["ok.xml"];
  EXPECT_EQ(ok_requests_.load(), 0) << "no request may reach a private address";
}

TEST_F(PollTest, FeedsAddFindsTheFeedOfAWebPage) {
  const std::string cfg = write_config({});
  auto add = run_process(
      {MW_BINARY, "feeds", "add", server_.url("/page.html"), "--name", "found", "--config", cfg});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find(server_.url("/ok.xml")), std::string::npos) << add.out;
  auto list = run_process({MW_BINARY, "feeds", "list", "--json", "--config", cfg});
  EXPECT_NE(list.out.find(server_.url("/ok.xml")), std::string::npos) << list.out;

  auto bad = run_process({MW_BINARY, "feeds", "add", server_.url("/missing.xml"), "--config", cfg});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("404"), std::string::npos) << bad.err;
}

TEST_F(PollTest, OpmlImportThenExportRoundTrips) {
  const std::string cfg = write_config({});
  const fs::path opml = dir_ / "subs.opml";
  std::ofstream(opml) << R"opml(<?xml version="1.0"?><opml version="2.0"><head/><body>
<outline text="Korea"><outline text="One" xmlUrl="https://one.example/feed"/>
<outline title="Two" xmlUrl="https://two.example/rss" category="/News"/></outline>
<outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>)opml";
  auto imp = run_process({MW_BINARY, "feeds", "import-opml", opml.string(), "--config", cfg});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.out.find("imported 2 feeds"), std::string::npos) << imp.out;
  auto exp = run_process({MW_BINARY, "feeds", "export-opml", "--config", cfg});
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  EXPECT_NE(exp.out.find("xmlUrl=\"https://one.example/feed\""), std::string::npos) << exp.out;
  EXPECT_NE(exp.out.find("xmlUrl=\"https://two.example/rss\""), std::string::npos);
  EXPECT_EQ(exp.out.find("javascript:"), std::string::npos);
}

}  // namespace
}  // namespace mw
