#pragma once
// When to poll a feed next, and what to remember about it: a pure function of the feed's stored
// polling state, the outcome of the poll that just ended, the options, `now` and a random number
// the caller draws (so tests are exact and the scheduler owns the randomness).
//
//   PollDecision d = decide_next_poll(state, outcome, PollPolicyOptions{}, now, rng01());
//   store.save(feed_id, d.state, d.next_poll, d.reason);
//   if (d.gone) store.mark_gone(feed_id);
//   if (d.new_url) store.update_url(feed_id, *d.new_url);   // log it: the feed moved
//
// Rules, in order:
//   * 410 Gone                     -> gone = true, next poll only after backoff_cap.
//   * 429 / 503 with Retry-After   -> not before Retry-After (clamped to [min_interval,
//                                     max_retry_after], jitter only adds), failure counted.
//   * any other failure            -> exponential backoff from the current interval, doubling per
//                                     consecutive failure, jittered, capped at backoff_cap.
//   * success (2xx or 304)         -> failures reset; adaptive interval: from the observed entry
//                                     rate when known, raised by Cache-Control max-age and RSS
//                                     <ttl>, clamped to [min_interval, max_interval], jittered.
//   * a permanent redirect (only 301/308 hops) to the same URL on `redirect_threshold` successful
//     polls in a row -> new_url; a temporary hop or a different target restarts the count.
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"

namespace mw {

struct PollPolicyOptions {
  Seconds default_interval{15 * 60};       // interval of a feed with no history (issue #4: 15 min)
  Seconds min_interval{5 * 60};            // never poll one feed more often than this
  Seconds max_interval{6 * 3600};          // adaptive upper bound for quiet feeds and server hints
  Seconds backoff_cap{24 * 3600};          // longest wait after failures (and after 410)
  Seconds max_retry_after{7 * 24 * 3600};  // a Retry-After longer than this is cut to it
  double jitter_fraction = 0.1;            // delays vary by ±10 % so feeds don't poll in lock-step
  bool adaptive = true;                    // false: keep the stored/default interval, ignore hints
  double polls_per_entry = 2.0;            // adaptive: poll this many times per expected new entry
  int redirect_threshold = 3;  // consecutive permanent redirects before adopting the URL
};

// What a poll ended with, reduced to what scheduling needs (see to_poll_outcome in
// feeds/http_poll_outcome.h for building it from an HttpResponse).
struct PollOutcome {
  enum class Kind {
    kFetched,       // 2xx with a body
    kNotModified,   // 304 on a conditional GET
    kHttpError,     // a final status that is not 2xx/304 (see http_status)
    kNetworkError,  // no usable HTTP response (DNS, connect, TLS, timeout, too large, SSRF...)
  };
  Kind kind = Kind::kFetched;
  int http_status = 0;                    // final HTTP status, 0 when none
  std::optional<Seconds> retry_after;     // parsed Retry-After of the final response
  std::optional<Seconds> max_age;         // Cache-Control max-age of the final response
  std::optional<Seconds> ttl;             // the feed's RSS <ttl> (minutes converted to seconds)
  std::optional<double> entries_per_day;  // observed publication rate, when the store knows it
  std::string permanent_redirect_url;     // where 301/308-only hops led, empty if none
};

// What the store keeps per feed between polls. A default-constructed state is a new feed.
struct FeedPollState {
  Seconds interval{0};             // the current regular interval; 0 = default_interval
  int failure_count = 0;           // consecutive failed polls
  std::string redirect_candidate;  // permanent-redirect target seen on the last polls
  int redirect_streak = 0;         // how many consecutive successful polls saw it

  bool operator==(const FeedPollState&) const = default;
};

struct PollDecision {
  TimePoint next_poll;                 // when to poll again
  FeedPollState state;                 // the state to store
  bool failed = false;                 // the poll counts as a failure
  bool gone = false;                   // 410: mark the feed gone, stop polling it
  std::optional<std::string> new_url;  // the permanent redirect is confirmed: store this URL
  std::string reason;                  // one line for logs and `feeds list` ("backoff ...")
};

// Decides the next poll. `random01` is a uniformly drawn value in [0, 1); 0.5 means "no
// jitter". Requires min_interval <= max_interval and positive durations (validate options once
// with validate_poll_policy_options).
PollDecision decide_next_poll(const FeedPollState& state, const PollOutcome& outcome,
                              const PollPolicyOptions& options, TimePoint now, double random01);

// Checks an options struct once (at config load); kConfig naming the field and what is wrong.
Status validate_poll_policy_options(const PollPolicyOptions& options);

}  // namespace mw
