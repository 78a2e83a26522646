#include "feeds/html_decode.h"

#include <gtest/gtest.h>

namespace mw::html {
namespace {

const std::string kCurly = "\xE2\x80\x9Cq\xE2\x80\x9D";  // “q” in UTF-8

TEST(HtmlDecode, HeaderCharsetWinsOverMeta) {
  auto d = decode_html("<meta charset=utf-8><p>\x93q\x94</p>", "text/html; charset=windows-1252");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, "header");
  EXPECT_EQ(d->charset, "windows-1252");
  EXPECT_NE(d->text.find(kCurly), std::string::npos);
}

TEST(HtmlDecode, Latin1LabelDecodesAsWindows1252) {
  // 0x93/0x94 are C1 controls in ISO-8859-1 but quotes in windows-1252, which browsers use.
  auto d = decode_html("<p>\x93q\x94</p>", "text/html; charset=ISO-8859-1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->charset, "windows-1252");
  EXPECT_NE(d->text.find(kCurly), std::string::npos);
}

TEST(HtmlDecode, ByteOrderMarkWinsOverMeta) {
  auto d = decode_html("\xEF\xBB\xBF<meta charset=iso-8859-2><p>caf\xC3\xA9</p>");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, "bom");
  EXPECT_EQ(d->text, "<meta charset=iso-8859-2><p>caf\xC3\xA9</p>");
}

TEST(HtmlDecode, MetaCharsetIsFoundByPrescan) {
  auto d = decode_html(
      "<!doctype html><!-- <meta charset=koi8-r> --><html><head>"
      "<meta charset=\"windows-1251\"></head><p>\xCF\xF0\xE8</p>");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, "meta");
  EXPECT_EQ(d->charset, "windows-1251");
  EXPECT_NE(d->text.find("\xD0\x9F\xD1\x80\xD0\xB8"), std::string::npos);  // При
}

TEST(HtmlDecode, HttpEquivContentTypeIsFoundByPrescan) {
  auto d = decode_html(
      "<html><head><meta http-equiv='Content-Type' content='text/html; charset=euc-kr'>"
      "</head><p>\xC7\xD1</p>");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, "meta");
  EXPECT_NE(d->text.find("\xED\x95\x9C"), std::string::npos);  // 한
}

TEST(HtmlDecode, MetaUtf16MeansUtf8) {
  EXPECT_EQ(normalize_charset_label("UTF-16LE", /*from_meta=*/true), "utf-8");
  EXPECT_EQ(normalize_charset_label(" Latin1 "), "windows-1252");
  EXPECT_EQ(normalize_charset_label("us-ascii"), "windows-1252");
}

TEST(HtmlDecode, UndeclaredDefaultsToUtf8AndReplacesInvalidBytes) {
  auto d = decode_html("<p>caf\xC3\xA9 ok</p>");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->source, "default");
  EXPECT_EQ(d->text, "<p>caf\xC3\xA9 ok</p>");
  auto bad = decode_html("<meta charset=utf-8><p>a\xFF b</p>");
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->text.find("a\xEF\xBF\xBD b"), std::string::npos);
}

TEST(HtmlDecode, UnknownDeclaredLabelFallsThroughToTheNextSource) {
  auto d = decode_html("<meta charset=klingon-8><p>ok</p>", "text/html; charset=x-unknown");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->charset, "utf-8");
}

TEST(HtmlDecode, ContentTypeCharsetParameter) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=\"UTF-8\"").value(), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/html;charset=shift_jis").value(), "shift_jis");
  EXPECT_FALSE(charset_from_content_type("text/html").has_value());
}

}  // namespace
}  // namespace mw::html
