#include "feeds/html_css.h"
#include "feeds/text_util.h"

#include <array>
#include <string_view>
#include <vector>

#include "feeds/name_set.h"

namespace mw {
namespace {

// CSS properties kept as they are.
// clang-format off
const NameSet kAcceptableCss = {
    "azimuth", "background-color", "border-bottom-color", "border-collapse", "border-color",
    "border-left-color", "border-right-color", "border-top-color", "clear", "color", "cursor",
    "direction", "display", "elevation", "float", "font", "font-family", "font-size", "font-style",
    "font-variant", "font-weight", "height", "letter-spacing", "line-height", "overflow", "pause",
    "pause-after", "pause-before", "pitch", "pitch-range", "richness", "speak", "speak-header",
    "speak-numeral", "speak-punctuation", "speech-rate", "stress", "text-align", "text-decoration",
    "text-indent", "unicode-bidi", "vertical-align", "voice-family", "volume", "white-space",
    "width"};
// clang-format on

// Keywords allowed in the shorthand families (background, border, margin, padding).
// clang-format off
const NameSet kCssKeywords = {
    "!important", "aqua", "auto", "black", "block", "blue", "bold", "both", "bottom", "brown",
    "center", "collapse", "dashed", "dotted", "fuchsia", "gray", "green", "italic", "left", "lime",
    "maroon", "medium", "navy", "none", "normal", "nowrap", "olive", "pointer", "purple", "red",
    "right", "solid", "silver", "teal", "top", "transparent", "underline", "white", "yellow"};
// clang-format on

// Character classes as feedparser's regular expressions read them, for ASCII: Python's \s (and
// str.split() / str.strip(), which use the same whitespace) includes the information
// separators 0x1C-0x1F besides space, \t, \n, \v, \f and \r; \w and \d. (Non-ASCII letters
// and spaces, which Python's classes also match, are not matched here: docs/feeds.md.)
bool re_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}
bool re_digit(char c) {
  return c >= '0' && c <= '9';
}
bool re_word(char c) {
  return re_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool name_char(char c) {  // [-\w]
  return re_word(c) || c == '-';
}

using text::lower;

size_t skip_spaces(std::string_view s, size_t i) {
  while (i < s.size() && re_space(s[i])) ++i;
  return i;
}

// url\s*\(\s*[^\s)]+?\s*\)\s* at `i`: the end of the match, or npos.
size_t match_url(std::string_view s, size_t i) {
  if (s.substr(i, 3) != "url") return std::string_view::npos;
  i = skip_spaces(s, i + 3);
  if (i >= s.size() || s[i] != '(') return std::string_view::npos;
  i = skip_spaces(s, i + 1);
  size_t arg = i;
  while (i < s.size() && !re_space(s[i]) && s[i] != ')') ++i;
  if (i == arg) return std::string_view::npos;
  i = skip_spaces(s, i);
  if (i >= s.size() || s[i] != ')') return std::string_view::npos;
  return skip_spaces(s, i + 1);
}

// Every url(...) replaced by one space.
std::string strip_urls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t copied = 0;  // s[copied, i) is still to be appended
  for (size_t i = s.find("url"); i != std::string_view::npos; i = s.find("url", i)) {
    size_t end = match_url(s, i);
    if (end == std::string_view::npos) {
      ++i;
      continue;
    }
    out.append(s.substr(copied, i - copied));
    out += ' ';
    i = copied = end;
  }
  out.append(s.substr(copied));
  return out;
}

// ^([:,;#%.\sa-zA-Z0-9!]|\w-\w|'[\s\w]+'|"[\s\w]+"|\([\d,\s]+\))*$ : whether `s` splits into
// those tokens (a reachability pass over positions, which is what backtracking decides).
bool allowed_chars(std::string_view s) {
  const size_t n = s.size();
  // Style attributes are short: the positions fit on the stack, rarely on the heap.
  std::array<char, 512> small{};
  std::vector<char> large;
  char* reach = small.data();
  if (n + 1 > small.size()) {
    large.assign(n + 1, 0);
    reach = large.data();
  }
  reach[0] = 1;
  auto single = [](char c) {
    return c == ':' || c == ',' || c == ';' || c == '#' || c == '%' || c == '.' || c == '!' ||
           re_space(c) || (re_word(c) && c != '_');
  };
  for (size_t i = 0; i < n; ++i) {
    if (!reach[i]) continue;
    const char c = s[i];
    if (single(c)) reach[i + 1] = 1;
    if (i + 2 < n && re_word(c) && s[i + 1] == '-' && re_word(s[i + 2])) reach[i + 3] = 1;
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < n && (re_space(s[j]) || re_word(s[j]))) ++j;
      if (j > i + 1 && j < n && s[j] == c) reach[j + 1] = 1;
    } else if (c == '(') {
      size_t j = i + 1;
      while (j < n && (re_digit(s[j]) || s[j] == ',' || re_space(s[j]))) ++j;
      if (j > i + 1 && j < n && s[j] == ')') reach[j + 1] = 1;
    }
  }
  return reach[n] != 0;
}

struct Declaration {
  size_t end = std::string_view::npos;  // npos: no match at this position
  std::string_view prop;
  std::string_view value;
};

