#include "daemon/config_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <vector>

#include "daemon/config.h"

namespace mw {
namespace config {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view candidate : candidates) {
    std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  // A typo changes a letter or two; beyond that a suggestion is more confusing than helpful
  // ("url" is not a typo of "tags").
  if (best_distance == 0 || best_distance > 2 || best_distance * 2 >= word.size()) {
    return best_distance == 0 ? best : std::string();
  }
  return best;
}

std::string url_problem(std::string_view url, std::span<const std::string_view> schemes) {
  if (url.empty()) return "empty URL";
  for (char c : url) {
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20) {
      return "URL contains white space or control characters";
    }
  }
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return "not an absolute URL (no scheme://)";
  std::string scheme = to_lower(url.substr(0, colon));
  bool allowed_scheme =
      std::find(schemes.begin(), schemes.end(), std::string_view(scheme)) != schemes.end();
  if (scheme == "mailto" && allowed_scheme) {  // mailto:someone@example.org has no "//"
    return url.find('@') == std::string_view::npos ? "mailto: URL without an address" : "";
  }
  if (url.substr(colon, 3) != "://") return "not an absolute URL (no scheme://)";
  if (!allowed_scheme) {
    std::string allowed;
    for (std::size_t i = 0; i < schemes.size(); ++i) {
      if (i) allowed += i + 1 == schemes.size() ? " or " : ", ";
      allowed += schemes[i];
    }
    return "scheme `" + scheme + "` not allowed: must be " + allowed;
  }
  if (url_host(url).empty()) return "no host in URL";
  return "";
}

std::string url_host(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return "";
  std::string_view rest = url.substr(colon + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {  // IPv6 literal
    std::size_t close = authority.find(']');
    return close == std::string_view::npos ? "" : to_lower(authority.substr(0, close + 1));
  }
  std::string_view host = authority.substr(0, authority.find(':'));
  if (std::size_t port_at = authority.find(':'); port_at != std::string_view::npos) {
    std::string_view port = authority.substr(port_at + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (!port.empty() && (ec != std::errc() || end != port.data() + port.size() || value > 65535)) {
      return "";  // a bad port makes the URL unusable; report it as "no host"
    }
  }
  return to_lower(host);
}

std::string url_identity(std::string_view url) {
  std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::string(url);
  std::string scheme = to_lower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find('#'));
  std::size_t path_at = rest.find_first_of("/?");
  std::string authority = to_lower(rest.substr(0, path_at));
  std::string_view tail = path_at == std::string_view::npos ? "" : rest.substr(path_at);
  if ((scheme == "http" && authority.ends_with(":80")) ||
      (scheme == "https" && authority.ends_with(":443"))) {
    authority.erase(authority.rfind(':'));
  }
  if (tail == "/") tail = "";
  return scheme + "://" + authority + std::string(tail);
}

bool looks_like_country_code(std::string_view code) {
  return code.size() == 2 && std::isupper(static_cast<unsigned char>(code[0])) &&
         std::isupper(static_cast<unsigned char>(code[1]));
}

}  // namespace config

Result<Duration> parse_duration(std::string_view text) {
  auto bad = [&](std::string why) {
    return fail(ErrorCode::kInvalidArgument,
                "duration \"" + std::string(text) + "\": " + why +
                    " (write e.g. \"30s\", \"15m\", \"2h\", \"1d\", \"1h30m\" or an integer of "
                    "seconds)");
  };
  if (text.empty()) return bad("empty");
  std::int64_t total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t digits_end = i;
    while (digits_end < text.size() && std::isdigit(static_cast<unsigned char>(text[digits_end]))) {
      ++digits_end;
    }
    if (digits_end == i) return bad("expected a number at position " + std::to_string(i + 1));
    std::int64_t number = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + digits_end, number);
    if (ec != std::errc() || end != text.data() + digits_end) return bad("number too large");
    std::size_t unit_end = digits_end;
    while (unit_end < text.size() && std::isalpha(static_cast<unsigned char>(text[unit_end]))) {
      ++unit_end;
    }
    std::string_view unit = text.substr(digits_end, unit_end - digits_end);
    std::int64_t scale = 0;
    if (unit == "ms")
      scale = 1;
    else if (unit == "s")
      scale = 1000;
    else if (unit == "m")
      scale = 60 * 1000;
    else if (unit == "h")
      scale = 3600 * 1000;
    else if (unit == "d")
      scale = 24 * 3600 * 1000;
    else if (unit.empty())
      return bad("missing unit after " + std::to_string(number));
    else
      return bad("unknown unit `" + std::string(unit) + "` (use ms, s, m, h or d)");
    // Ten years is far beyond any sensible setting and keeps the arithmetic from overflowing.
    constexpr std::int64_t kMaxMs = std::int64_t{10} * 366 * 24 * 3600 * 1000;
    if (number > kMaxMs / scale || total_ms + number * scale > kMaxMs) return bad("too long");
    total_ms += number * scale;
    i = unit_end;
  }
  return Duration(total_ms);
}

}  // namespace mw
