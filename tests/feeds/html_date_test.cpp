#include "feeds/html_date.h"

#include <gtest/gtest.h>

namespace mw::html {
namespace {

struct Case {
  const char* input;
  const char* expected;  // nullptr = not a date
};

TEST(HtmlDate, NormalizesTheWaysPagesWriteDates) {
  const Case cases[] = {
      {"2019-11-18T10:21:00Z", "2019-11-18T10:21:00+00:00"},
      {"2019-11-18T10:21:00.123+05:30", "2019-11-18T10:21:00+05:30"},
      {"2019-11-18T10:21:00-0500", "2019-11-18T10:21:00-05:00"},
      {"2019-11-18 10:21", "2019-11-18T10:21:00"},
      {"2019-11-18", "2019-11-18"},
      {"20191118T102100Z", "2019-11-18T10:21:00+00:00"},
      {"2019/11/18", "2019-11-18"},
      {"18.11.2019", "2019-11-18"},
      {"Mon, 18 Nov 2019 10:21:00 GMT", "2019-11-18T10:21:00+00:00"},
      {"November 18, 2019", "2019-11-18"},
      {"Nov. 18, 2019 10:21 pm EST", "2019-11-18T22:21:00-05:00"},
      {"18 novembre 2019", "2019-11-18"},
      {"18 de noviembre de 2019", "2019-11-18"},
      {"Monday 18th November 2019", "2019-11-18"},
      {"not a date", nullptr},
      {"2019-13-40", nullptr},
      {"1850-01-01", nullptr},
      {"", nullptr},
      {"Read 18 November 2019 reports about embassies", nullptr},
  };
  for (const auto& c : cases) {
    auto got = normalize_date(c.input);
    if (c.expected) {
      ASSERT_TRUE(got.has_value()) << c.input;
      EXPECT_EQ(*got, c.expected) << c.input;
    } else {
      EXPECT_FALSE(got.has_value()) << c.input << " -> " << got.value_or("");
    }
  }
}

TEST(HtmlDate, FindsTheDateInAVisibleDateLine) {
  EXPECT_EQ(find_date_in_text("Published: 18 November 2019, 10:21").value(), "2019-11-18T10:21:00");
  EXPECT_EQ(find_date_in_text("Updated 2019-11-18 by staff").value(), "2019-11-18");
  EXPECT_FALSE(find_date_in_text("Posted yesterday").has_value());
}

TEST(HtmlDate, FindsTheDateInAUrlPath) {
  EXPECT_EQ(date_from_url("https://ex.org/2019/11/18/embassy-closes/").value(), "2019-11-18");
  EXPECT_EQ(date_from_url("https://ex.org/news/2019-11-18-embassy").value(), "2019-11-18");
  EXPECT_EQ(date_from_url("https://ex.org/a/20191118/x.html").value(), "2019-11-18");
  EXPECT_FALSE(date_from_url("https://ex.org/2019/11/embassy").has_value());
  EXPECT_FALSE(date_from_url("https://2019.11.18.example/x").has_value());
  EXPECT_FALSE(date_from_url("").has_value());
}

}  // namespace
}  // namespace mw::html