// ([-\w]+)\s*:\s*([^:;]*) at `i`. `run_end` receives where the name run stopped, so a caller
// scanning for the next match can skip the positions inside that run (they fail the same way).
Declaration match_declaration(std::string_view s, size_t i, size_t& run_end) {
  Declaration d;
  size_t p = i;
  while (p < s.size() && name_char(s[p])) ++p;
  run_end = p;
  if (p == i) return d;
  d.prop = s.substr(i, p - i);
  p = skip_spaces(s, p);
  if (p >= s.size() || s[p] != ':') return d;
  p = skip_spaces(s, p + 1);
  size_t v = p;
  while (p < s.size() && s[p] != ':' && s[p] != ';') ++p;
  d.value = s.substr(v, p - v);
  d.end = p;
  return d;
}

// re.sub(r'\s*[-\w]+\s*:\s*[^:;]*;?', '', style).strip() == '': the style is nothing but
// declarations (and whitespace between them).
bool only_declarations(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t start = skip_spaces(s, i);
    size_t run_end = 0;
    Declaration d = match_declaration(s, start, run_end);
    if (d.end != std::string_view::npos) {
      i = d.end;
      if (i < s.size() && s[i] == ';') ++i;
      continue;
    }
    // No match at i, nor at any later position up to `start` (they skip to the same place):
    // s[i, start) stays in the output and must be whitespace the final strip removes, and
    // s[start], if any, is not whitespace at all.
    for (size_t k = i; k < start; ++k) {
      if (!re_space(s[k])) return false;
    }
    return start >= s.size();
  }
  return true;
}

// ^(#[0-9a-f]+|rgb\(\d+%?,\d*%?,?\d*%?\)?|\d{0,2}\.?\d{0,2}(cm|em|ex|in|mm|pc|pt|px|%|,|\))?)$
bool css_value(std::string_view v) {
  auto digits = [&](size_t i, size_t max) {
    size_t j = i;
    while (j < v.size() && j - i < max && re_digit(v[j])) ++j;
    return j;
  };
  auto opt = [&](size_t i, char c) { return i < v.size() && v[i] == c ? i + 1 : i; };
  if (!v.empty() && v[0] == '#') {
    if (v.size() == 1) return false;
    for (char c : v.substr(1)) {
      if (!re_digit(c) && !(c >= 'a' && c <= 'f')) return false;
    }
    return true;
  }
  if (v.substr(0, 4) == "rgb(") {
    size_t i = digits(4, v.size());
    if (i > 4) {
      i = opt(i, '%');
      if (i < v.size() && v[i] == ',') {
        i = digits(i + 1, v.size());
        i = opt(i, '%');
        i = opt(i, ',');
        i = digits(i, v.size());
        i = opt(i, '%');
        i = opt(i, ')');
        if (i == v.size()) return true;
      }
    }
  }
  size_t i = digits(0, 2);
  i = opt(i, '.');
  i = digits(i, 2);
  std::string_view unit = v.substr(i);
  return unit.empty() || unit == "cm" || unit == "em" || unit == "ex" || unit == "in" ||
         unit == "mm" || unit == "pc" || unit == "pt" || unit == "px" || unit == "%" ||
         unit == "," || unit == ")";
}

// Whether a value of the background/border/margin/padding family is made only of keywords,
// colours and lengths.
bool shorthand_value_ok(std::string_view value) {
  size_t p = 0;
  while (p < value.size()) {
    while (p < value.size() && re_space(value[p])) ++p;
    size_t e = p;
    while (e < value.size() && !re_space(value[e])) ++e;
    if (e > p) {
      std::string_view kw = value.substr(p, e - p);
      if (!kCssKeywords.count(kw) && !css_value(kw)) return false;
    }
    p = e;
  }
  return true;
}

}  // namespace

std::string sanitize_style(std::string_view style_in) {
  std::string stripped;
  std::string_view s = style_in;
  if (s.find("url") != std::string_view::npos) {
    stripped = strip_urls(s);
    s = stripped;
  }
  if (!allowed_chars(s)) return "";
  if (!only_declarations(s)) return "";
  std::string clean;
  clean.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t run_end = 0;
    Declaration d = match_declaration(s, i, run_end);
    if (d.end == std::string_view::npos) {
      i = run_end > i ? run_end : i + 1;
      continue;
    }
    i = d.end;
    if (d.value.empty()) continue;
    // Property names are short: lower-cased on the stack.
    std::array<char, 64> buf;
    std::string heap;
    std::string_view lprop;
    if (d.prop.size() <= buf.size()) {
      for (size_t k = 0; k < d.prop.size(); ++k) buf[k] = text::ascii_lower(d.prop[k]);
      lprop = std::string_view(buf.data(), d.prop.size());
    } else {
      heap = lower(d.prop);
      lprop = heap;
    }
    bool keep = kAcceptableCss.count(lprop) > 0;
    if (!keep) {
      const std::string_view family = lprop.substr(0, lprop.find('-'));
      if (family == "background" || family == "border" || family == "margin" ||
          family == "padding") {
        keep = shorthand_value_ok(d.value);
      }
    }
    if (keep) {
      if (!clean.empty()) clean += ' ';
      clean.append(d.prop).append(": ").append(d.value).append(";");
    }
  }
  return clean;
}

}  // namespace mw
