#include "feeds/feed_dates.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

std::string iso(std::string_view text) {
  auto t = parse_feed_date(text);
  return t ? format_iso_utc(*t) : "<none>";
}

TEST(FeedDates, ParsesGoodInputsToUtc) {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      // RFC 822 / 1123 / 2822
      {"Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 2004 19:48:21 +0100", "2004-01-01T18:48:21Z"},
      {"Thu, 01 Jan 2004 19:48:21 -08:00", "2004-01-02T03:48:21Z"},
      {"Thu, 1 Jan 04 19:48 EST", "2004-01-02T00:48:00Z"},
      {"01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21Z"},
      {"Thu, 01 January 2004 19:48:21 UT", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 2004 19:48:21 Z", "2004-01-01T19:48:21Z"},
      {"Jan 01 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 2004 19:48:21", "2004-01-01T19:48:21Z"},
      {"Thu, 01 Jan 2004", "2004-01-01T00:00:00Z"},
      {"  Sat, 31 Dec 2005 23:59:59 XYZ ", "2005-12-31T23:59:59Z"},  // unknown zone: UTC
      // RFC 3339 / ISO 8601 / W3C-DTF
      {"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
      {"2003-12-31T10:14:55-08:00", "2003-12-31T18:14:55Z"},
      {"2003-12-31T10:14:55.123+01:00", "2003-12-31T09:14:55Z"},
      {"2003-12-31 10:14:55", "2003-12-31T10:14:55Z"},
      {"2003-12-31T10:14Z", "2003-12-31T10:14:00Z"},
      {"2003-12-31", "2003-12-31T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"20031231T101455Z", "2003-12-31T10:14:55Z"},
      // asctime
      {"Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"},
  };
  for (const auto& c : cases) EXPECT_EQ(iso(c.in), c.want) << "input: " << c.in;
}

TEST(FeedDates, UnparseableInputsAreAbsentNotInvented) {
  const char* bad[] = {"",
                       "yesterday",
                       "Thu, 32 Jan 2004 19:48:21 GMT",
                       "2003-13-01",
                       "2003-02-30T00:00:00Z",
                       "Thu, 01 Foo 2004 19:48:21 GMT",
                       "2003-12-31T25:00:00Z",
                       "2003-12-31T10:14:55+99:00",
                       "12/31/2003"};
  for (const char* b : bad) EXPECT_EQ(iso(b), "<none>") << "input: '" << b << "'";
}

TEST(FeedDates, FormatsEpochAndLeapDays) {
  EXPECT_EQ(format_iso_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso("2004-02-29T12:00:00Z"), "2004-02-29T12:00:00Z");
  EXPECT_EQ(format_iso_utc(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace mw
