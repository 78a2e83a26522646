// Entry point behaviour: encodings, malformed-XML recovery, entry identity, JSON view.
#include "feeds/feed_parser.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

const char* kItem =
    "<rss version=\"2.0\"><channel><title>T</title><item><title>%s</title>"
    "</item></channel></rss>";

std::string rss_with_title(const std::string& title, const std::string& decl = "") {
  char buf[512];
  std::snprintf(buf, sizeof buf, kItem, title.c_str());
  return decl + buf;
}

TEST(FeedParserEncoding, XmlDeclarationIsHonouredFromDisk) {
  Feed f = parse_feed(rss_with_title("caf\xE9", "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>"));
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.encoding, "iso-8859-1");
  EXPECT_EQ(f.entries.at(0).title, "caf\xC3\xA9");
}

TEST(FeedParserEncoding, HttpCharsetWinsOverDeclaration) {
  FeedParseOptions opt;
  opt.content_type = "application/xml; charset=windows-1251";
  Feed f =
      parse_feed(rss_with_title("\xCF\xF0\xE8", "<?xml version=\"1.0\" encoding=\"utf-8\"?>"), opt);
  EXPECT_EQ(f.encoding, "windows-1251");
  EXPECT_EQ(f.entries.at(0).title, "\xD0\x9F\xD1\x80\xD0\xB8");  // При
}

TEST(FeedParserEncoding, TextXmlWithoutCharsetIsAsciiAndFallsBack) {
  FeedParseOptions opt;
  opt.content_type = "text/xml";
  Feed f = parse_feed(rss_with_title("caf\xC3\xA9"), opt);
  EXPECT_TRUE(f.bozo);  // declared us-ascii, parsed as something else
  EXPECT_EQ(f.encoding, "utf-8");
  EXPECT_EQ(f.entries.at(0).title, "caf\xC3\xA9");
}

TEST(FeedParserEncoding, NonXmlMediaTypeIsBozo) {
  FeedParseOptions opt;
  opt.content_type = "text/plain";
  Feed f = parse_feed(rss_with_title("x"), opt);
  EXPECT_TRUE(f.bozo);
  EXPECT_NE(f.bozo_exception.find("not an XML media type"), std::string::npos);
  EXPECT_EQ(f.entries.size(), 1u);
}

TEST(FeedParserEncoding, Utf16WithBom) {
  std::string utf8 = rss_with_title("x\xC3\xA9");
  std::string utf16 = "\xFF\xFE";
  for (unsigned char c : std::string("<?xml version=\"1.0\" encoding=\"utf-16\"?>")) {
    utf16 += static_cast<char>(c);
    utf16 += '\0';
  }
  // ASCII plus one é (U+00E9) as UTF-16LE.
  for (size_t i = 0; i < utf8.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3) {
      utf16 += '\xE9';
      utf16 += '\0';
      ++i;
    } else {
      utf16 += static_cast<char>(c);
      utf16 += '\0';
    }
  }
  Feed f = parse_feed(utf16);
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.encoding, "utf-16le");
  EXPECT_EQ(f.entries.at(0).title, "x\xC3\xA9");
}

TEST(FeedParserEncoding, InvalidSequencesNeverReachTheOutput) {
  Feed f = parse_feed(rss_with_title("bad \xFF\xFE bytes"));
  for (const auto& e : f.entries) {
    EXPECT_EQ(e.title.find('\xFF'), std::string::npos);
  }
}

TEST(FeedParserRecovery, TruncatedXmlKeepsParsedEntriesAndIsBozo) {
  Feed f = parse_feed(
      "<rss version=\"2.0\"><channel><title>T</title>"
      "<item><title>one</title></item><item><title>tw");
  EXPECT_TRUE(f.bozo);
  EXPECT_NE(f.bozo_exception.find("not well-formed"), std::string::npos);
  ASSERT_GE(f.entries.size(), 1u);
  EXPECT_EQ(f.entries[0].title, "one");
}

TEST(FeedParserRecovery, UndefinedEntityIsResolvedButBozo) {
  Feed f = parse_feed(rss_with_title("caf&eacute;"));
  EXPECT_TRUE(f.bozo);
  EXPECT_EQ(f.entries.at(0).title, "caf\xC3\xA9");
}

TEST(FeedParserRecovery, EmptyAndNonFeedInputs) {
  EXPECT_TRUE(parse_feed("").entries.empty());
  Feed junk = parse_feed("this is not xml at all");
  EXPECT_TRUE(junk.bozo);
  EXPECT_EQ(junk.version, "");
}

TEST(EntryIdentity, GuidElseCanonicalLinkElseStableHash) {
  Entry a;
  a.id = " guid-1 ";
  EXPECT_EQ(entry_key(a), "id:guid-1");
  Entry b;
  b.link = "HTTP://News.Example/a?utm_source=x#top";
  EXPECT_EQ(entry_key(b), "url:http://news.example/a");
  Entry c;
  c.title = "T";
  c.summary = "S";
  c.published = 1000;
  Entry d = c;
  EXPECT_EQ(entry_key(c), entry_key(d));
  EXPECT_EQ(entry_key(c).rfind("hash:", 0), 0u);
  d.summary = "S2";
  EXPECT_NE(entry_key(c), entry_key(d));
}

// Keys are stored: the same entry must keep its key across versions, or every entry of a feed
// would come back as new after an upgrade. Values from the first release's formula.
TEST(EntryIdentity, HashKeysAreTheSameAsTheFirstReleases) {
  Entry e;
  e.title = "Embassy closes";
  e.published = 1700000000;
  e.summary = "<p>It closed.</p>";
  EXPECT_EQ(entry_key(e), "hash:e6edff98e499295f");
  Entry f;
  f.title = "t5";
  EXPECT_EQ(entry_key(f), "hash:0a055d4badcca94b");  // leading zero kept: always 16 digits
}

TEST(EntryIdentity, SameEntryParsedTwiceHasSameKey) {
  std::string doc = rss_with_title("no guid, no link");
  EXPECT_EQ(parse_feed(doc).entries.at(0).key, parse_feed(doc).entries.at(0).key);
}

TEST(FeedparserJson, HasContractKeysAndHttpFields) {
  FeedParseOptions opt;
  opt.build_detail = true;  // entries[] of the JSON view come from Entry::detail
  opt.url = "http://h.example/feed";
  opt.content_type = "application/rss+xml";
  nlohmann::json j = to_feedparser_json(parse_feed(rss_with_title("x"), opt), opt);
  EXPECT_EQ(j["bozo"], false);
  EXPECT_EQ(j["version"], "rss20");
  EXPECT_EQ(j["encoding"], "utf-8");
  EXPECT_EQ(j["href"], "http://h.example/feed");
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["headers"]["content-type"], "application/rss+xml");
  EXPECT_EQ(j["entries"][0]["title"], "x");
  EXPECT_FALSE(j["entries"][0].contains("published_epoch"));
}

}  // namespace
}  // namespace mw
