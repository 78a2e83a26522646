#include "feeds/http_headers.h"

#include <curl/curl.h>

#include <charconv>
#include <limits>

namespace mw {
namespace {

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Non-negative decimal seconds; values beyond ~68 years saturate rather than overflow.
std::optional<Seconds> parse_delta_seconds(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  long long v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc::result_out_of_range)
    v = std::numeric_limits<int>::max();
  else if (ec != std::errc() || ptr != s.data() + s.size())
    return std::nullopt;
  if (v > std::numeric_limits<int>::max()) v = std::numeric_limits<int>::max();
  return Seconds(v);
}

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (header_name_equals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<TimePoint> parse_http_date(std::string_view value) {
  value = trim(value);
  if (value.empty() || value.size() > 128) return std::nullopt;
  // curl_getdate is a pure parser (no clock, no global state) that accepts all three forms
  // RFC 9110 requires recipients to read.
  const std::string s(value);
  const time_t t = curl_getdate(s.c_str(), nullptr);
  if (t == static_cast<time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

std::optional<Seconds> parse_retry_after(std::string_view value, TimePoint now) {
  value = trim(value);
  if (auto d = parse_delta_seconds(value)) return d;
  auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  if (*when <= now) return Seconds(0);
  return std::chrono::duration_cast<Seconds>(*when - now);
}

std::optional<Seconds> parse_max_age(std::string_view cc) {
  std::optional<Seconds> max_age;
  while (!cc.empty()) {
    const size_t comma = cc.find(',');
    std::string_view directive = trim(cc.substr(0, comma));
    cc = comma == std::string_view::npos ? std::string_view() : cc.substr(comma + 1);
    const size_t eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    if (header_name_equals(name, "no-store") || header_name_equals(name, "no-cache")) {
      return std::nullopt;
    }
    if (eq == std::string_view::npos || !header_name_equals(name, "max-age")) continue;
    std::string_view arg = trim(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') {
      arg = arg.substr(1, arg.size() - 2);
    }
    if (auto v = parse_delta_seconds(arg)) max_age = v;
  }
  return max_age;
}

}  // namespace mw
