// RSS 0.9x / 2.0 parsing, from string literals.
#include <gtest/gtest.h>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

// The full feedparser view: these tests read Entry::detail.
Feed parse(std::string_view xml) {
  return parse_feed(xml, FeedParseOptions{.build_detail = true});
}

TEST(Rss, ParsesChannelAndItemBasics) {
  Feed f = parse(R"xml(<?xml version="1.0"?>
<rss version="2.0"><channel>
  <title>Mission news</title><link>http://news.example/</link>
  <description>All the news</description><language>en-gb</language>
  <item>
    <title>Embassy closes</title>
    <link>http://news.example/a1</link>
    <guid isPermaLink="false">a1-guid</guid>
    <pubDate>Thu, 01 Jan 2004 19:48:21 GMT</pubDate>
    <description>&lt;p&gt;The embassy in &lt;b&gt;Madrid&lt;/b&gt; closed.&lt;/p&gt;</description>
    <category domain="http://cats.example/">Diplomacy</category>
    <enclosure url="http://news.example/a1.mp3" length="123" type="audio/mpeg"/>
  </item>
</channel></rss>)xml");
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.version, "rss20");
  EXPECT_EQ(f.title, "Mission news");
  EXPECT_EQ(f.link, "http://news.example/");
  EXPECT_EQ(f.detail["subtitle"], "All the news");
  EXPECT_EQ(f.language, "en-gb");
  ASSERT_EQ(f.entries.size(), 1u);
  const Entry& e = f.entries[0];
  EXPECT_EQ(e.title, "Embassy closes");
  EXPECT_EQ(e.link, "http://news.example/a1");
  EXPECT_EQ(e.id, "a1-guid");
  EXPECT_EQ(e.summary, "<p>The embassy in <b>Madrid</b> closed.</p>");
  EXPECT_EQ(e.text, "The embassy in Madrid closed.");
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(*e.published, 1072986501);
  EXPECT_EQ(e.detail["published_iso"], "2004-01-01T19:48:21Z");
  EXPECT_EQ(e.detail["tags"][0]["term"], "Diplomacy");
  EXPECT_EQ(e.detail["tags"][0]["scheme"], "http://cats.example/");
  EXPECT_EQ(e.detail["enclosures"][0]["href"], "http://news.example/a1.mp3");
  EXPECT_EQ(e.key, "id:a1-guid");
}

TEST(Rss, VersionAttributeSelectsVersion) {
  EXPECT_EQ(parse(R"xml(<rss version="0.91"><channel/></rss>)xml").version, "rss091u");
  EXPECT_EQ(parse(R"xml(<rss version="0.92"><channel/></rss>)xml").version, "rss092");
  EXPECT_EQ(parse(R"xml(<rss><channel/></rss>)xml").version, "rss");
  EXPECT_EQ(parse(R"xml(<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "x">
<rss version="0.91"><channel/></rss>)xml")
                .version,
            "rss091n");
}

TEST(Rss, ContentEncodedAndDublinCoreAreMapped) {
  Feed f = parse(R"xml(<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>
  <dc:creator>Jane Doe (jane@example.org)</dc:creator>
  <dc:date>2003-12-31T10:14:55Z</dc:date>
  <content:encoded><![CDATA[<p onclick="x()">Full <script>bad()</script>text</p>]]></content:encoded>
</item></channel></rss>)xml");
  const Entry& e = f.entries.at(0);
  EXPECT_EQ(e.content, "<p>Full text</p>");
  EXPECT_EQ(e.detail["author_detail"]["name"], "Jane Doe");
  EXPECT_EQ(e.detail["author_detail"]["email"], "jane@example.org");
  EXPECT_EQ(e.detail["updated_iso"], "2003-12-31T10:14:55Z");
  EXPECT_EQ(e.text, "Full text");
}

TEST(Rss, GuidIsPermalinkBecomesLink) {
  Feed f = parse(R"xml(<rss version="2.0"><channel><item><guid>http://x.example/p/1</guid></item>
</channel></rss>)xml");
  EXPECT_EQ(f.entries.at(0).link, "http://x.example/p/1");
  EXPECT_EQ(f.entries.at(0).detail["guidislink"], true);
}

}  // namespace
}  // namespace mw
