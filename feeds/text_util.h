#pragma once
// ASCII text helpers shared by the feed and HTML code (feeds/). Tag, attribute, charset and
// scheme names are ASCII by definition, and std::tolower is a locale-dependent call per
// character: these are inline and locale-free.
#include <string>
#include <string_view>

namespace mw::text {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with A-Z lowered; every other byte (UTF-8 included) unchanged.
inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}
// Gumbo hands out C strings that may be null: null is "".
inline std::string lower(const char* s) {
  return lower(std::string_view(s != nullptr ? s : ""));
}

// HTML's ASCII whitespace: space, tab, LF, CR, FF (no VT).
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Position of the first byte of `s` (from `from`) that is `a` or `b`, or npos. A plain loop:
// std::string_view::find_first_of calls memchr over the needle once per byte of `s`, which made
// these scans a visible share of feed parsing.
constexpr size_t find_either(std::string_view s, char a, char b, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == a || s[i] == b) return i;
  }
  return std::string_view::npos;
}

}  // namespace mw::text
