// JSON Feed 1.0 / 1.1 (the conformance corpus has no checks for it, so these are the tests).
#include "feeds/json_feed.h"

#include <gtest/gtest.h>

#include "feeds/feed_parser.h"

namespace mw {
namespace {

TEST(JsonFeed, Version11WithItems) {
  Feed f = parse_feed(R"xml({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "JSON news", "home_page_url": "https://j.example/",
    "authors": [{"name": "Kim"}],
    "items": [
      {"id": "1", "url": "/posts/1", "title": "First",
       "content_html": "<p>Hello <script>x()</script>world</p>",
       "date_published": "2024-05-01T10:00:00+02:00", "tags": ["a", "b"],
       "attachments": [{"url": "https://j.example/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 10}]},
      {"id": 2, "content_text": "Plain", "date_modified": "not a date"}
    ]})xml",
                      FeedParseOptions{.url = "https://j.example/feed.json", .build_detail = true});
  EXPECT_FALSE(f.bozo) << f.bozo_exception;
  EXPECT_EQ(f.version, "json11");
  EXPECT_EQ(f.title, "JSON news");
  EXPECT_EQ(f.link, "https://j.example/");
  ASSERT_EQ(f.entries.size(), 2u);
  const Entry& a = f.entries[0];
  EXPECT_EQ(a.id, "1");
  EXPECT_EQ(a.link, "https://j.example/posts/1");
  EXPECT_EQ(a.content, "<p>Hello world</p>");
  EXPECT_EQ(a.text, "Hello world");
  EXPECT_EQ(a.detail["published_iso"], "2024-05-01T08:00:00Z");
  EXPECT_EQ(a.detail["tags"][1]["term"], "b");
  EXPECT_EQ(a.detail["enclosures"][0]["length"], "10");
  const Entry& b = f.entries[1];
  EXPECT_EQ(b.id, "2");
  EXPECT_EQ(b.text, "Plain");
  EXPECT_FALSE(b.updated.has_value());
  EXPECT_FALSE(b.detail.contains("updated_iso"));
}

TEST(JsonFeed, Version10AuthorObject) {
  Feed f = parse_json_feed(R"xml({"version":"https://jsonfeed.org/version/1","title":"t",
    "author":{"name":"Lee","url":"https://l.example/"},"items":[]})xml",
                           "");
  EXPECT_EQ(f.version, "json1");
  EXPECT_EQ(f.detail["author"], "Lee");
}

TEST(JsonFeed, InvalidJsonIsBozoNotException) {
  Feed f = parse_feed("{\"version\": ");
  EXPECT_TRUE(f.bozo);
  EXPECT_NE(f.bozo_exception.find("not valid JSON"), std::string::npos);
  EXPECT_TRUE(f.entries.empty());
}

}  // namespace
}  // namespace mw
