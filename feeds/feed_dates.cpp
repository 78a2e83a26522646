#include "feeds/feed_dates.h"
#include "feeds/text_util.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

namespace mw {

using namespace std::string_view_literals;
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

using text::lower;

// Lower-cases ASCII letters of the first three characters into a view of `buf`.
std::string_view lower3(std::string_view name, std::array<char, 3>& buf) {
  for (size_t i = 0; i < 3; ++i) {
    char c = name[i];
    buf[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return {buf.data(), 3};
}

// Decimal value of an all-digit view (at most 9 digits, which callers guarantee).
int to_int(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
// algorithm, public domain description).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<size_t>(m - 1)];
}

struct Fields {
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // local = UTC + offset
};

std::optional<std::int64_t> to_epoch(const Fields& f) {
  if (f.year < 1 || f.year > 9999 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > days_in_month(f.year, f.month) || f.hour < 0 || f.hour > 24 || f.minute < 0 ||
      f.minute > 59 || f.second < 0 || f.second > 61) {
    return std::nullopt;
  }
  std::int64_t days =
      days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  return days * 86400 + f.hour * 3600 + f.minute * 60 + f.second - f.offset_minutes * 60;
}

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  std::array<char, 3> buf;
  std::string_view l = lower3(name, buf);
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == l) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool is_weekday(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  if (name.size() < 3) return false;
  std::array<char, 3> buf;
  std::string_view l = lower3(name, buf);
  for (auto d : kDays) {
    if (d == l) return true;
  }
  return false;
}

// Zone names and numeric offsets of RFC 822 and common practice, in minutes east of UTC.
std::optional<int> zone_offset(std::string_view z) {
  if (z.empty()) return 0;
  std::string l = lower(z);
  if (l == "ut"sv || l == "utc"sv || l == "gmt"sv || l == "z"sv) return 0;
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 14> kNamed = {
      Named{"est", -5}, {"edt", -4},  {"cst", -6},  {"cdt", -5}, {"mst", -7},
      {"mdt", -6},      {"pst", -8},  {"pdt", -7},  {"ast", -4}, {"adt", -3},
      {"hst", -10},     {"akst", -9}, {"akdt", -8}, {"bst", 1}};
  for (const auto& n : kNamed) {
    if (n.name == l) return n.hours * 60;
  }
  // Military single letters (RFC 822 got their signs backwards; feedparser, like most
  // readers, treats them as UTC-relative in the RFC's stated direction).
  if (l.size() == 1 && l[0] >= 'a' && l[0] <= 'z' && l[0] != 'j') {
    char c = l[0];
    if (c == 'z') return 0;
    if (c >= 'a' && c <= 'i') return -(c - 'a' + 1) * 60;
    if (c >= 'k' && c <= 'm') return -(c - 'k' + 10) * 60;
    if (c >= 'n' && c <= 'y') return (c - 'n' + 1) * 60;
  }
  std::string_view s = z;
  int sign = 1;
  if (l.rfind("gmt", 0) == 0 || l.rfind("utc", 0) == 0) s.remove_prefix(3);
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  std::string digits;
  for (char c : s) {
    if (is_digit(c)) {
      digits += c;
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int h = 0, m = 0;
  if (digits.size() <= 2) {
    h = to_int(digits);
  } else {
    h = to_int(std::string_view(digits).substr(0, digits.size() - 2));
    m = to_int(std::string_view(digits).substr(digits.size() - 2));
  }
  if (h > 23 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

// Views into `s`: the caller keeps `s` alive while it reads them.
std::vector<std::string_view> split_tokens(std::string_view s) {
  std::vector<std::string_view> out;
  out.reserve(8);  // a date has about six tokens
  size_t start = 0;
  bool in_token = false;
  for (size_t i = 0; i <= s.size(); ++i) {
    bool sep = i == s.size() || std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',';
    if (sep && in_token) out.push_back(s.substr(start, i - start));
    if (!sep && !in_token) start = i;
    in_token = !sep;
  }
  return out;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// hh:mm[:ss] with an optional zone glued on ("10:14:55-0800").
bool parse_clock(std::string_view t, Fields& f, std::string& glued_zone) {
  size_t i = 0;
  auto number = [&](int& out) {
    size_t start = i;
    while (i < t.size() && is_digit(t[i])) ++i;
    if (i == start || i - start > 2) return false;
    out = to_int(t.substr(start, i - start));
    return true;
  };
  if (!number(f.hour)) return false;
  if (i >= t.size() || t[i] != ':') return false;
  ++i;
  if (!number(f.minute)) return false;
  if (i < t.size() && t[i] == ':') {
    ++i;
    if (!number(f.second)) return false;
  }
  if (i < t.size() && t[i] == '.') {  // fractions of a second are dropped
    ++i;
    while (i < t.size() && is_digit(t[i])) ++i;
  }
  glued_zone = std::string(t.substr(i));
  return true;
}

int expand_year(int y, size_t digits) {
  if (digits == 2) return y < 50 ? 2000 + y : 1900 + y;  // RFC 2822 section 4.3
  if (digits == 3) return 1900 + y;
  return y;
}

std::optional<std::int64_t> parse_rfc822(std::string_view text) {
  auto tok = split_tokens(text);
  size_t i = 0;
  if (i < tok.size() && is_weekday(tok[i]) && !all_digits(tok[i])) ++i;
  if (tok.size() - i < 3) return std::nullopt;
  Fields f;
  std::string_view day_s, month_s, year_s;
  if (all_digits(tok[i]) && month_from_name(tok[i + 1])) {
    day_s = tok[i];
    month_s = tok[i + 1];
  } else if (month_from_name(tok[i]) && all_digits(tok[i + 1])) {  // "Dec 31 2006"
    month_s = tok[i];
    day_s = tok[i + 1];
  } else {
    return std::nullopt;
  }
  i += 2;
  year_s = tok[i++];
  if (!all_digits(year_s) || year_s.size() > 4 || day_s.size() > 2) return std::nullopt;
  f.day = to_int(day_s);
  f.month = month_from_name(month_s);
  f.year = expand_year(to_int(year_s), year_s.size());
  std::string zone;
  if (i < tok.size()) {
    std::string glued;
    if (!parse_clock(tok[i], f, glued)) return std::nullopt;
    ++i;
    zone = glued;
    if (zone.empty() && i < tok.size()) zone = std::string(tok[i++]);
    // "GMT+0100", "EST 0500": join a following offset to a bare zone name.
    if (i < tok.size() && !zone.empty() && !all_digits(zone) &&
        (tok[i][0] == '+' || tok[i][0] == '-')) {
      zone = std::string(tok[i++]);
    }
  }
  auto off = zone_offset(zone);
  if (!off) {
    // Unknown zone names are treated as UTC rather than dropping the date, like feedparser.
    bool alpha = !zone.empty();
    for (char c : zone) alpha = alpha && std::isalpha(static_cast<unsigned char>(c));
    if (!alpha) return std::nullopt;
    off = 0;
  }
  f.offset_minutes = *off;
  return to_epoch(f);
}

std::optional<std::int64_t> parse_asctime(std::string_view text) {
  // "Sun Jan  4 16:29:06 2004" (optionally with a zone before the year)
  auto tok = split_tokens(text);
  if (tok.size() < 4 || !is_weekday(tok[0])) return std::nullopt;
  int month = month_from_name(tok[1]);
  if (!month || !all_digits(tok[2])) return std::nullopt;
  Fields f;
  f.month = month;
  if (tok[2].size() > 2) return std::nullopt;
  f.day = to_int(tok[2]);
  std::string glued;
  if (!parse_clock(tok[3], f, glued)) return std::nullopt;
  size_t i = 4;
  std::string zone;
  if (i < tok.size() && !all_digits(tok[i])) zone = std::string(tok[i++]);
  if (i >= tok.size() || !all_digits(tok[i]) || tok[i].size() != 4) return std::nullopt;
  f.year = to_int(tok[i]);
  auto off = zone_offset(zone);
  if (!off) return std::nullopt;
  f.offset_minutes = *off;
  return to_epoch(f);
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  size_t i = 0;
  auto digits = [&](size_t n, int& out) {
    if (i + n > s.size()) return false;
    for (size_t k = 0; k < n; ++k) {
      if (!is_digit(s[i + k])) return false;
    }
    out = to_int(s.substr(i, n));
    i += n;
    return true;
  };
  Fields f;
  if (!digits(4, f.year)) return std::nullopt;
  bool compact = false;
  if (i < s.size() && s[i] == '-') {
    ++i;
    if (!digits(2, f.month)) {
      return std::nullopt;
    }
    if (i < s.size() && s[i] == '-') {
      ++i;
      if (!digits(2, f.day)) return std::nullopt;
    }
  } else if (i < s.size() && is_digit(s[i])) {
    compact = true;
    if (!digits(2, f.month) || !digits(2, f.day)) return std::nullopt;
  }
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    ++i;
    if (!digits(2, f.hour)) return std::nullopt;
    if (i < s.size() && s[i] == ':') ++i;
    if (!digits(2, f.minute)) return std::nullopt;
    if (i < s.size() && (s[i] == ':' || (compact && is_digit(s[i])))) {
      if (s[i] == ':') ++i;
      if (!digits(2, f.second)) return std::nullopt;
    }
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && is_digit(s[i])) ++i;
    }
    std::string_view zone = s.substr(i);
    while (!zone.empty() && zone.front() == ' ') zone.remove_prefix(1);
    auto off = zone_offset(zone);
    if (!off) return std::nullopt;
    f.offset_minutes = *off;
  } else if (i != s.size()) {
    return std::nullopt;
  }
  return to_epoch(f);
}

}  // namespace

std::optional<std::int64_t> parse_feed_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty()) return std::nullopt;
  if (text.size() >= 4 && is_digit(text[0]) && is_digit(text[1]) && is_digit(text[2]) &&
      is_digit(text[3])) {
    if (auto r = parse_iso8601(text)) return r;
  }
  if (auto r = parse_rfc822(text)) return r;
  return parse_asctime(text);
}

std::string format_iso_utc(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // civil_from_days (inverse of days_from_civil)
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60));
  return buf;
}

}  // namespace mw
