#pragma once
// Pure helpers over HTTP response header values: lookup, HTTP dates, Retry-After and
// Cache-Control. Used by the HTTP client's response type and by the poll policy.
//
//   parse_retry_after("120", now)                              // 120 s
//   parse_retry_after("Wed, 21 Oct 2026 07:28:00 GMT", now)    // seconds until then, 0 if past
//   parse_max_age("public, max-age=600")                       // 600 s
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace mw {

// Response headers in the order received; names as sent by the server.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive ASCII comparison of header names.
bool header_name_equals(std::string_view a, std::string_view b);

// The value of the first header named `name` (case-insensitive), nullopt when absent.
std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name);

// Parses an HTTP date (IMF-fixdate, obsolete RFC 850 and asctime forms, all read as UTC).
// nullopt when unparseable.
std::optional<TimePoint> parse_http_date(std::string_view value);

// Parses a Retry-After value: delta-seconds, or an HTTP date taken relative to `now` (a date in
// the past gives 0). nullopt when the value is neither.
std::optional<Seconds> parse_retry_after(std::string_view value, TimePoint now);

// The freshness lifetime a Cache-Control header grants: max-age (s-maxage is for shared caches
// and ignored). nullopt when absent or invalid, or when no-store / no-cache ask us not to rely
// on it.
std::optional<Seconds> parse_max_age(std::string_view cache_control);

}  // namespace mw
