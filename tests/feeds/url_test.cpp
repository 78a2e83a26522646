#include "feeds/url.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

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

// resolve() joins plain path references itself instead of asking libcurl; it must give what
// libcurl gives for every reference, plain or not, against every kind of base (normalised or
// not, with port, query, fragment, user, upper case, no path).
TEST(UrlResolve, ShortcutAgreesWithLibcurlOnRandomReferences) {
  const char* bases[] = {"http://a.example/b/c/d",
                         "https://a.example/",
                         "https://a.example",
                         "http://a.example:8080/b/c/",
                         "https://a.example/b/c.html?x=1&y=2",
                         "https://a.example/b/c#frag",
                         "https://user:pw@a.example/b/",
                         "HTTPS://A.Example/B/C",
                         "http://a.example/b/../c/./d",
                         "http://a.example/b%20c/d",
                         "http://a.example//double//slash",
                         "https://a.example/b/c?q#f",
                         "ftp://a.example/b/c",
                         "http://[::1]:8/x/y",
                         " http://a.example/spaced/ ",
                         "http://a.example:80/x/",
                         "http://a.example/b/c/d?",
                         "https://a.example/%7Euser/page"};
  // Characters the shortcut accepts and ones that must send the reference to libcurl.
  const std::string alphabet = "ab/.-_~?=&+,:%#; Z9";
  std::mt19937 rng(20261124);
  std::uniform_int_distribution<size_t> len(1, 12), pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<size_t> base_pick(0, std::size(bases) - 1);
  int compared = 0, shortcut_shaped = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string ref;
    for (size_t n = len(rng); n > 0; --n) ref += alphabet[pick(rng)];
    const char* base = bases[base_pick(rng)];
    auto got = resolve(base, ref);
    auto want = resolve_with_libcurl(base, ref);
    ASSERT_EQ(got.has_value(), want.has_value()) << base << " + '" << ref << "'";
    if (got) {
      ASSERT_EQ(*got, *want) << base << " + '" << ref << "'";
    }
    ++compared;
    if (ref.find_first_of(":%#; ") == std::string::npos && ref.find("..") == std::string::npos) {
      ++shortcut_shaped;
    }
  }
  EXPECT_EQ(compared, 60000);
  EXPECT_GT(shortcut_shaped, 1000);  // the shortcut's own inputs were well represented
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

// canonicalize() reads plain http(s) URLs itself instead of asking libcurl; it must give what
// libcurl gives for every URL, plain or not.
TEST(UrlCanonicalize, ShortcutAgreesWithLibcurlOnRandomUrls) {
  const char* schemes[] = {"http://", "https://", "HTTP://", "ftp://", "http:/", ""};
  const char* hosts[] = {"a.example",
                         "News.Example.ORG",
                         "x",
                         "a-b.example",
                         "a..b",
                         ".a",
                         "a.",
                         "-a.example",
                         "1.2.3.4",
                         "[::1]",
                         "a_b.example",
                         "user@a.example",
                         "xn--bcher-kva.example"};
  const char* ports[] = {"",   "",     "",       ":80",    ":443", ":8080",
                         ":0", ":080", ":65535", ":65536", ":",    ":x"};
  const std::string alphabet = "ab/.-_~?=&+,:%#; Z9";
  const char* params[] = {"utm_source=rss", "id=4", "UTM_Medium=x", "fbclid=1",
                          "gclid=",         "a",    "b=c=d"};
  std::mt19937 rng(11);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  int compared = 0, plain_shaped = 0;
  for (int i = 0; i < 60000; ++i) {
    std::string url = schemes[pick(std::size(schemes))];
    url += hosts[pick(std::size(hosts))];
    url += ports[pick(std::size(ports))];
    for (size_t n = pick(10); n > 0; --n) url += alphabet[pick(alphabet.size())];
    if (pick(3) == 0) {
      url += '?';
      for (size_t n = pick(4); n > 0; --n) {
        if (url.back() != '?') url += '&';
        url += params[pick(std::size(params))];
      }
    }
    auto got = canonicalize(url);
    auto want = canonicalize_with_libcurl(url);
    ASSERT_EQ(got.has_value(), want.has_value()) << "'" << url << "'";
    if (got) {
      ASSERT_EQ(*got, *want) << "'" << url << "'";
      if (url.find_first_of("%#; :@[") == url.find("://") + 0 ||
          url.find_first_of("%#; @[") == std::string::npos) {
        ++plain_shaped;
      }
    }
    ++compared;
  }
  EXPECT_EQ(compared, 60000);
  EXPECT_GT(plain_shaped, 1000);  // the shortcut's own inputs were well represented
}

TEST(UrlCanonicalize, RejectsNonHttp) {
  EXPECT_FALSE(canonicalize("ftp://a.example/").has_value());
  EXPECT_FALSE(canonicalize("/relative").has_value());
  EXPECT_FALSE(canonicalize("javascript:alert(1)").has_value());
}

}  // namespace
}  // namespace mw::url
