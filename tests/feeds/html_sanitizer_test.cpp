#include "feeds/html_sanitizer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mw {
namespace {

TEST(HtmlSanitizer, TableOfInputsAndExpectedOutputs) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"safe <b>description</b>", "safe <b>description</b>"},
      {"<script>alert(1)</script>safe", "safe"},
      {"<style>p{}</style>safe", "safe"},
      {"<p onclick=\"evil()\">x</p>", "<p>x</p>"},
      {"<img src=\"a.jpg\" onerror=\"x\">", "<img src=\"a.jpg\" />"},
      {"<a href=\"javascript:alert(1)\">x</a>", "<a href=\"\">x</a>"},
      {"<a href=\"http://e.example/\" target=\"_blank\">x</a>",
       "<a href=\"http://e.example/\" target=\"_blank\">x</a>"},
      {"<iframe src=\"http://evil.example/\"></iframe>ok", "ok"},
      {"<object><embed src=\"x.swf\"></object>ok", "ok"},
      {"<span style=\"color: red; position: absolute\">t</span>",
       "<span style=\"color: red;\">t</span>"},
      {"<span style=\"color: red;\">t</span>", "<span style=\"color: red;\">t</span>"},
      {"<span style=\"background: url(javascript:x)\">t</span>", "<span>t</span>"},
      {"<br/>", "<br />"},
      {"<B TITLE=x>y</B>", "<b title=\"x\">y</b>"},
      {"a &amp; b &eacute; &#233; &bogus;", "a &amp; b &eacute; &#233; &amp;bogus"},
      {"<!-- note -->ok", "<!-- note -->ok"},
      {"unclosed <!-- comment", "unclosed"},
      {"<![CDATA[x]]>", "&lt;![CDATA[x]]>"},
  };
  for (const auto& c : cases) EXPECT_EQ(sanitize_html(c.in, false), c.want) << "input: " << c.in;
}

TEST(HtmlSanitizer, AttributesAreSortedAndEscaped) {
  EXPECT_EQ(sanitize_html("<img title='a\"b' alt=\"x<y\" src=\"i.png\">", false),
            "<img alt=\"x&lt;y\" src=\"i.png\" title=\"a&quot;b\" />");
}

TEST(HtmlSanitizer, Cp1252CharacterReferencesAreRemapped) {
  EXPECT_EQ(sanitize_html("&#146;", false), "&#x2019;");
}

TEST(ResolveRelativeUris, ResolvesUriAttributesOnly) {
  EXPECT_EQ(
      resolve_relative_uris("<a href=\"x/y\" title=\"z\">t</a><img src=\"/i.png\">",
                            "http://h.example/d/", false),
      "<a href=\"http://h.example/d/x/y\" title=\"z\">t</a><img src=\"http://h.example/i.png\" />");
}

TEST(ResolveRelativeUris, UnsafeSchemesBecomeEmpty) {
  EXPECT_EQ(resolve_relative_uris("<a href=\"javascript:x()\">t</a>", "http://h.example/", false),
            "<a href=\"\">t</a>");
}

// The feed builder resolves and sanitizes in one pass; it must give exactly what the two
// separate passes give, markup round trip included.
std::string two_passes(const std::string& html, const std::string& base, bool xhtml) {
  return sanitize_html(resolve_relative_uris(html, base, xhtml), xhtml);
}

