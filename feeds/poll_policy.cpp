#include "feeds/poll_policy.h"

#include <algorithm>
#include <cmath>

#include "common/duration.h"

namespace mw {
namespace {

using Dur = std::chrono::duration<double>;

Seconds to_seconds(double s) {
  // Saturate instead of overflowing on absurd inputs (huge Retry-After, many failures).
  constexpr double kMax = 100.0 * 365 * 24 * 3600;
  return Seconds(static_cast<long long>(std::llround(std::clamp(s, 0.0, kMax))));
}

Seconds clamp_dur(Seconds v, Seconds lo, Seconds hi) {
  return std::clamp(v, lo, std::max(lo, hi));
}

// The regular interval the feed is on before this poll.
Seconds base_interval(const FeedPollState& state, const PollPolicyOptions& o) {
  return state.interval.count() > 0 ? state.interval : o.default_interval;
}

// ±jitter_fraction around `d`.
Seconds jittered(Seconds d, const PollPolicyOptions& o, double r) {
  const double f = 1.0 + o.jitter_fraction * (2.0 * r - 1.0);
  return to_seconds(static_cast<double>(d.count()) * f);
}

Seconds adaptive_interval(const FeedPollState& state, const PollOutcome& out,
                          const PollPolicyOptions& o) {
  Seconds target = base_interval(state, o);
  if (!o.adaptive) return target;
  if (out.entries_per_day) {
    const double per_day = std::max(0.0, *out.entries_per_day) * std::max(o.polls_per_entry, 1e-9);
    target = per_day <= 0.0 ? o.max_interval : to_seconds(86400.0 / per_day);
  }
  // The publisher's own hints: polling before they expire only fetches the same document.
  if (out.max_age) target = std::max(target, *out.max_age);
  if (out.ttl) target = std::max(target, *out.ttl);
  return clamp_dur(target, o.min_interval, o.max_interval);
}

bool is_success(const PollOutcome& out) {
  return out.kind == PollOutcome::Kind::kFetched || out.kind == PollOutcome::Kind::kNotModified;
}

std::string outcome_text(const PollOutcome& out) {
  switch (out.kind) {
    case PollOutcome::Kind::kFetched: return "fetched";
    case PollOutcome::Kind::kNotModified: return "not modified";
    case PollOutcome::Kind::kHttpError: return "HTTP " + std::to_string(out.http_status);
    case PollOutcome::Kind::kNetworkError: return "network error";
  }
  return "?";
}

}  // namespace

Status validate_poll_policy_options(const PollPolicyOptions& o) {
  auto bad = [](const char* field, const char* why) {
    return fail(ErrorCode::kConfig, std::string("poll policy: ") + field + ": " + why);
  };
  if (o.min_interval.count() <= 0) return bad("min_interval", "must be positive");
  if (o.default_interval.count() <= 0) return bad("default_interval", "must be positive");
  if (o.max_interval < o.min_interval) return bad("max_interval", "must be >= min_interval");
  if (o.backoff_cap < o.min_interval) return bad("backoff_cap", "must be >= min_interval");
  if (o.max_retry_after.count() <= 0) return bad("max_retry_after", "must be positive");
  if (!(o.jitter_fraction >= 0.0 && o.jitter_fraction < 1.0)) {
    return bad("jitter_fraction", "must be in [0, 1)");
  }
  if (!(o.polls_per_entry > 0.0)) return bad("polls_per_entry", "must be positive");
  if (o.redirect_threshold < 1) return bad("redirect_threshold", "must be at least 1");
  return ok();
}

PollDecision decide_next_poll(const FeedPollState& state, const PollOutcome& out,
                              const PollPolicyOptions& o, TimePoint now, double random01) {
  const double r = std::clamp(random01, 0.0, 1.0);
  PollDecision d;
  d.state = state;

  // Permanent redirects only count on polls that worked: a feed that "moved" to an error page
  // must not have its URL rewritten.
  if (is_success(out) && !out.permanent_redirect_url.empty()) {
    if (out.permanent_redirect_url == state.redirect_candidate) {
      d.state.redirect_streak = state.redirect_streak + 1;
    } else {
      d.state.redirect_candidate = out.permanent_redirect_url;
      d.state.redirect_streak = 1;
    }
    if (d.state.redirect_streak >= o.redirect_threshold) {
      d.new_url = d.state.redirect_candidate;
      d.state.redirect_candidate.clear();
      d.state.redirect_streak = 0;
    }
  } else if (is_success(out)) {
    d.state.redirect_candidate.clear();
    d.state.redirect_streak = 0;
  }

  if (is_success(out)) {
    d.state.failure_count = 0;
    d.state.interval = adaptive_interval(state, out, o);
    const Seconds delay = std::max(o.min_interval, jittered(d.state.interval, o, r));
    d.next_poll = now + delay;
    d.reason = outcome_text(out) + ", next in " + format_duration(delay) + " (interval " +
               format_duration(d.state.interval) + ")";
    if (d.new_url)
      d.reason += ", moved permanently to " + *d.new_url;
    else if (d.state.redirect_streak > 0) {
      d.reason += ", permanent redirect to " + d.state.redirect_candidate + " seen " +
                  std::to_string(d.state.redirect_streak) + "/" +
                  std::to_string(o.redirect_threshold);
    }
    return d;
  }

  d.failed = true;
  d.state.failure_count = state.failure_count + 1;
  const int status = out.kind == PollOutcome::Kind::kHttpError ? out.http_status : 0;

  if (status == 410) {
    d.gone = true;
    d.next_poll = now + o.backoff_cap;
    d.reason = "HTTP 410 Gone: feed marked gone";
    return d;
  }

  if ((status == 429 || status == 503) && out.retry_after) {
    const Seconds wait = clamp_dur(*out.retry_after, o.min_interval, o.max_retry_after);
    // Jitter only adds here: coming back before Retry-After would be rude.
    const Seconds delay =
        to_seconds(static_cast<double>(wait.count()) * (1.0 + o.jitter_fraction * r));
    d.next_poll = now + delay;
    d.reason = outcome_text(out) + ", Retry-After " + format_duration(*out.retry_after) +
               ", next in " + format_duration(delay) + " (failure " +
               std::to_string(d.state.failure_count) + ")";
    return d;
  }

  // Exponential backoff from the regular interval: interval, 2x, 4x ... up to the cap.
  const Seconds base = std::max(o.min_interval, base_interval(state, o));
  const int doublings = std::min(d.state.failure_count - 1, 40);
  const double raw = static_cast<double>(base.count()) * std::ldexp(1.0, doublings);
  const Seconds backoff = std::min(to_seconds(raw), o.backoff_cap);
  const Seconds delay = clamp_dur(jittered(backoff, o, r), o.min_interval, o.backoff_cap);
  d.next_poll = now + delay;
  d.reason = outcome_text(out) + ", backoff: failure " + std::to_string(d.state.failure_count) +
             ", next in " + format_duration(delay);
  return d;
}

}  // namespace mw
