#pragma once
// Bridges a fetch result to the poll policy: reduces an HttpResponse to the PollOutcome that
// decide_next_poll (feeds/poll_policy.h) needs. Pure.
//
//   PollOutcome out = to_poll_outcome(response, now);
//   out.ttl = parsed_feed.ttl;                   // what the parser found, if anything
//   out.entries_per_day = store.entry_rate(feed);
//   PollDecision d = decide_next_poll(state, out, policy, now, random01);
#include <string>

#include "common/clock.h"
#include "feeds/http_client.h"
#include "feeds/poll_policy.h"

namespace mw {

// Kind from error/status, Retry-After (relative to `now`) and Cache-Control max-age from the
// final response's headers, and the permanent redirect target.
PollOutcome to_poll_outcome(const HttpResponse& response, TimePoint now);

// Where the leading run of permanent hops (301/308) of the chain leads: the URL the feed
// should be stored under if that keeps happening. Empty when the first hop is not permanent.
// A -301-> B -302-> C gives B (B itself is only temporarily elsewhere).
std::string permanent_redirect_target(const HttpResponse& response);

}  // namespace mw
