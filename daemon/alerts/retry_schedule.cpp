#include "daemon/alerts/retry_schedule.h"

#include <algorithm>

namespace mw::alerts {

RetryDecision next_attempt(const RetryPolicy& policy, int failed_attempts, TimePoint now,
                           TimePoint created_at, std::chrono::milliseconds max_age,
                           std::optional<std::chrono::seconds> retry_after, double uniform) {
  using std::chrono::milliseconds;
  const TimePoint deadline = created_at + max_age;
  if (now >= deadline) return {true, {}};

  milliseconds delay{0};
  if (!policy.delays.empty()) {
    std::size_t index = std::min<std::size_t>(
        static_cast<std::size_t>(std::max(failed_attempts, 1)) - 1, policy.delays.size() - 1);
    const double jitter = std::clamp(policy.jitter, 0.0, 0.5);
    const double factor = 1.0 + jitter * (2.0 * std::clamp(uniform, 0.0, 1.0) - 1.0);
    delay = milliseconds(static_cast<std::int64_t>(
        static_cast<double>(milliseconds(policy.delays[index]).count()) * factor));
  }
  if (retry_after && milliseconds(*retry_after) > delay) delay = *retry_after;

  TimePoint at = now + delay;
  // One last attempt exactly at the deadline rather than giving up early; a Retry-After that
  // reaches past it is believed: the receiver will not take the alert in time.
  if (at > deadline) {
    if (retry_after && now + milliseconds(*retry_after) > deadline) return {true, {}};
    at = deadline;
  }
  return {false, at};
}

}  // namespace mw::alerts
