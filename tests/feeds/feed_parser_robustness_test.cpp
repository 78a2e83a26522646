// parse_feed never throws, whatever the document: element names that collide with the keys
// the builder keeps structured values under ("links", "authors", "tags"...) used to reach
// nlohmann::json type errors and abort the daemon. A deterministic "element soup" generator
// mixes every name the builder gives meaning to with free text and attributes, and each
// document's typed fields must come out the same with and without the full detail.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

Feed parse_both_ways(const std::string& doc, Feed* full_out = nullptr) {
  Feed lean = parse_feed(doc);
  Feed full = parse_feed(doc, FeedParseOptions{.build_detail = true});
  // parse_feed also catches what escapes the builder (its last line of defence): the builder
  // itself must not need that.
  EXPECT_EQ(lean.bozo_exception.find("failed part-way"), std::string::npos) << lean.bozo_exception;
  EXPECT_EQ(full.bozo_exception.find("failed part-way"), std::string::npos) << full.bozo_exception;
  EXPECT_EQ(lean.title, full.title) << doc;
  EXPECT_EQ(lean.link, full.link) << doc;
  EXPECT_EQ(lean.language, full.language) << doc;
  EXPECT_EQ(lean.ttl, full.ttl) << doc;
  EXPECT_EQ(lean.entries.size(), full.entries.size()) << doc;
  for (size_t i = 0; i < lean.entries.size() && i < full.entries.size(); ++i) {
    const Entry& a = lean.entries[i];
    const Entry& b = full.entries[i];
    EXPECT_EQ(a.id, b.id) << doc;
    EXPECT_EQ(a.link, b.link) << doc;
    EXPECT_EQ(a.title, b.title) << doc;
    EXPECT_EQ(a.summary, b.summary) << doc;
    EXPECT_EQ(a.content, b.content) << doc;
    EXPECT_EQ(a.text, b.text) << doc;
    EXPECT_EQ(a.published, b.published) << doc;
    EXPECT_EQ(a.updated, b.updated) << doc;
    EXPECT_EQ(a.key, b.key) << doc;
  }
  if (full_out) *full_out = std::move(full);
  return lean;
}

TEST(FeedParserRobustness, TextWhereALinkListIsKeptDoesNotThrow) {
  const std::string doc =
      "<rss version=\"2.0\"><channel><title>T</title>"
      "<item><links>x</links><link>http://a.example/1</link><title>one</title></item>"
      "<item><link>http://a.example/2</link><title>two</title></item></channel></rss>";
  Feed full;
  Feed lean = parse_both_ways(doc, &full);
  ASSERT_EQ(lean.entries.size(), 2u);
  EXPECT_EQ(lean.entries[0].link, "http://a.example/1");
  EXPECT_EQ(lean.entries[1].title, "two");  // nothing after the odd element is lost
  ASSERT_EQ(full.entries.size(), 2u);
  EXPECT_EQ(full.entries[0].detail.value("link", ""), "http://a.example/1");
}

TEST(FeedParserRobustness, TextWhereStructuredValuesAreKeptDoesNotThrow) {
  // Each of these keys holds a list or an object once its element is seen; here a plain
  // element of the same name came first and left a string there.
  for (const char* name : {"links", "authors", "contributors", "tags", "author_detail",
                           "media_content", "media_thumbnail", "media_credit", "media_rating",
                           "media_restriction", "media_license", "media_player", "psc_chapters",
                           "generator_detail", "image", "textinput", "source", "content"}) {
    std::string n = name;
    std::string doc =
        "<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
        "xmlns:psc=\"http://podlove.org/simple-chapters\"><channel><" +
        n + ">x</" + n + ">" +
        "<image><title>i</title><url>http://a.example/i.png</url></image><textInput><title>t"
        "</title></textInput><generator uri=\"http://g.example/\">g</generator>"
        "<item><" +
        n + ">x</" + n +
        "><link>http://a.example/1</link><author>a@b.example (A)"
        "</author><contributor><name>C</name></contributor><category>c</category>"
        "<enclosure url=\"http://a.example/e.mp3\" type=\"audio/mpeg\"/>"
        "<media:content url=\"http://a.example/m.jpg\"/><media:thumbnail url=\"http://a.example/"
        "t.jpg\"/><media:credit>c</media:credit><media:rating>r</media:rating>"
        "<media:restriction>fr</media:restriction><media:license>l</media:license>"
        "<media:player url=\"http://a.example/p\"/><psc:chapters><psc:chapter start=\"0\"/>"
        "</psc:chapters><source url=\"http://s.example/\">S</source><title>one</title></item>"
        "<item><title>two</title></item></channel></rss>";
    SCOPED_TRACE(n);
    Feed lean = parse_both_ways(doc);
    ASSERT_EQ(lean.entries.size(), 2u);
    EXPECT_EQ(lean.entries[0].title, "one");
    EXPECT_EQ(lean.entries[1].title, "two");
  }
}

