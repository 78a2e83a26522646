// FeedParseOptions::build_detail only decides whether the feedparser view (Entry::detail,
// Feed::detail, Feed::namespaces) is built: the typed fields the daemon stores must be the same
// with and without it. Checked on every fixture of the
// feedparser conformance corpus (../shared/conformance/feedparser/fixtures), the oddest feeds we
// have, and on a small inline feed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every typed field of the feed and its entries; "" when equal.
std::string typed_difference(const Feed& a, const Feed& b) {
  auto field = [](const char* name, const auto& x, const auto& y) -> std::string {
    return x == y ? "" : std::string(name) + " differs; ";
  };
  std::string d = field("version", a.version, b.version) +
                  field("encoding", a.encoding, b.encoding) + field("bozo", a.bozo, b.bozo) +
                  field("bozo_exception", a.bozo_exception, b.bozo_exception) +
                  field("title", a.title, b.title) + field("link", a.link, b.link) +
                  field("language", a.language, b.language) + field("ttl", a.ttl, b.ttl) +
                  field("entry count", a.entries.size(), b.entries.size());
  if (!d.empty()) return d;
  for (size_t i = 0; i < a.entries.size(); ++i) {
    const Entry& x = a.entries[i];
    const Entry& y = b.entries[i];
    std::string e = field("id", x.id, y.id) + field("link", x.link, y.link) +
                    field("title", x.title, y.title) + field("summary", x.summary, y.summary) +
                    field("content", x.content, y.content) + field("text", x.text, y.text) +
                    field("published", x.published, y.published) +
                    field("updated", x.updated, y.updated) + field("key", x.key, y.key);
    if (!e.empty()) return "entry " + std::to_string(i) + ": " + e;
  }
  return "";
}

TEST(FeedDetailEquivalence, TypedFieldsDoNotDependOnBuildDetailAcrossTheConformanceCorpus) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(MW_SHARED_DIR) / "conformance" / "feedparser" / "fixtures";
  if (!fs::exists(dir)) {
    GTEST_SKIP() << "conformance fixtures absent at " << dir
                 << " (set -DMW_SHARED_DIR=...); build_detail equivalence NOT checked";
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 1000u);
  size_t entries = 0, with_detail = 0, feeds_with_detail = 0, titled = 0;
  for (const auto& p : files) {
    const std::string doc = read_all(p);
    FeedParseOptions full;
    full.build_detail = true;
    const Feed a = parse_feed(doc, full);
    const Feed b = parse_feed(doc);
    EXPECT_EQ(typed_difference(a, b), "") << p;
    entries += b.entries.size();
    titled += b.title.empty() ? 0 : 1;
    feeds_with_detail += b.detail.is_null() && b.namespaces.is_null() ? 0 : 1;
    for (const Entry& e : b.entries) with_detail += e.detail.empty() ? 0 : 1;
  }
  EXPECT_GT(entries, 1000u);
  EXPECT_GT(titled, 300u);  // 370 of the fixtures have a channel title
  EXPECT_EQ(with_detail, 0u) << "entries parsed without build_detail still carry a detail";
  EXPECT_EQ(feeds_with_detail, 0u) << "feeds parsed without build_detail still carry a detail";
}

TEST(FeedDetailEquivalence, DetailIsFullOnlyWhenAskedFor) {
  const std::string doc = R"xml(<rss version="2.0"><channel><title>T</title><ttl>30</ttl>
<item><title>A &amp; B</title><link>http://n.example/a</link><category>Asia</category>
<author>jane@example.org (Jane)</author><pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate>
<enclosure url="http://n.example/a.mp3" type="audio/mpeg"/>
<description>&lt;p&gt;Body &lt;script&gt;x()&lt;/script&gt;&lt;/p&gt;</description></item>
</channel></rss>)xml";
  Feed lean = parse_feed(doc);
  Feed full = parse_feed(doc, FeedParseOptions{.build_detail = true});
  ASSERT_EQ(lean.entries.size(), 1u);
  EXPECT_TRUE(lean.entries[0].detail.is_null());  // no detail built, not even an empty object
  EXPECT_TRUE(lean.detail.is_null());
  EXPECT_EQ(lean.ttl, "30");  // typed: the poller reads it
  EXPECT_EQ(full.detail["ttl"], "30");
  EXPECT_EQ(full.detail["title_detail"]["type"], "text/plain");
  const auto& d = full.entries[0].detail;
  EXPECT_EQ(d["tags"][0]["term"], "Asia");
  EXPECT_EQ(d["enclosures"][0]["href"], "http://n.example/a.mp3");
  EXPECT_EQ(d["published_iso"], "2004-01-01T19:48:21Z");
  EXPECT_EQ(typed_difference(lean, full), "");
  EXPECT_EQ(lean.entries[0].title, "A & B");
  EXPECT_EQ(lean.entries[0].summary, "<p>Body </p>");
  EXPECT_EQ(lean.entries[0].published, 1072986501);
}

}  // namespace
}  // namespace mw
