// Atom 0.3 / 1.0 parsing, from string literals.
#include <gtest/gtest.h>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

TEST(Atom, Atom10EntryWithXmlBaseAndXhtmlContent) {
  Feed f =
      parse_feed(R"xml(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://a.example/blog/">
  <title type="text">A &amp; B</title>
  <link href="/" rel="alternate" type="text/html"/>
  <updated>2005-07-31T12:29:29Z</updated>
  <entry xml:lang="fr">
    <id>tag:a.example,2005:1</id>
    <title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title>
    <link href="posts/1"/>
    <published>2005-07-31T12:29:29+02:00</published>
    <author><name>Ann</name><email>ann@a.example</email><uri>/ann</uri></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">See <a href="pics/1.png">this</a></div></content>
  </entry>
</feed>)xml",
                 FeedParseOptions{.build_detail = true});
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.version, "atom10");
  EXPECT_EQ(f.title, "A & B");
  EXPECT_EQ(f.link, "http://a.example/");
  EXPECT_EQ(f.detail["updated_iso"], "2005-07-31T12:29:29Z");
  const Entry& e = f.entries.at(0);
  EXPECT_EQ(e.id, "tag:a.example,2005:1");
  EXPECT_EQ(e.link, "http://a.example/blog/posts/1");
  EXPECT_EQ(e.detail["title"], "<b>Bold</b> move");
  EXPECT_EQ(e.title, "Bold move");
  EXPECT_EQ(e.content, "See <a href=\"http://a.example/blog/pics/1.png\">this</a>");
  EXPECT_EQ(e.detail["content"][0]["language"], "fr");
  EXPECT_EQ(e.detail["content"][0]["type"], "application/xhtml+xml");
  EXPECT_EQ(e.detail["author_detail"]["href"], "http://a.example/ann");
  EXPECT_EQ(e.detail["author"], "Ann (ann@a.example)");
  EXPECT_EQ(e.detail["published_iso"], "2005-07-31T10:29:29Z");
}

TEST(Atom, Atom03VersionAndModifiedDate) {
  Feed f = parse_feed(R"xml(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <entry><title>x</title><modified>2003-12-13T18:30:02Z</modified></entry></feed>)xml",
                      FeedParseOptions{.build_detail = true});
  EXPECT_EQ(f.version, "atom03");
  EXPECT_EQ(f.entries.at(0).detail["updated_iso"], "2003-12-13T18:30:02Z");
  ASSERT_TRUE(f.entries.at(0).updated.has_value());
}

TEST(Atom, UnsafeLinkSchemesInContentAreRemoved) {
  Feed f = parse_feed(R"xml(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
  <summary type="html">&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</summary></entry></feed>)xml",
                      FeedParseOptions{.build_detail = true});
  EXPECT_EQ(f.entries.at(0).summary, "<a href=\"\">x</a>");
}

}  // namespace
}  // namespace mw
