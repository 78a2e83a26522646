#include "feeds/html_sanitizer.h"

#include <gtest/gtest.h>

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
