// Header helpers: case-insensitive lookup, HTTP dates, Retry-After and Cache-Control max-age.
#include "feeds/http_headers.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

TimePoint at(time_t t) {
  return std::chrono::system_clock::from_time_t(t);
}

TEST(HttpHeaders, LookupIgnoresCaseAndReturnsFirst) {
  HttpHeaders h{{"Content-Type", "text/xml"}, {"ETag", "\"a\""}, {"etag", "\"b\""}};
  EXPECT_EQ(find_header(h, "content-type"), "text/xml");
  EXPECT_EQ(find_header(h, "ETAG"), "\"a\"");
  EXPECT_FALSE(find_header(h, "Last-Modified").has_value());
}

TEST(HttpHeaders, ParsesAllThreeHttpDateForms) {
  const TimePoint expected = at(1445412480);  // 2015-10-21T07:28:00Z
  EXPECT_EQ(parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT"), expected);
  EXPECT_EQ(parse_http_date("Wednesday, 21-Oct-15 07:28:00 GMT"), expected);
  EXPECT_EQ(parse_http_date("Wed Oct 21 07:28:00 2015"), expected);
  EXPECT_FALSE(parse_http_date("yesterday").has_value());
  EXPECT_FALSE(parse_http_date("").has_value());
}

TEST(HttpHeaders, RetryAfterTakesSecondsOrADate) {
  const TimePoint now = at(1445412480);
  EXPECT_EQ(parse_retry_after("120", now), Seconds(120));
  EXPECT_EQ(parse_retry_after(" 0 ", now), Seconds(0));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 08:28:00 GMT", now), Seconds(3600));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 06:00:00 GMT", now), Seconds(0)) << "past date";
  EXPECT_EQ(parse_retry_after("99999999999999999999", now), Seconds(2147483647)) << "saturates";
  EXPECT_FALSE(parse_retry_after("-5", now).has_value());
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
}

TEST(HttpHeaders, MaxAgeFromCacheControl) {
  EXPECT_EQ(parse_max_age("public, max-age=600"), Seconds(600));
  EXPECT_EQ(parse_max_age("MAX-AGE=\"60\", must-revalidate"), Seconds(60));
  EXPECT_EQ(parse_max_age("s-maxage=900, max-age=30"), Seconds(30));
  EXPECT_FALSE(parse_max_age("s-maxage=900").has_value());
  EXPECT_FALSE(parse_max_age("no-cache, max-age=600").has_value());
  EXPECT_FALSE(parse_max_age("max-age=soon").has_value());
  EXPECT_FALSE(parse_max_age("").has_value());
}

}  // namespace
}  // namespace mw
