#pragma once
// When to try a failed delivery again. Pure: the attempt count, the times and the random draw
// are arguments.
//
// The schedule follows the Standard Webhooks recommendation (attempt 1 at once, then after
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, …): a receiver that blips is retried within
// seconds, one that is down for a deploy within the hour, one that is down for a day is still
// reached. Each delay gets ±jitter so that many deliveries failed together do not retry in
// lock step. A Retry-After from the receiver is honoured (the next attempt is never earlier).
// The channel's max_age bounds it all: the last retry is made at created_at + max_age at the
// latest, and a failure after that fails the delivery (visible in `alerts list --failed`, never
// dropped silently). A delivery is always attempted at least once, however late (a service
// that was stopped for longer than max_age still sends what it owed).
//
//   RetryDecision d = next_attempt({}, /*failed_attempts=*/3, now, created, days(7), {}, 0.5);
//   if (d.give_up) mark_failed(...); else mark_retry(..., d.at, ...);
#include <chrono>
#include <optional>
#include <vector>

#include "common/clock.h"

namespace mw::alerts {

struct RetryPolicy {
  // Delay after the 1st, 2nd, … failed attempt; the last entry repeats.
  std::vector<std::chrono::seconds> delays = {std::chrono::seconds(5),  std::chrono::minutes(5),
                                              std::chrono::minutes(30), std::chrono::hours(2),
                                              std::chrono::hours(5),    std::chrono::hours(10)};
  // Each delay is multiplied by a factor in [1 - jitter, 1 + jitter] (0..0.5).
  double jitter = 0.2;
};

struct RetryDecision {
  bool give_up = false;  // the maximum age is reached: mark the delivery failed
  TimePoint at{};        // when to try again (when !give_up)
};

// `failed_attempts` counts the attempts made so far, including the one that just failed (>= 1).
// `uniform` is a draw from [0, 1) for the jitter. `max_age` is measured from `created_at`.
RetryDecision next_attempt(const RetryPolicy& policy, int failed_attempts, TimePoint now,
                           TimePoint created_at, std::chrono::milliseconds max_age,
                           std::optional<std::chrono::seconds> retry_after, double uniform);

}  // namespace mw::alerts