// Random documents built from the names the builder reacts to, nested at random, with text,
// attributes and namespaces. Deterministic: a failure names its document.
// The builder remembers what each open element's name meant for its end tag; a document of
// thousands of invented names resets the per-thread name cache under the open elements, and
// a prefix declared inside an item changes what later names mean. Both must be seen (under
// ASan a stale entry is a use-after-free), and the feed must read as if nothing happened.
TEST(FeedParserRobustness, NameCacheResetsAndNewPrefixesUnderOpenElements) {
  std::string doc = "<rss version=\"2.0\"><channel><title>T</title><item><title>A</title>";
  for (int i = 0; i < 6000; ++i) {
    doc += "<n" + std::to_string(i) + ">v</n" + std::to_string(i) + ">";
  }
  doc += "<link>http://e.example/1</link><guid>g1</guid></item>";
  doc +=
      "<item xmlns:d=\"http://purl.org/dc/elements/1.1/\"><title>B</title>"
      "<d:date>2024-05-01T08:00:00Z</d:date><link>http://e.example/2</link></item>";
  doc += "</channel></rss>";
  for (int round = 0; round < 2; ++round) {  // the second with the cache warm
    Feed f = parse_both_ways(doc);
    EXPECT_FALSE(f.bozo) << f.bozo_exception;
    EXPECT_EQ(f.title, "T");
    ASSERT_EQ(f.entries.size(), 2u);
    EXPECT_EQ(f.entries[0].title, "A");
    EXPECT_EQ(f.entries[0].link, "http://e.example/1");
    EXPECT_EQ(f.entries[0].key, "id:g1");
    EXPECT_EQ(f.entries[1].title, "B");
    EXPECT_EQ(f.entries[1].link, "http://e.example/2");
    EXPECT_EQ(f.entries[1].updated, 1714550400);  // dc:date is `updated` to feedparser
  }
}

