// Hostile and broken pages: bounded time and memory, a clear error or an empty result, never a
// crash (the suite runs under AddressSanitizer).
#include <chrono>
#include <random>

#include <gtest/gtest.h>

#include "feeds/article_extractor.h"
#include "feeds/html_dom.h"

namespace mw {
namespace {

const std::string kParagraph =
    "<p>North Korea has closed its embassy in Spain, officials said, after a decade, and the "
    "staff have left.</p>";

TEST(ArticleBadInput, EmptyPageGivesEmptyResultWithReason) {
  for (std::string_view html : {"", "   \n\t "}) {
    auto a = extract_article(html, ExtractOptions{});
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->text.empty());
    EXPECT_EQ(a->no_text_reason, "the page is empty");
  }
}

TEST(ArticleBadInput, TruncatedHtmlStillGivesTheTextBeforeTheCut) {
  std::string html = "<html><head><title>Embassy</title></head><body><article>";
  for (int i = 0; i < 4; ++i) html += kParagraph;
  html += "<p>The mission in Luanda closed too, diplomats said, and the buil";
  auto a = extract_article(html, ExtractOptions{});
  ASSERT_TRUE(a);
  EXPECT_NE(a->text.find("closed its embassy in Spain"), std::string::npos);
  EXPECT_NE(a->text.find("and the buil"), std::string::npos);
}

TEST(ArticleBadInput, BinaryJunkIsAParseError) {
  std::mt19937 rng(42);
  std::string junk(64 * 1024, '\0');
  for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
  auto a = extract_article(junk, ExtractOptions{}, "https://example.org/x.bin");
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kParse);
  EXPECT_NE(a.error().message.find("not HTML"), std::string::npos);
  EXPECT_NE(a.error().message.find("https://example.org/x.bin"), std::string::npos);
}

TEST(ArticleBadInput, DeepNestingIsCappedNotFatal) {
  for (std::string tag : {"div", "span", "b", "table", "a"}) {
    std::string html = "<html><body>";
    html.reserve(100000 * 8);
    for (int i = 0; i < 100000; ++i) html += "<" + tag + ">";
    html += kParagraph;
    for (int i = 0; i < 100000; ++i) html += "</" + tag + ">";
    auto start = std::chrono::steady_clock::now();
    auto a = extract_article(html, ExtractOptions{});
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(a) << tag;
    EXPECT_FALSE(a->warnings.empty()) << tag;
    // Generous bound for a sanitizer build on a loaded machine; uncapped Gumbo takes ~40 s.
    EXPECT_LT(seconds, 20.0) << tag;
  }
}

TEST(ArticleBadInput, PrepareMarkupDropsOnlyTagsBeyondTheDepthLimit) {
  std::size_t dropped = 0;
  std::string html;
  for (int i = 0; i < 10; ++i) html += "<div>";
  html += "x";
  for (int i = 0; i < 10; ++i) html += "</div>";
  EXPECT_EQ(html::prepare_markup(html, 4, dropped),
            "<div><div><div><div>x</div></div></div></div>");
  EXPECT_EQ(dropped, 12u);
  EXPECT_EQ(html::prepare_markup("<p>a<p>b<p>c", 2, dropped), "<p>a<p>b<p>c");
  EXPECT_EQ(dropped, 0u);
}

TEST(ArticleBadInput, FiftyMegabytePageIsTruncatedToTheLimit) {
  std::string html = "<html><head><title>Big</title></head><body><article>";
  for (int i = 0; i < 20; ++i) html += kParagraph;
  html += "</article><div>";
  const std::string filler = "<span>filler text in a very long page</span>\n";
  while (html.size() < 50u * 1024 * 1024) html += filler;
  html += "</div></body></html>";
  auto a = extract_article(html, ExtractOptions{});
  ASSERT_TRUE(a);
  ASSERT_FALSE(a->warnings.empty());
  EXPECT_NE(a->warnings[0].find("truncated"), std::string::npos);
  EXPECT_EQ(a->title, "Big");
}

TEST(ArticleBadInput, DeeplyNestedJsonLdIsHarmless) {
  std::string html = "<html><head><script type=\"application/ld+json\">" +
                     std::string(100000, '[') + std::string(100000, ']') +
                     "</script></head><body><article>" + kParagraph + kParagraph +
                     "</article></body></html>";
  auto a = extract_article(html, ExtractOptions{});
  ASSERT_TRUE(a);
  EXPECT_NE(a->text.find("closed its embassy"), std::string::npos);
}

TEST(ArticleBadInput, MarkupSoupNeverCrashes) {
  std::mt19937 rng(7);
  const char* pieces[] = {"<div>",
                          "</div>",
                          "<p>",
                          "</p>",
                          "<table>",
                          "<td>",
                          "<!--",
                          "-->",
                          "<script>",
                          "</script>",
                          "<a href='",
                          "'>",
                          "<br/>",
                          "&amp;",
                          "&#x",
                          "<svg>",
                          "</svg>",
                          "<meta charset=",
                          "text, more text. ",
                          "\xC3",
                          "<li>",
                          "<h1>",
                          "<style>",
                          "<template>",
                          "<noscript>",
                          "\"",
                          ">"};
  for (int round = 0; round < 50; ++round) {
    std::string html;
    for (int i = 0; i < 2000; ++i) html += pieces[rng() % std::size(pieces)];
    auto a = extract_article(html, ExtractOptions{});
    EXPECT_TRUE(a || a.error().code == ErrorCode::kParse);
  }
}

}  // namespace
}  // namespace mw
