// The retry schedule: Standard Webhooks-like delays, jitter, Retry-After, the maximum age.
#include <gtest/gtest.h>

#include "daemon/alerts/retry_schedule.h"
#include "tests/daemon/store_fixture.h"

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
using store::testing::at;

constexpr std::chrono::milliseconds kWeek = std::chrono::hours(24 * 7);

std::chrono::seconds delay(int failed, double u = 0.5,
                           std::optional<std::chrono::seconds> ra = {}) {
  RetryDecision d = next_attempt({}, failed, at(100), at(0), kWeek, ra, u);
  EXPECT_FALSE(d.give_up);
  return std::chrono::duration_cast<std::chrono::seconds>(d.at - at(100));
}

TEST(AlertsRetry, FollowsTheConventionsScheduleWithoutJitterAtTheMiddleDraw) {
  EXPECT_EQ(delay(1), 5s);
  EXPECT_EQ(delay(2), 5min);
  EXPECT_EQ(delay(3), 30min);
  EXPECT_EQ(delay(4), 2h);
  EXPECT_EQ(delay(5), 5h);
  EXPECT_EQ(delay(6), 10h);
  EXPECT_EQ(delay(7), 10h);
  EXPECT_EQ(delay(30), 10h);
}

TEST(AlertsRetry, JitterStaysWithinTwentyPercentEitherWay) {
  EXPECT_EQ(delay(3, 0.0), 24min);
  EXPECT_EQ(delay(3, 1.0), 36min);
  EXPECT_GT(delay(3, 0.7), 30min);
  EXPECT_LT(delay(3, 0.3), 30min);
}

TEST(AlertsRetry, RetryAfterIsHonouredWhenLongerThanTheSchedule) {
  EXPECT_EQ(delay(1, 0.5, 120s), 120s);
  EXPECT_EQ(delay(3, 0.5, 60s), 30min);  // never earlier than the schedule either
}

TEST(AlertsRetry, TheLastAttemptIsMadeAtTheMaximumAgeThenItGivesUp) {
  // Created at 0, max_age 1 h, failing at 50 min on the 4th attempt (2 h scheduled).
  RetryDecision d = next_attempt({}, 4, at(3000), at(0), 1h, {}, 0.5);
  ASSERT_FALSE(d.give_up);
  EXPECT_EQ(d.at, at(3600));
  EXPECT_TRUE(next_attempt({}, 5, at(3600), at(0), 1h, {}, 0.5).give_up);
  EXPECT_TRUE(next_attempt({}, 5, at(9999), at(0), 1h, {}, 0.5).give_up);
}

TEST(AlertsRetry, ARetryAfterBeyondTheMaximumAgeGivesUpAtOnce) {
  EXPECT_TRUE(next_attempt({}, 1, at(0), at(0), 1h, std::chrono::seconds(7200), 0.5).give_up);
}

TEST(AlertsRetry, RetriesContinueEveryTenHoursUntilTheMaximumAge) {
  // Five failures take 5s+5m+30m+2h+5h ≈ 7.6 h, then one attempt every 10 h: a week of
  // max_age allows about 22 attempts, the last one at exactly 7 days.
  TimePoint now = at(0);
  int attempts = 0;
  for (;;) {
    RetryDecision d = next_attempt({}, ++attempts, now, at(0), kWeek, {}, 0.5);
    if (d.give_up) break;
    now = d.at;
  }
  EXPECT_EQ(now, at(0) + kWeek);
  EXPECT_GE(attempts, 21);
  EXPECT_LE(attempts, 24);
}

}  // namespace
}  // namespace mw::alerts
