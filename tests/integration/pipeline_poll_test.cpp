// The pipeline end to end over the network: a loopback HTTP server serves an RSS feed whose
// entries link to HTML pages built at test time from the five seed texts. One `poll --once`
// must give the merged events of ../shared/seeds/expected.json and one alert row per current
// event; a second poll adds nothing; `export --since 0` and then `--since N` return every change
// once, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "daemon/store/alert_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/store.h"
#include "tests/feeds/http_test_server.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::LoopbackServer;
using testing::run_process;

const fs::path kSeeds = fs::path(MW_SHARED_DIR) / "seeds";

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
  }
  return out;
}

// A news page as sites publish it: navigation, the article (headline + one <p> per line of the
// seed), a footer; the dateline, when the seed has one, as article:published_time.
std::string seed_page(const std::string& text, const json& dateline) {
  auto lines = lines_of(text);
  std::ostringstream h;
  h << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
    << html_escape(lines.front()) << " | Loopback News</title>";
  if (dateline.is_string()) {
    h << "<meta property=\"article:published_time\" content=\"" << dateline.get<std::string>()
      << "\">";
  }
  h << "</head><body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>"
    << "<article><h1>" << html_escape(lines.front()) << "</h1>";
  for (std::size_t i = 1; i < lines.size(); ++i) h << "<p>" << html_escape(lines[i]) << "</p>\n";
  h << "</article><footer>© Loopback News. All rights reserved.</footer></body></html>";
  return h.str();
}

// The CloudEvents `sequence` extension: a string in the spec's own extension, tolerated as an
// integer too.
std::int64_t sequence_of(const json& envelope) {
  const json& s = envelope.at("sequence");
  return s.is_string() ? std::stoll(s.get<std::string>()) : s.get<std::int64_t>();
}

class PipelinePollTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is absent: seed tests skipped";
    expected_ = json::parse(std::ifstream(kSeeds / "expected.json"));
    dir_ = fs::temp_directory_path() /
           ("mw-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);

    std::ostringstream rss;
    rss << "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
        << "<title>Loopback News</title><link>"
        << "http://127.0.0.1/</link>";
    int n = 0;
    for (const auto& [file, article] : expected_.at("articles").items()) {
      const std::string text = testing::slurp(kSeeds / file);
      const std::string path = "/news/" + std::to_string(n++) + ".html";
      pages_[path] = seed_page(text, article.at("dateline"));
      // The feed's summary: the first lines of the story, as feeds usually carry.
      auto lines = lines_of(text);
      std::string summary;
      for (std::size_t i = 1; i < lines.size() && i <= 3; ++i) summary += lines[i] + " ";
      items_ << "<item><title>" << html_escape(lines.front()) << "</title><link>"
             << "{base}" << path << "</link><guid>" << path << "</guid><description>"
             << html_escape(summary) << "</description></item>";
    }
    server_.http().Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("If-None-Match") == "\"1\"") {
        res.status = 304;
        return;
      }
      std::string items = items_.str();
      const std::string base = "http://127.0.0.1:" + std::to_string(server_.port());
      for (auto at = items.find("{base}"); at != std::string::npos; at = items.find("{base}"))
        items.replace(at, 6, base);
      res.set_header("ETag", "\"1\"");
      res.set_content(
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loopback "
          "News</title><link>" +
              base + "/</link>" + items + "</channel></rss>",
          "application/rss+xml");
    });
    server_.http().Get(R"(/news/\d+\.html)",
                       [this](const httplib::Request& req, httplib::Response& res) {
                         ++page_requests_;
                         res.set_content(pages_.at(req.path), "text/html; charset=utf-8");
                       });
    server_.start();

    std::ofstream(dir_ / "mw.toml")
        << "[service]\ndatabase = \"" << (dir_ / "mw.db").string() << "\"\n"
        << "allow_private_networks = true\n"
        << "[http]\nmin_host_delay = \"0s\"\n"
        << "[[feeds]]\nurl = \"" << server_.url("/feed.xml") << "\"\nname = \"Loopback News\"\n";
    config_ = (dir_ / "mw.toml").string();
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::unique_ptr<store::Store> open() {
    auto s = store::Store::open((dir_ / "mw.db").string());
    EXPECT_TRUE(s) << s.error().message;
    return std::move(*s);
  }

  std::vector<json> export_since(std::int64_t seq) {
    auto r =
        run_process({MW_BINARY, "--config", config_, "export", "--since", std::to_string(seq)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<json> out;
    for (const auto& line : lines_of(r.out)) out.push_back(json::parse(line));
    return out;
  }

  json expected_;
  std::map<std::string, std::string> pages_;
  std::ostringstream items_;
  fs::path dir_;
  std::string config_;
  LoopbackServer server_;
  std::atomic<int> page_requests_{0};
};

TEST_F(PipelinePollTest, OnePollGivesTheMergedEventsAndOneAlertEach) {
  auto poll = run_process({MW_BINARY, "--config", config_, "poll", "--once", "--json"});
  ASSERT_EQ(poll.exit_code, 0) << poll.err;
  EXPECT_EQ(page_requests_.load(), 5) << "every article page is fetched once";

  auto store = open();
  auto events = store::list_events(*store, {});
  ASSERT_TRUE(events);
  // How many seeds state each current event: its expected number of sources.
  std::map<std::string, int> reporters;
  for (const auto& [file, article] : expected_.at("articles").items()) {
    for (const auto& e : article.at("events")) {
      ++reporters[e.at("direction").get<std::string>() + " " + e.at("country").get<std::string>() +
                  " " + e.at("action").get<std::string>()];
    }
  }
  std::set<std::string> current, historical;
  for (const auto& e : *events) {
    const std::string k = e.direction + " " + e.country + " " + e.action;
    (e.historical ? historical : current).insert(k);
    if (!e.historical) {
      auto counts = store::count_event_sources(*store, e.id);
      ASSERT_TRUE(counts);
      EXPECT_EQ(counts->sources, reporters[k]) << k << ": every seed that reports it is a source";
    }
    auto alerts = store::alerts_of_event(*store, e.id);
    ASSERT_TRUE(alerts);
    EXPECT_EQ(alerts->size(), e.historical ? 0u : 1u) << e.country;
  }
  std::set<std::string> want;
  for (const auto& c : expected_["merged"]["dprk_abroad_close"])
    want.insert("dprk_abroad " + c.get<std::string>() + " close");
  for (const auto& c : expected_["merged"]["foreign_in_dprk_close"])
    want.insert("foreign_in_dprk " + c.get<std::string>() + " close");
  EXPECT_EQ(current, want);
  std::set<std::string> want_historical;
  for (const auto& c : expected_["merged"]["historical_only"])
    want_historical.insert("dprk_abroad " + c.get<std::string>() + " close");
  EXPECT_EQ(historical, want_historical);

  // The second poll: 304, no new entry, no change.
  auto seq = store::last_change_seq(*store);
  ASSERT_TRUE(seq);
  store.reset();
  auto again = run_process({MW_BINARY, "--config", config_, "poll", "--once", "--all", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(page_requests_.load(), 5);
  EXPECT_EQ(*store::last_change_seq(*open()), *seq);
}

TEST_F(PipelinePollTest, ExportReturnsEveryChangeOnceInOrder) {
  ASSERT_EQ(run_process({MW_BINARY, "--config", config_, "poll", "--once"}).exit_code, 0);
  const std::int64_t last = *store::last_change_seq(*open());
  ASSERT_GT(last, 13);

  auto all = export_since(0);
  ASSERT_EQ(static_cast<std::int64_t>(all.size()), last);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i]["specversion"], "1.0");
    EXPECT_EQ(sequence_of(all[i]), static_cast<std::int64_t>(i + 1))
        << "changes in order, none missing";
  }
  const std::int64_t mid = last / 2;
  auto rest = export_since(mid);
  ASSERT_EQ(static_cast<std::int64_t>(rest.size()), last - mid);
  EXPECT_EQ(rest.front(), all[static_cast<std::size_t>(mid)]);
  EXPECT_TRUE(export_since(last).empty());
}

}  // namespace
}  // namespace mw
