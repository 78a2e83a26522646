// Durations, typo suggestions and URL checks used by the configuration reader.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/config.h"
#include "daemon/config_values.h"

namespace mw {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesNumberUnitPairs) {
  struct Case {
    const char* text;
    std::int64_t ms;
  };
  const Case cases[] = {
      {"0s", 0},         {"500ms", 500},         {"30s", 30'000},    {"15m", 900'000},
      {"2h", 7'200'000}, {"24h", 86'400'000},    {"1d", 86'400'000}, {"1h30m", 5'400'000},
      {"1m30s", 90'000}, {"1d12h", 129'600'000}, {"90m", 5'400'000}, {"0ms", 0},
  };
  for (const Case& c : cases) {
    auto d = parse_duration(c.text);
    ASSERT_TRUE(d.has_value()) << c.text << ": " << d.error().message;
    EXPECT_EQ(d->count(), c.ms) << c.text;
  }
}

TEST(Duration, RejectsMalformedText) {
  const char* bad[] = {"",
                       "15",
                       "m",
                       "15 m",
                       "-5s",
                       "1.5h",
                       "5w",
                       "5sm",
                       "h5",
                       "15M",
                       " 5s",
                       "5s ",
                       "99999999999999999999s",
                       "4000d"};
  for (const char* text : bad) {
    auto d = parse_duration(text);
    EXPECT_FALSE(d.has_value()) << "\"" << text << "\" parsed as " << d->count() << "ms";
    if (!d) {
      EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument) << text;
      EXPECT_NE(d.error().message.find(text), std::string::npos) << d.error().message;
    }
  }
}

TEST(Duration, FormatsShortestExactSpelling) {
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
  EXPECT_EQ(format_duration(milliseconds(500)), "500ms");
  EXPECT_EQ(format_duration(milliseconds(900'000)), "15m");
  EXPECT_EQ(format_duration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(format_duration(milliseconds(86'400'000 + 1'500)), "1d1s500ms");
}

TEST(Duration, FormatThenParseRoundTrips) {
  for (std::int64_t ms : {1, 999, 1'000, 61'000, 3'600'000, 90'061'001}) {
    auto back = parse_duration(format_duration(milliseconds(ms)));
    ASSERT_TRUE(back.has_value()) << ms;
    EXPECT_EQ(back->count(), ms);
  }
}

TEST(Duration, IntegerInTomlMeansSeconds) {
  ConfigParseResult r = parse_config_text("[scheduler]\ninterval = 900\n", "t.toml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.scheduler.interval, std::chrono::minutes(15));
}

TEST(Suggestion, EditDistanceIgnoresCase) {
  EXPECT_EQ(config::edit_distance("interval", "interval"), 0u);
  EXPECT_EQ(config::edit_distance("Interval", "interval"), 0u);
  EXPECT_EQ(config::edit_distance("intervall", "interval"), 1u);
  EXPECT_EQ(config::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(config::edit_distance("", "abc"), 3u);
}

TEST(Suggestion, OnlyCloseCandidatesAreSuggested) {
  const std::string_view keys[] = {"url", "name", "interval", "tags", "fetch_articles"};
  EXPECT_EQ(config::closest_match("intervl", keys), "interval");
  EXPECT_EQ(config::closest_match("fetch_artciles", keys), "fetch_articles");
  EXPECT_EQ(config::closest_match("urll", keys), "url");
  EXPECT_EQ(config::closest_match("colour", keys), "");  // nothing near
  EXPECT_EQ(config::closest_match("ur", keys), "");      // too short to guess safely
}

TEST(Url, ProblemsAreNamed) {
  const std::string_view http[] = {"https", "http"};
  EXPECT_EQ(config::url_problem("https://example.org/feed", http), "");
  EXPECT_EQ(config::url_problem("HTTP://example.org:8080/x?y#z", http), "");
  EXPECT_EQ(config::url_problem("http://[::1]:80/", http), "");
  EXPECT_EQ(config::url_problem("", http), "empty URL");
  EXPECT_EQ(config::url_problem("example.org", http), "not an absolute URL (no scheme://)");
  EXPECT_EQ(config::url_problem("https:/example.org", http), "not an absolute URL (no scheme://)");
  EXPECT_EQ(config::url_problem("https:///path", http), "no host in URL");
  EXPECT_EQ(config::url_problem("https://example.org:99999/", http), "no host in URL");
  EXPECT_EQ(config::url_problem("https://exa mple.org/", http),
            "URL contains white space or control characters");
  EXPECT_EQ(config::url_problem("file:///etc/passwd", http),
            "scheme `file` not allowed: must be https or http");
  const std::string_view contact[] = {"https", "mailto"};
  EXPECT_EQ(config::url_problem("mailto:ops@example.org", contact), "");
  EXPECT_EQ(config::url_problem("mailto:ops", contact), "mailto: URL without an address");
}

TEST(Url, HostAndIdentity) {
  EXPECT_EQ(config::url_host("https://user:pw@Example.ORG:8443/x"), "example.org");
  EXPECT_EQ(config::url_host("https://[2001:db8::1]/x"), "[2001:db8::1]");
  EXPECT_EQ(config::url_identity("HTTPS://Example.org:443/"), "https://example.org");
  EXPECT_EQ(config::url_identity("https://example.org"), "https://example.org");
  EXPECT_EQ(config::url_identity("http://example.org:80/a/B?q=1#frag"),
            "http://example.org/a/B?q=1");
  EXPECT_NE(config::url_identity("https://example.org/a"),
            config::url_identity("https://example.org/A"));  // paths are case-sensitive
}

TEST(CountryCode, FormatOnly) {
  EXPECT_TRUE(config::looks_like_country_code("ES"));
  EXPECT_FALSE(config::looks_like_country_code("es"));
  EXPECT_FALSE(config::looks_like_country_code("ESP"));
  EXPECT_FALSE(config::looks_like_country_code(""));
}

}  // namespace
}  // namespace mw