TEST(FeedParserRobustness, ElementSoupNeverThrows) {
  const std::vector<std::string> names = {"rss",
                                          "channel",
                                          "feed",
                                          "item",
                                          "entry",
                                          "title",
                                          "link",
                                          "links",
                                          "description",
                                          "summary",
                                          "content",
                                          "content:encoded",
                                          "dc:creator",
                                          "dc:date",
                                          "author",
                                          "authors",
                                          "name",
                                          "email",
                                          "uri",
                                          "url",
                                          "contributor",
                                          "contributors",
                                          "category",
                                          "tags",
                                          "image",
                                          "textInput",
                                          "textinput",
                                          "width",
                                          "height",
                                          "guid",
                                          "id",
                                          "pubDate",
                                          "updated",
                                          "published",
                                          "source",
                                          "enclosure",
                                          "generator",
                                          "generator_detail",
                                          "media:content",
                                          "media:thumbnail",
                                          "media:credit",
                                          "media:rating",
                                          "media:title",
                                          "media:group",
                                          "media_content",
                                          "itunes:image",
                                          "itunes:category",
                                          "itunes:keywords",
                                          "psc:chapters",
                                          "psc:chapter",
                                          "cloud",
                                          "language",
                                          "webMaster",
                                          "newLocation",
                                          "dcterms:valid",
                                          "xhtml:div",
                                          "div",
                                          "body",
                                          "subtitle",
                                          "rights",
                                          "info",
                                          "ttl",
                                          "copyright",
                                          "tagline",
                                          "abstract"};
  const std::vector<std::string> attrs = {" type=\"html\"",
                                          " type=\"xhtml\"",
                                          " type=\"text\"",
                                          " rel=\"alternate\"",
                                          " rel=\"enclosure\"",
                                          " href=\"http://a.example/x\"",
                                          " href=\"/rel\"",
                                          " url=\"http://a.example/u\"",
                                          " xml:base=\"http://b.example/d/\"",
                                          " xml:lang=\"fr\"",
                                          " mode=\"base64\"",
                                          " term=\"t\"",
                                          " isPermaLink=\"false\"",
                                          " version=\"2.0\""};
  const std::vector<std::string> texts = {"x",
                                          "http://a.example/p",
                                          "Mon, 02 Jan 2006 15:04:05 GMT",
                                          "&lt;b&gt;bold&lt;/b&gt;",
                                          "<![CDATA[<p>p</p>]]>",
                                          "a@b.example (A)",
                                          "  ",
                                          "2006-01-02T15:04:05Z",
                                          "aGk="};
  const std::string ns =
      " xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""
      " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\""
      " xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\""
      " xmlns:psc=\"http://podlove.org/simple-chapters\" "
      "xmlns:dcterms=\"http://purl.org/dc/terms/\""
      " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"";
  // MW_SOUP_SEED / MW_SOUP_DOCS run other or more documents (a longer fuzzing run, see
  // docs/feeds.md); the defaults keep this test around a second.
  const char* seed_env = std::getenv("MW_SOUP_SEED");
  const char* docs_env = std::getenv("MW_SOUP_DOCS");
  const unsigned seed =
      seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 20261124u;
  const int docs = docs_env ? std::atoi(docs_env) : 5000;
  std::mt19937 rng(seed);
  auto pick = [&](const auto& v) -> const auto& {
    return v[rng() % v.size()];
  };
  for (int doc_no = 0; doc_no < docs; ++doc_no) {
    std::string doc = "<rss version=\"2.0\"" + ns + "><channel>";
    std::vector<std::string> open;
    int steps = 5 + static_cast<int>(rng() % 40);
    for (int s = 0; s < steps; ++s) {
      int what = static_cast<int>(rng() % 10);
      if (what < 5 && open.size() < 8) {
        const std::string& n = pick(names);
        doc += "<" + n;
        if (rng() % 2) doc += pick(attrs);
        if (rng() % 4 == 0) doc += pick(attrs);
        doc += ">";
        open.push_back(n);
      } else if (what < 8) {
        doc += pick(texts);
      } else if (!open.empty()) {
        doc += "</" + open.back() + ">";
        open.pop_back();
      }
    }
    while (!open.empty()) {
      doc += "</" + open.back() + ">";
      open.pop_back();
    }
    doc += "</channel></rss>";
    SCOPED_TRACE(doc);
    EXPECT_NO_THROW(parse_both_ways(doc));
    if (HasFailure()) break;  // one document is enough to debug
  }
}

// Every fixture of the feedparser conformance corpus (the oddest feeds we have), damaged at
// random: bytes flipped, markup characters inserted, cut short, a stretch repeated. Nothing
// may throw (or trip AddressSanitizer), and typed fields stay independent of the detail.
TEST(FeedParserRobustness, DamagedConformanceFixturesNeverThrow) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(MW_SHARED_DIR) / "conformance" / "feedparser" / "fixtures";
  if (!fs::exists(dir)) {
    GTEST_SKIP() << "conformance fixtures absent at " << dir
                 << " (set -DMW_SHARED_DIR=...); damaged-fixture fuzzing NOT run";
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 1000u);
  const char* seed_env = std::getenv("MW_SOUP_SEED");
  std::mt19937 rng(seed_env ? static_cast<unsigned>(std::strtoul(seed_env, nullptr, 10)) : 7u);
  const std::string inserts[] = {"<",       ">",           "&",         "&amp;",
                                 "&#",      "]]>",         "<![CDATA[", "</item>",
                                 "<entry>", "\xC3",        "\xFF\xFE",  std::string(1, '\0'),
                                 "\"",      "xmlns:x=\"\""};
  size_t parsed = 0;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    const std::string original = buf.str();
    for (int round = 0; round < 2 && !original.empty(); ++round) {
      std::string doc = original;
      for (int m = 0, n = 1 + static_cast<int>(rng() % 4); m < n && !doc.empty(); ++m) {
        size_t at = rng() % doc.size();
        switch (rng() % 4) {
          case 0: doc[at] = static_cast<char>(rng() % 256); break;
          case 1: doc.insert(at, inserts[rng() % std::size(inserts)]); break;
          case 2: doc.resize(at); break;
          default: doc.insert(at, doc.substr(at, rng() % 64)); break;
        }
      }
      SCOPED_TRACE(path.string() + " damaged, round " + std::to_string(round));
      EXPECT_NO_THROW(parse_both_ways(doc));
      ++parsed;
      if (HasFailure()) return;  // one document is enough to debug
    }
  }
  EXPECT_GT(parsed, 4000u);
}

}  // namespace
}  // namespace mw
