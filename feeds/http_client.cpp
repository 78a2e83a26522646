#include "feeds/http_client.h"

#include <unistd.h>

#include "common/version.h"
#include "feeds/http_curl_client.h"

namespace mw {

std::string_view to_string(FetchError e) {
  switch (e) {
    case FetchError::kNone: return "none";
    case FetchError::kInvalidUrl: return "invalid_url";
    case FetchError::kDns: return "dns";
    case FetchError::kConnect: return "connect";
    case FetchError::kTls: return "tls";
    case FetchError::kTimeout: return "timeout";
    case FetchError::kTooSlow: return "too_slow";
    case FetchError::kTooLarge: return "too_large";
    case FetchError::kSsrfRefused: return "ssrf_refused";
    case FetchError::kRedirectLoop: return "redirect_loop";
    case FetchError::kTooManyRedirects: return "too_many_redirects";
    case FetchError::kDecode: return "decode";
    case FetchError::kTransfer: return "transfer";
    case FetchError::kCancelled: return "cancelled";
    case FetchError::kOther: return "other";
  }
  return "other";
}

HttpResponse HttpClient::fetch(HttpRequest request) {
  HttpResponse out;
  std::vector<HttpRequest> one;
  one.push_back(std::move(request));
  fetch_all(std::move(one), [&](HttpResponse&& r) { out = std::move(r); });
  return out;
}

std::string make_user_agent(std::string_view contact_url) {
  std::string ua = std::string("missionwatch/") + kVersion;
  if (!contact_url.empty()) ua += " (+" + std::string(contact_url) + ")";
  return ua;
}

Status validate_http_client_options(const HttpClientOptions& o) {
  auto bad = [](const std::string& field, const std::string& why) {
    return fail(ErrorCode::kConfig, "http." + field + " " + why);
  };
  if (o.max_concurrent < 1) {
    return bad("max_concurrent", "must be at least 1, got " + std::to_string(o.max_concurrent));
  }
  if (o.max_per_host < 1) {
    return bad("max_per_host", "must be at least 1, got " + std::to_string(o.max_per_host));
  }
  if (o.min_host_delay.count() < 0) return bad("min_host_delay", "must not be negative");
  if (o.connect_timeout.count() <= 0) return bad("connect_timeout", "must be positive");
  if (o.total_timeout.count() <= 0) return bad("total_timeout", "must be positive");
  if (o.low_speed_limit < 0) return bad("low_speed_limit", "must not be negative");
  if (o.low_speed_time.count() < 0) return bad("low_speed_time", "must not be negative");
  if (o.max_body == 0) return bad("max_body", "must be at least 1 byte");
  if (o.max_redirects < 0 || o.max_redirects > 20) {
    return bad("max_redirects", "must be between 0 and 20, got " + std::to_string(o.max_redirects));
  }
  for (char c : o.user_agent + o.contact_url) {
    if (c == '\r' || c == '\n') return bad("user_agent", "must not contain line breaks");
  }
  if (!o.ca_file.empty() && access(o.ca_file.c_str(), R_OK) != 0) {
    return bad("ca_file", "'" + o.ca_file + "' is not a readable file");
  }
  return ok();
}

Result<std::unique_ptr<HttpClient>> make_http_client(const HttpClientOptions& options) {
  if (auto st = validate_http_client_options(options); !st) return tl::unexpected(st.error());
  std::string ua =
      options.user_agent.empty() ? make_user_agent(options.contact_url) : options.user_agent;
  return create_curl_http_client(options, std::move(ua));
}

}  // namespace mw
