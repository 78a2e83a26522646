// From an HttpResponse to the poll policy's PollOutcome: kinds, hints and permanent redirects.
#include "feeds/http_poll_outcome.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

const TimePoint kNow = std::chrono::system_clock::from_time_t(1445412480);  // 2015-10-21 07:28Z

HttpResponse response(int status, HttpHeaders headers = {}) {
  HttpResponse r;
  r.url = "http://a.example/feed";
  r.final_url = r.url;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

TEST(HttpPollOutcome, KindFollowsErrorAndStatus) {
  EXPECT_EQ(to_poll_outcome(response(200), kNow).kind, PollOutcome::Kind::kFetched);
  EXPECT_EQ(to_poll_outcome(response(204), kNow).kind, PollOutcome::Kind::kFetched);
  EXPECT_EQ(to_poll_outcome(response(304), kNow).kind, PollOutcome::Kind::kNotModified);
  auto gone = to_poll_outcome(response(410), kNow);
  EXPECT_EQ(gone.kind, PollOutcome::Kind::kHttpError);
  EXPECT_EQ(gone.http_status, 410);
  HttpResponse timeout = response(0);
  timeout.error = FetchError::kTimeout;
  EXPECT_EQ(to_poll_outcome(timeout, kNow).kind, PollOutcome::Kind::kNetworkError);
}

TEST(HttpPollOutcome, ReadsRetryAfterAndMaxAge) {
  auto busy =
      to_poll_outcome(response(503, {{"retry-after", "Wed, 21 Oct 2015 07:58:00 GMT"}}), kNow);
  EXPECT_EQ(busy.retry_after, Seconds(1800));
  auto cached = to_poll_outcome(response(200, {{"Cache-Control", "max-age=3600"}}), kNow);
  EXPECT_EQ(cached.max_age, Seconds(3600));
  EXPECT_FALSE(cached.retry_after.has_value());
}

TEST(HttpPollOutcome, PermanentTargetIsWhereTheLeadingPermanentHopsLead) {
  HttpResponse r = response(200);
  r.final_url = "http://c.example/feed";
  r.redirects = {{"http://a.example/feed", 301}, {"http://b.example/feed", 308}};
  EXPECT_EQ(permanent_redirect_target(r), "http://c.example/feed");
  r.redirects = {{"http://a.example/feed", 301}, {"http://b.example/feed", 302}};
  EXPECT_EQ(permanent_redirect_target(r), "http://b.example/feed");
  r.redirects = {{"http://a.example/feed", 302}, {"http://b.example/feed", 301}};
  EXPECT_EQ(permanent_redirect_target(r), "");
  r.redirects.clear();
  EXPECT_EQ(to_poll_outcome(r, kNow).permanent_redirect_url, "");
}

}  // namespace
}  // namespace mw
