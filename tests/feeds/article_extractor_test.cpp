// Rules of the article extractor, each on a small page written for it.
#include "feeds/article_extractor.h"

#include <gtest/gtest.h>

#include "feeds/html_metadata.h"

namespace mw {
namespace {

const char* kBody =
    "<p>North Korea has closed its embassies in Spain, Angola and Uganda, according to officials "
    "familiar with the matter, in a move analysts link to sanctions and shrinking revenue.</p>"
    "<p>The embassy in Madrid, opened in 2013, was the country's only mission in Spain, and its "
    "staff left the city last week, neighbours said.</p>"
    "<p>Diplomats in Luanda said the mission there had been winding down for months, with most "
    "of its staff already gone, and that its building was put up for rent.</p>";

std::string page(const std::string& head, const std::string& body) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" + head +
         "</head><body>" + body + "</body></html>";
}

Article extract(const std::string& html, std::string_view url = "") {
  auto a = extract_article(html, ExtractOptions{}, url);
  EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().describe());
  return a ? *a : Article{};
}

bool has(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

TEST(ArticleExtractor, KeepsTheBodyAsParagraphsSeparatedByBlankLines) {
  Article a = extract(page("", std::string("<article>") + kBody + "</article>"));
  EXPECT_EQ(a.text_source, "scoring");
  EXPECT_TRUE(has(a.text, "North Korea has closed its embassies"));
  EXPECT_TRUE(has(a.text,
                  "matter, in a move analysts link to sanctions and shrinking revenue.\n\n"
                  "The embassy in Madrid"));
  EXPECT_TRUE(a.no_text_reason.empty());
}

TEST(ArticleExtractor, DropsNavigationMenusShareBarsAndRelatedLists) {
  std::string body =
      "<nav><a href=/>Home</a> <a href=/world>World news and analysis</a></nav>"
      "<ul class=\"menu\"><li><a href=/a>Politics and diplomacy section</a></li></ul>"
      "<div class=\"article-content\">" +
      std::string(kBody) +
      "<div class=\"share-bar\">Share this story on Facebook, Twitter, email and more</div>"
      "</div>"
      "<div class=\"related-articles\"><h3>Related</h3><ul><li><a href=/r1>Pyongyang opens an "
      "embassy, in a surprise move, somewhere else</a></li></ul></div>";
  Article a = extract(page("", body));
  EXPECT_TRUE(has(a.text, "Diplomats in Luanda"));
  EXPECT_FALSE(has(a.text, "World news and analysis"));
  EXPECT_FALSE(has(a.text, "Politics and diplomacy"));
  EXPECT_FALSE(has(a.text, "Share this story"));
  EXPECT_FALSE(has(a.text, "surprise move"));
}

TEST(ArticleExtractor, DropsCommentsCookieBannersNewslettersAndCaptions) {
  std::string body =
      "<div id=\"cookie-consent\">We use cookies to improve your experience, as described in our "
      "policy, and to measure audiences.</div>"
      "<article><figure><img src=a.jpg><figcaption>The embassy building in Madrid, in a photo "
      "taken last year. Photo credit: Agency</figcaption></figure>" +
      std::string(kBody) +
      "<div class=\"newsletter-signup\">Sign up for our daily newsletter, with the news, analysis "
      "and more, every morning.</div></article>"
      "<section id=\"comments\"><p>Great article, thanks, I always wondered about this, really."
      "</p></section>";
  Article a = extract(page("", body));
  EXPECT_TRUE(has(a.text, "The embassy in Madrid, opened in 2013"));
  EXPECT_FALSE(has(a.text, "cookies"));
  EXPECT_FALSE(has(a.text, "photo taken last year"));
  EXPECT_FALSE(has(a.text, "newsletter"));
  EXPECT_FALSE(has(a.text, "Great article"));
}

TEST(ArticleExtractor, DropsAdLabelsBylinesAndDateLines) {
  std::string body = std::string(
                         "<article><p>By Jane Doe | Reuters</p>"
                         "<p>Published 18 November 2019, 10:21</p><p>Updated at 1:23 "
                         "p.m.</p>") +
                     kBody +
                     "<p>ADVERTISEMENT</p><p>By 2030, the ministry said, the mission "
                     "network will be smaller still.</p></article>";
  Article a = extract(page("", body));
  EXPECT_FALSE(has(a.text, "Jane Doe"));
  EXPECT_FALSE(has(a.text, "Published 18"));
  EXPECT_FALSE(has(a.text, "Updated at"));
  EXPECT_FALSE(has(a.text, "ADVERTISEMENT"));
  EXPECT_TRUE(has(a.text, "By 2030, the ministry said"));  // prose, not a byline
}

TEST(ArticleExtractor, KeepsEmbeddedPostsTheArticleQuotes) {
  std::string body = std::string("<article>") + kBody +
                     "<div class=\"social-media-embed\"><blockquote class=\"twitter-tweet\">"
                     "<p>The embassy in Madrid is closed today, staff told reporters: "
                     "<a href=\"https://t.co/x\">https://t.co/x</a></p>&mdash; A Reporter "
                     "(@reporter) <a href=\"https://twitter.com/r/1\">November 18, 2019</a>"
                     "</blockquote></div></article>";
  Article a = extract(page("", body));
  EXPECT_TRUE(has(a.text, "The embassy in Madrid is closed today"));
}

TEST(ArticleExtractor, DropsHiddenElements) {
  std::string body = std::string("<article>") + kBody +
                     "<p style=\"display: none\">Hidden paragraph with secret text, unseen.</p>"
                     "<p hidden>Another hidden paragraph, with more secret text.</p></article>";
  Article a = extract(page("", body));
  EXPECT_TRUE(has(a.text, "North Korea"));
  EXPECT_FALSE(has(a.text, "secret text"));
}

TEST(ArticleExtractor, FindsTextInDivsWithLineBreaksInsteadOfParagraphs) {
  std::string body =
      "<div class=\"sidebar\"><a href=/1>Link one</a><br><a href=/2>Link two</a></div>"
      "<div class=\"post\">North Korea has closed its embassy in Spain, officials said, after "
      "years of operation.<br><br>The decision follows the closure of missions in Angola and "
      "Uganda, according to diplomats, and more may follow.<br><br>Analysts say sanctions have "
      "made the missions too expensive to keep, and revenue has fallen.</div>";
  Article a = extract(page("", body));
  EXPECT_TRUE(has(a.text, "closed its embassy in Spain"));
  EXPECT_TRUE(has(a.text, "Analysts say sanctions"));
  EXPECT_FALSE(has(a.text, "Link one"));
}

TEST(ArticleExtractor, UsesJsonLdArticleBodyWhenThePageShowsNoText) {
  std::string head =
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
      "\"@type\":\"NewsArticle\",\"headline\":\"Embassy closes\",\"articleBody\":\"North Korea "
      "closed its embassy in Madrid, officials said on Monday, after ten years.\\nThe mission "
      "in Luanda closed too, diplomats in Angola said, and others may follow soon.\"}</script>";
  Article a = extract(page(head, "<div id=app></div>"));
  EXPECT_EQ(a.text_source, "json-ld");
  EXPECT_EQ(a.text,
            "North Korea closed its embassy in Madrid, officials said on Monday, after ten "
            "years.\n\nThe mission in Luanda closed too, diplomats in Angola said, and others may "
            "follow soon.");
  EXPECT_EQ(a.title, "Embassy closes");
}

TEST(ArticleExtractor, NoMainTextIsAValueWithAReason) {
  Article a = extract(page("<title>Index</title>", "<nav><a href=/a>A</a></nav><p>Short.</p>"));
  EXPECT_TRUE(a.text.empty());
  EXPECT_FALSE(a.no_text_reason.empty());
  EXPECT_EQ(a.title, "Index");
}

TEST(ArticleMetadata, JsonLdGivesTitleDatesAuthorsAndSiteName) {
  std::string head =
      "<title>Embassy closes | Example News</title>"
      "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
      "{\"@type\":\"WebSite\",\"name\":\"Example\"},"
      "{\"@type\":\"NewsArticle\",\"headline\":\"North Korea closes embassy in Spain\","
      "\"datePublished\":\"2019-11-18T10:21:00Z\",\"dateModified\":\"2019-11-19T08:00:00+01:00\","
      "\"author\":[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},{\"name\":\"John Roe\"}],"
      "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Example News\"}}]}</script>";
  Article a = extract(page(head, kBody));
  EXPECT_EQ(a.title, "North Korea closes embassy in Spain");
  EXPECT_EQ(a.published.iso, "2019-11-18T10:21:00+00:00");
  EXPECT_EQ(a.published.source, "json-ld");
  EXPECT_EQ(a.modified.iso, "2019-11-19T08:00:00+01:00");
  EXPECT_EQ(a.authors, (std::vector<std::string>{"Jane Doe", "John Roe"}));
  EXPECT_EQ(a.site_name, "Example News");
}

TEST(ArticleMetadata, OpenGraphAndArticleMetaTags) {
  std::string head =
      "<meta property=\"og:title\" content=\"Embassy closes\">"
      "<meta property=\"og:site_name\" content=\"Example News\">"
      "<meta property=\"article:published_time\" content=\"2019-11-18T10:21:00+09:00\">"
      "<meta property=\"article:modified_time\" content=\"2019-11-18T12:00:00+09:00\">"
      "<meta name=\"author\" content=\"By Jane Doe\">"
      "<meta property=\"og:url\" content=\"https://example.org/news/embassy\">";
  Article a = extract(page(head, kBody), "https://example.org/news/embassy?utm_source=x");
  EXPECT_EQ(a.title, "Embassy closes");
  EXPECT_EQ(a.published.iso, "2019-11-18T10:21:00+09:00");
  EXPECT_EQ(a.published.source, "meta:article:published_time");
  EXPECT_EQ(a.modified.iso, "2019-11-18T12:00:00+09:00");
  EXPECT_EQ(a.authors, std::vector<std::string>{"Jane Doe"});
  EXPECT_EQ(a.canonical_url, "https://example.org/news/embassy");
  EXPECT_EQ(a.language, "en");
}

TEST(ArticleMetadata, RelCanonicalIsResolvedAgainstThePageUrl) {
  Article a = extract(page("<link rel=\"canonical\" href=\"/news/embassy\">", kBody),
                      "https://example.org/amp/news/embassy");
  EXPECT_EQ(a.canonical_url, "https://example.org/news/embassy");
}

TEST(ArticleMetadata, RelativeCanonicalWithoutPageUrlIsLeftOut) {
  Article a = extract(page("<link rel=\"canonical\" href=\"/news/embassy\">", kBody));
  EXPECT_EQ(a.canonical_url, "");
}

TEST(ArticleMetadata, TimeElementGivesTheDate) {
  Article a = extract(page("", std::string("<article><time datetime=\"2019-11-18\">Nov 18"
                                           "</time>") +
                                   kBody + "</article>"));
  EXPECT_EQ(a.published.iso, "2019-11-18");
  EXPECT_EQ(a.published.source, "time");
}

TEST(ArticleMetadata, UrlGivesTheDateWhenThePageDoesNot) {
  Article a = extract(page("", kBody), "https://example.org/2019/11/18/embassy-closes/");
  EXPECT_EQ(a.published.iso, "2019-11-18");
  EXPECT_EQ(a.published.source, "url");
}

TEST(ArticleMetadata, VisibleDateLineGivesTheDateLast) {
  std::string body = std::string(
                         "<div class=\"post-date\">Published 18 November 2019, 10:21"
                         "</div><article>") +
                     kBody + "</article>";
  Article a = extract(page("", body), "https://example.org/news/embassy");
  EXPECT_EQ(a.published.iso, "2019-11-18T10:21:00");
  EXPECT_EQ(a.published.source, "text");
}

TEST(ArticleMetadata, TitleLosesTheSiteNameSuffix) {
  EXPECT_EQ(html::clean_title("Embassy closes in Spain | Example News", "Example News"),
            "Embassy closes in Spain");
  EXPECT_EQ(html::clean_title("Example News - Embassy closes in Spain", "Example News"),
            "Embassy closes in Spain");
  EXPECT_EQ(html::clean_title("North Korea closes its embassy in Spain - BBC News", ""),
            "North Korea closes its embassy in Spain");
  EXPECT_EQ(html::clean_title("Embassy closes", ""), "Embassy closes");
  Article a =
      extract(page("<title>North Korea closes its embassy in Spain \xE2\x80\x94 "
                   "The Daily</title>",
                   kBody));
  EXPECT_EQ(a.title, "North Korea closes its embassy in Spain");
}

TEST(ArticleMetadata, LanguageFromMetaWhenHtmlHasNone) {
  std::string html =
      "<html><head><meta http-equiv=\"content-language\" content=\"pt-BR\">"
      "</head><body>" +
      std::string(kBody) + "</body></html>";
  EXPECT_EQ(extract(html).language, "pt-BR");
}

}  // namespace
}  // namespace mw