TEST(ResolveAndSanitizeHtml, EqualsTheTwoPassesOnTrickyFragments) {
  const std::string base = "http://h.example/dir/page";
  const std::vector<std::string> cases = {
      "<a href='x/y' title='say \"hi\"'>t</a><img src=/i.png onerror=x()>",
      "<p style='font-family: \"Arial\"; color: red'>s</p>",
      "it&#39s &#34quoted&#34 &#39;ok&#39;",
      "<script>var a = '&#39'; x()</script>after",
      "<!-- <![CDATA[ x ]]> -->text",
      "<![CDATA[<b>x</b>]]>y",
      "<<?pi?>script>alert(1)</script>",
      "<</x>b>bold</b>",
      "&<!x>amp; &foo; &AMP; &#146; &#x2019; &#99999999999;",
      "<b><i>x</b> y</i>",
      "<a href=\"javascript:alert(1)\">j</a><a href=\" ../up \">u</a>",
      "<img src=\"a.png\"/><br/><p/>end",
      "<div><p>unclosed",
      "a < b > c <3 & d",
      "<a title=\"x<y>z\" href=\"?q=1&amp;r=2&s=3\">q</a>",
      "<blockquote cite=\"c\">q</blockquote><q cite=c>q</q><del cite=d>d</del>",
      "<!-- unclosed comment <b>x</b>",
      "<svg><circle r=1/></svg><math><mi>x</mi></math>",
      "\r\n  <p>crlf\r\nline</p>  \r\n",
  };
  for (bool xhtml : {false, true}) {
    for (const auto& c : cases) {
      EXPECT_EQ(resolve_and_sanitize_html(c, base, xhtml), two_passes(c, base, xhtml))
          << "input: " << c << " xhtml: " << xhtml;
    }
  }
}

TEST(ResolveAndSanitizeHtml, EqualsTheTwoPassesOnRandomMarkup) {
  // Fragments stitched from the pieces markup is made of, malformed ones included.
  const std::vector<std::string> pieces = {"<a href=\"x\">",
                                           "</a>",
                                           "<img src=y.png>",
                                           "<img src='z'/>",
                                           "<b>",
                                           "</b>",
                                           "<i>",
                                           "</i>",
                                           "<p>",
                                           "</p>",
                                           "<br/>",
                                           "<script>",
                                           "</script>",
                                           "<style>",
                                           "</style>",
                                           "<!--",
                                           "-->",
                                           "<!x>",
                                           "<?pi?>",
                                           "<![CDATA[",
                                           "]]>",
                                           "&amp;",
                                           "&#39",
                                           "&#39;",
                                           "&#34",
                                           "&bogus",
                                           "&",
                                           "<",
                                           ">",
                                           "\"",
                                           "'",
                                           "=",
                                           " ",
                                           "text",
                                           "\r\n",
                                           "<span style=\"color: red\">",
                                           "</span>",
                                           "<a title='a\"b' href=\"javascript:x\">",
                                           "</x>",
                                           "<div>",
                                           "</div>",
                                           "&#146;",
                                           "<q cite=\"../c\">",
                                           "</q>",
                                           "script",
                                           "/"};
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1), len(1, 14);
  const std::string base = "http://h.example/a/b";
  for (int i = 0; i < 20000; ++i) {
    std::string html;
    for (size_t n = len(rng); n > 0; --n) html += pieces[pick(rng)];
    bool xhtml = i % 2 == 1;
    ASSERT_EQ(resolve_and_sanitize_html(html, base, xhtml), two_passes(html, base, xhtml))
        << "input: " << html << " xhtml: " << xhtml;
  }
}

TEST(HtmlSanitizer, TextLeftBesideDroppedMarkupNeverBecomesATag) {
  for (const char* in : {"<<?a?>script>alert(1)", "<<<?a?>?b?>script>alert(1)",
                         "<<script>x</script>script>alert(1)", "<<!x>img src=x onerror=y>"}) {
    for (const std::string& out :
         {sanitize_html(in, false), resolve_and_sanitize_html(in, "http://h.example/", false)}) {
      EXPECT_EQ(out.find("<script"), std::string::npos) << in << " -> " << out;
      EXPECT_EQ(out.find("<img"), std::string::npos) << in << " -> " << out;
    }
  }
}

TEST(HtmlToText, StripsMarkupAndDecodesEntities) {
  EXPECT_EQ(html_to_text("<p>caf&eacute; &amp; <b>bar</b></p><script>x()</script><p>next</p>"),
            "café & bar next");
}

TEST(MakeSafeAbsoluteUri, FollowsFeedparserRules) {
  EXPECT_EQ(make_safe_absolute_uri("http://a.example/b/", "c"), "http://a.example/b/c");
  EXPECT_EQ(make_safe_absolute_uri("http://a.example/", "javascript:alert(1)"), "");
  EXPECT_EQ(make_safe_absolute_uri("", "rel"), "rel");
  EXPECT_EQ(make_safe_absolute_uri("javascript:x", ""), "");
}

}  // namespace
}  // namespace mw
