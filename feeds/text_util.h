#pragma once
// ASCII text helpers shared by the feed and HTML code (feeds/). Tag, attribute, charset and
// scheme names are ASCII by definition, and std::tolower is a locale-dependent call per
// character: these are inline and locale-free.
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// Whether `s` contains `needle_lower` (lower-case ASCII) in any letter case.
inline bool icontains(std::string_view s, std::string_view needle_lower) {
  if (needle_lower.empty()) return true;
  const char first = needle_lower[0];
  const bool caseless_first = ascii_lower(first) == first && !(first >= 'a' && first <= 'z');
  for (size_t i = 0; i + needle_lower.size() <= s.size(); ++i) {
    if (caseless_first) {  // memchr to the candidates ("<!doctype" starts with '<')
      i = s.find(first, i);
      if (i == std::string_view::npos || i + needle_lower.size() > s.size()) return false;
    }
    size_t k = 0;
    while (k < needle_lower.size() && ascii_lower(s[i + k]) == needle_lower[k]) ++k;
    if (k == needle_lower.size()) return true;
  }
  return false;
}

// HTML's ASCII whitespace: space, tab, LF, CR, FF (no VT).
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// `s` without leading and trailing ASCII whitespace (space, tab, LF, VT, FF, CR).
constexpr std::string_view trim_view(std::string_view s) {
  auto sp = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return s;
}

// Position of the first byte of `s` (from `from`) that is `a` or `b`, or npos. Feed text is
// scanned this way for '<' and '&' many times per entry, so 16 bytes are compared at once where
// SSE2 is available (every x86-64); std::string_view::find_first_of would call memchr over the
// needle once per byte of `s`.
inline size_t find_either(std::string_view s, char a, char b, size_t from = 0) {
  size_t i = from;
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    int mask =
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(chunk, va), _mm_cmpeq_epi8(chunk, vb)));
    if (mask != 0) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; i < s.size(); ++i) {
    if (s[i] == a || s[i] == b) return i;
  }
  return std::string_view::npos;
}

}  // namespace mw::text
