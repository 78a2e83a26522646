// RSS 1.0 (RDF) and RSS 0.90 parsing.
#include <gtest/gtest.h>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

TEST(Rdf, Rss10ItemsOutsideTheChannel) {
  Feed f = parse_feed(R"xml(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://r.example/"><title>RDF site</title><link>http://r.example/</link></channel>
  <item rdf:about="http://r.example/1"><title>One</title><link>http://r.example/1</link>
    <dc:date>2004-01-01T00:00:00+00:00</dc:date></item>
  <item rdf:about="http://r.example/2"><title>Two</title><link>http://r.example/2</link></item>
</rdf:RDF>)xml",
                      FeedParseOptions{.build_detail = true});
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.version, "rss10");
  EXPECT_EQ(f.title, "RDF site");
  ASSERT_EQ(f.entries.size(), 2u);
  EXPECT_EQ(f.entries[0].id, "http://r.example/1");  // rdf:about
  EXPECT_EQ(f.entries[1].title, "Two");
  EXPECT_EQ(f.entries[0].detail["updated_iso"], "2004-01-01T00:00:00Z");
}

TEST(Rdf, Rss090Namespace) {
  Feed f = parse_feed(R"xml(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Old</title></channel>
 <item><title>i</title><link>http://o.example/i</link></item></rdf:RDF>)xml",
                      FeedParseOptions{.build_detail = true});
  EXPECT_EQ(f.version, "rss090");
  EXPECT_EQ(f.entries.at(0).link, "http://o.example/i");
}

}  // namespace
}  // namespace mw
