#include "feeds/url.h"

#include <gtest/gtest.h>

namespace mw::url {
namespace {

TEST(UrlResolve, RelativePathsFollowRfc3986) {
  struct Case {
    const char* base;
    const char* ref;
    const char* want;
  };
  const Case cases[] = {
      {"http://a.example/b/c/d", "g", "http://a.example/b/c/g"},
      {"http://a.example/b/c/d", "../g", "http://a.example/b/g"},
      {"http://a.example/b/c/d", "/g", "http://a.example/g"},
      {"http://a.example/b/c/d", "//other.example/x", "http://other.example/x"},
      {"http://a.example/b/c/d", "?q=1", "http://a.example/b/c/d?q=1"},
      {"http://a.example/b/c/d", "#frag", "http://a.example/b/c/d#frag"},
      {"http://a.example/b/", "https://z.example/p", "https://z.example/p"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(resolve(c.base, c.ref).value_or("<none>"), c.want) << c.base << " + " << c.ref;
  }
}

TEST(UrlResolve, RelativeRefWithoutAbsoluteBaseIsNullopt) {
  EXPECT_FALSE(resolve("", "foo/bar").has_value());
  EXPECT_FALSE(resolve("not a url", "/x").has_value());
}

TEST(UrlResolve, AbsoluteRefWithUnknownSchemeIsKept) {
  EXPECT_EQ(resolve("http://a.example/", "mailto:me@example.org").value_or(""),
            "mailto:me@example.org");
}

TEST(UrlHost, IsLowerCasedAndEmptyWhenMissing) {
  EXPECT_EQ(host("http://WWW.Example.COM:8080/x"), "www.example.com");
  EXPECT_EQ(host("/relative"), "");
}

TEST(UrlScheme, IsLowerCasedForAnyScheme) {
  EXPECT_EQ(scheme("JavaScript:alert(1)"), "javascript");
  EXPECT_EQ(scheme("HTTPS://x"), "https");
  EXPECT_EQ(scheme("/path:with:colons"), "");
  EXPECT_EQ(scheme("no scheme"), "");
}

TEST(UrlCanonicalize, DropsTrackingPortFragmentAndCase) {
  EXPECT_EQ(canonicalize("HTTP://A.Example:80/x?utm_source=t&id=3&fbclid=z#top").value_or(""),
            "http://a.example/x?id=3");
  EXPECT_EQ(canonicalize("https://a.example:443").value_or(""), "https://a.example/");
  EXPECT_EQ(canonicalize("https://a.example:8443/p?gclid=1").value_or(""),
            "https://a.example:8443/p");
}

TEST(UrlCanonicalize, RejectsNonHttp) {
  EXPECT_FALSE(canonicalize("ftp://a.example/").has_value());
  EXPECT_FALSE(canonicalize("/relative").has_value());
  EXPECT_FALSE(canonicalize("javascript:alert(1)").has_value());
}

}  // namespace
}  // namespace mw::url
