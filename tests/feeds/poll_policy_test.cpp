// The poll policy: intervals, adaptive scheduling, backoff, Retry-After, 410 and permanent
// redirects. Pure: every test passes `now` and the random draw.
#include "feeds/poll_policy.h"

#include <gtest/gtest.h>

#include "common/duration.h"

namespace mw {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const TimePoint kNow = std::chrono::system_clock::from_time_t(1'800'000'000);
constexpr double kNoJitter = 0.5;

PollOutcome fetched() {
  return PollOutcome{};
}
PollOutcome http_error(int status, std::optional<Seconds> retry_after = std::nullopt) {
  PollOutcome o;
  o.kind = PollOutcome::Kind::kHttpError;
  o.http_status = status;
  o.retry_after = retry_after;
  return o;
}
PollOutcome network_error() {
  PollOutcome o;
  o.kind = PollOutcome::Kind::kNetworkError;
  return o;
}
Seconds delay_of(const PollDecision& d) {
  return std::chrono::duration_cast<Seconds>(d.next_poll - kNow);
}

TEST(PollPolicy, NewFeedPollsAgainAfterTheDefaultInterval) {
  auto d = decide_next_poll({}, fetched(), {}, kNow, kNoJitter);
  EXPECT_EQ(delay_of(d), minutes(15));
  EXPECT_EQ(d.state.interval, minutes(15));
  EXPECT_FALSE(d.failed);
  EXPECT_FALSE(d.gone);
  EXPECT_EQ(d.reason, "fetched, next in 15m (interval 15m)");
}

TEST(PollPolicy, JitterStaysWithinItsFractionAndAboveTheMinimum) {
  EXPECT_EQ(delay_of(decide_next_poll({}, fetched(), {}, kNow, 0.0)), Seconds(810));
  EXPECT_EQ(delay_of(decide_next_poll({}, fetched(), {}, kNow, 1.0)), Seconds(990));
  PollPolicyOptions o;
  o.jitter_fraction = 0.5;
  FeedPollState s;
  s.interval = minutes(5);  // == min_interval: jitter must not go below it
  EXPECT_EQ(delay_of(decide_next_poll(s, fetched(), o, kNow, 0.0)), minutes(5));
}

TEST(PollPolicy, NotModifiedIsASuccessAndResetsFailures) {
  FeedPollState s;
  s.failure_count = 4;
  PollOutcome o;
  o.kind = PollOutcome::Kind::kNotModified;
  o.http_status = 304;
  auto d = decide_next_poll(s, o, {}, kNow, kNoJitter);
  EXPECT_EQ(d.state.failure_count, 0);
  EXPECT_FALSE(d.failed);
  EXPECT_EQ(delay_of(d), minutes(15));
}

TEST(PollPolicy, FailuresBackOffExponentiallyUpToTheCap) {
  const Seconds expected[] = {minutes(15), minutes(30), hours(1),  hours(2),  hours(4),
                              hours(8),    hours(16),   hours(24), hours(24), hours(24)};
  FeedPollState s;
  for (Seconds want : expected) {
    auto d = decide_next_poll(s, network_error(), {}, kNow, kNoJitter);
    EXPECT_TRUE(d.failed);
    EXPECT_EQ(delay_of(d), want) << "failure " << d.state.failure_count;
    s = d.state;
  }
  EXPECT_EQ(s.failure_count, 10);
  // Jitter never pushes a capped delay beyond the cap.
  EXPECT_EQ(delay_of(decide_next_poll(s, network_error(), {}, kNow, 1.0)), hours(24));
}

TEST(PollPolicy, ManyFailuresDoNotOverflow) {
  FeedPollState s;
  s.failure_count = 1'000'000;
  EXPECT_EQ(delay_of(decide_next_poll(s, http_error(500), {}, kNow, kNoJitter)), hours(24));
}

TEST(PollPolicy, TooManyRequestsHonoursRetryAfter) {
  auto d = decide_next_poll({}, http_error(429, hours(2)), {}, kNow, 0.0);
  EXPECT_EQ(delay_of(d), hours(2)) << "never earlier than Retry-After";
  EXPECT_TRUE(d.failed);
  EXPECT_EQ(d.state.failure_count, 1);
  EXPECT_EQ(d.reason, "HTTP 429, Retry-After 2h, next in 2h (failure 1)");
  EXPECT_EQ(delay_of(decide_next_poll({}, http_error(429, hours(2)), {}, kNow, 1.0)),
            Seconds(7200 + 720));
}

TEST(PollPolicy, ServiceUnavailableRetryAfterIsClampedToSaneBounds) {
  EXPECT_EQ(delay_of(decide_next_poll({}, http_error(503, Seconds(5)), {}, kNow, 0.0)), minutes(5));
  EXPECT_EQ(delay_of(decide_next_poll({}, http_error(503, hours(24 * 30)), {}, kNow, 0.0)),
            hours(24 * 7));
}

TEST(PollPolicy, ServiceUnavailableWithoutRetryAfterBacksOff) {
  FeedPollState s;
  s.failure_count = 2;
  EXPECT_EQ(delay_of(decide_next_poll(s, http_error(503), {}, kNow, kNoJitter)), hours(1));
}

TEST(PollPolicy, GoneMarksTheFeedGone) {
  auto d = decide_next_poll({}, http_error(410), {}, kNow, kNoJitter);
  EXPECT_TRUE(d.gone);
  EXPECT_TRUE(d.failed);
  EXPECT_EQ(delay_of(d), hours(24));
  EXPECT_EQ(d.reason, "HTTP 410 Gone: feed marked gone");
}

TEST(PollPolicy, NotFoundIsAnOrdinaryFailure) {
  auto d = decide_next_poll({}, http_error(404), {}, kNow, kNoJitter);
  EXPECT_FALSE(d.gone);
  EXPECT_TRUE(d.failed);
  EXPECT_EQ(d.reason, "HTTP 404, backoff: failure 1, next in 15m");
}

TEST(PollPolicy, PermanentRedirectIsAdoptedAfterThreeConsistentPolls) {
  PollOutcome o = fetched();
  o.permanent_redirect_url = "https://new.example/feed";
  FeedPollState s;
  auto d1 = decide_next_poll(s, o, {}, kNow, kNoJitter);
  EXPECT_FALSE(d1.new_url.has_value());
  EXPECT_EQ(d1.state.redirect_streak, 1);
  auto d2 = decide_next_poll(d1.state, o, {}, kNow, kNoJitter);
  EXPECT_FALSE(d2.new_url.has_value());
  EXPECT_NE(d2.reason.find("seen 2/3"), std::string::npos) << d2.reason;
  auto d3 = decide_next_poll(d2.state, o, {}, kNow, kNoJitter);
  ASSERT_TRUE(d3.new_url.has_value());
  EXPECT_EQ(*d3.new_url, "https://new.example/feed");
  EXPECT_EQ(d3.state.redirect_streak, 0);
  EXPECT_TRUE(d3.state.redirect_candidate.empty());
}

TEST(PollPolicy, InconsistentRedirectsRestartTheCount) {
  PollOutcome a = fetched();
  a.permanent_redirect_url = "https://a.example/feed";
  PollOutcome b = fetched();
  b.permanent_redirect_url = "https://b.example/feed";
  auto d = decide_next_poll({}, a, {}, kNow, kNoJitter);
  d = decide_next_poll(d.state, a, {}, kNow, kNoJitter);
  d = decide_next_poll(d.state, b, {}, kNow, kNoJitter);
  EXPECT_EQ(d.state.redirect_streak, 1);
  EXPECT_EQ(d.state.redirect_candidate, "https://b.example/feed");
  d = decide_next_poll(d.state, fetched(), {}, kNow, kNoJitter);  // no redirect this time
  EXPECT_EQ(d.state.redirect_streak, 0);
  EXPECT_FALSE(d.new_url.has_value());
}

TEST(PollPolicy, RedirectToAFailingUrlDoesNotCount) {
  PollOutcome bad = http_error(404);
  bad.permanent_redirect_url = "https://new.example/feed";
  FeedPollState s;
  s.redirect_candidate = "https://new.example/feed";
  s.redirect_streak = 2;
  auto d = decide_next_poll(s, bad, {}, kNow, kNoJitter);
  EXPECT_FALSE(d.new_url.has_value());
  EXPECT_EQ(d.state.redirect_streak, 2);
}

TEST(PollPolicy, AdaptiveIntervalFollowsTheEntryRateWithinBounds) {
  struct {
    double per_day;
    Seconds want;
  } cases[] = {{48, minutes(15)}, {4, hours(3)}, {1, hours(6)}, {0, hours(6)}, {10000, minutes(5)}};
  for (auto c : cases) {
    PollOutcome o = fetched();
    o.entries_per_day = c.per_day;
    auto d = decide_next_poll({}, o, {}, kNow, kNoJitter);
    EXPECT_EQ(d.state.interval, c.want) << c.per_day << " entries/day";
  }
}

TEST(PollPolicy, ServerHintsRaiseTheIntervalButNotBeyondTheMaximum) {
  PollOutcome o = fetched();
  o.max_age = hours(1);
  EXPECT_EQ(decide_next_poll({}, o, {}, kNow, kNoJitter).state.interval, hours(1));
  o.max_age.reset();
  o.ttl = minutes(90);
  EXPECT_EQ(decide_next_poll({}, o, {}, kNow, kNoJitter).state.interval, minutes(90));
  o.ttl = hours(48);
  EXPECT_EQ(decide_next_poll({}, o, {}, kNow, kNoJitter).state.interval, hours(6));
  o.ttl = minutes(1);  // shorter than ours: ignored
  EXPECT_EQ(decide_next_poll({}, o, {}, kNow, kNoJitter).state.interval, minutes(15));
}

TEST(PollPolicy, NonAdaptiveKeepsTheStoredInterval) {
  PollPolicyOptions opt;
  opt.adaptive = false;
  FeedPollState s;
  s.interval = minutes(20);
  PollOutcome o = fetched();
  o.entries_per_day = 1000;
  o.ttl = hours(2);
  EXPECT_EQ(decide_next_poll(s, o, opt, kNow, kNoJitter).state.interval, minutes(20));
}

TEST(PollPolicy, ValidationNamesTheField) {
  EXPECT_TRUE(validate_poll_policy_options({}).has_value());
  PollPolicyOptions o;
  o.max_interval = minutes(1);
  auto st = validate_poll_policy_options(o);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().code, ErrorCode::kConfig);
  EXPECT_EQ(st.error().message, "poll policy: max_interval: must be >= min_interval");
  o = {};
  o.jitter_fraction = 1.5;
  EXPECT_FALSE(validate_poll_policy_options(o).has_value());
}

TEST(PollPolicy, FormatsDurationsCompactly) {
  EXPECT_EQ(format_duration(Seconds(0)), "0s");
  EXPECT_EQ(format_duration(Seconds(45)), "45s");
  EXPECT_EQ(format_duration(Seconds(5400)), "1h30m");
  EXPECT_EQ(format_duration(Seconds(90061)), "1d1h1m1s");
}

}  // namespace
}  // namespace mw
