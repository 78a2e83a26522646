#include "feeds/http_poll_outcome.h"

namespace mw {

std::string permanent_redirect_target(const HttpResponse& r) {
  std::size_t n = 0;
  while (n < r.redirects.size() && (r.redirects[n].status == 301 || r.redirects[n].status == 308)) {
    ++n;
  }
  if (n == 0) return "";
  return n < r.redirects.size() ? r.redirects[n].url : r.final_url;
}

PollOutcome to_poll_outcome(const HttpResponse& r, TimePoint now) {
  PollOutcome out;
  out.http_status = r.status;
  if (!r.ok()) {
    out.kind = PollOutcome::Kind::kNetworkError;
    return out;
  }
  if (r.status == 304)
    out.kind = PollOutcome::Kind::kNotModified;
  else if (r.status >= 200 && r.status < 300)
    out.kind = PollOutcome::Kind::kFetched;
  else
    out.kind = PollOutcome::Kind::kHttpError;
  if (auto v = r.header("Retry-After")) out.retry_after = parse_retry_after(*v, now);
  if (auto v = r.header("Cache-Control")) out.max_age = parse_max_age(*v);
  out.permanent_redirect_url = permanent_redirect_target(r);
  return out;
}

}  // namespace mw
