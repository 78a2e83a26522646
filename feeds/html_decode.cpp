#include "feeds/html_decode.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "feeds/charset.h"
#include "feeds/text_util.h"

namespace mw::html {
namespace {

char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

using text::lower;

using text::is_space;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '"' || s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (is_space(s.back()) || s.back() == '"' || s.back() == '\'' || s.back() == ';')) {
    s.remove_suffix(1);
  }
  return s;
}

// "charset=X" inside a Content-Type-like value (also used for <meta content="...">); the HTML
// "extract a character encoding from a meta element" algorithm, simplified: the first
// "charset", optional spaces, "=", then a quoted or bare value.
std::optional<std::string> charset_parameter(std::string_view value) {
  std::string low = lower(value);
  std::size_t pos = 0;
  while ((pos = low.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    while (i < low.size() && is_space(low[i])) ++i;
    if (i >= low.size() || low[i] != '=') {
      pos = i;
      continue;
    }
    ++i;
    while (i < low.size() && is_space(low[i])) ++i;
    if (i >= low.size()) return std::nullopt;
    std::size_t end;
    if (low[i] == '"' || low[i] == '\'') {
      char q = low[i++];
      end = low.find(q, i);
      if (end == std::string::npos) return std::nullopt;
    } else {
      end = i;
      while (end < low.size() && !is_space(low[end]) && low[end] != ';' && low[end] != ',') ++end;
    }
    std::string_view v = trim(std::string_view(low).substr(i, end - i));
    if (v.empty()) return std::nullopt;
    return std::string(v);
  }
  return std::nullopt;
}

// Attributes of one tag starting after "<meta": returns name -> value pairs we care about.
struct MetaAttrs {
  std::string charset, http_equiv, content;
};

// Parses attributes from `s` at `i` (just after the tag name) up to '>'; returns the index
// after '>' (or s.size()).
std::size_t parse_meta_attrs(std::string_view s, std::size_t i, MetaAttrs& out) {
  while (i < s.size()) {
    while (i < s.size() && (is_space(s[i]) || s[i] == '/')) ++i;
    if (i >= s.size()) break;
    if (s[i] == '>') return i + 1;
    std::size_t name_start = i;
    while (i < s.size() && !is_space(s[i]) && s[i] != '=' && s[i] != '>' && s[i] != '/') ++i;
    std::string name = lower(s.substr(name_start, i - name_start));
    while (i < s.size() && is_space(s[i])) ++i;
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && is_space(s[i])) ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
        char q = s[i++];
        std::size_t end = s.find(q, i);
        if (end == std::string_view::npos) end = s.size();
        value = std::string(s.substr(i, end - i));
        i = end + 1;
      } else {
        std::size_t start = i;
        while (i < s.size() && !is_space(s[i]) && s[i] != '>') ++i;
        value = std::string(s.substr(start, i - start));
      }
    }
    if (name == "charset" && out.charset.empty()) out.charset = value;
    if (name == "http-equiv" && out.http_equiv.empty()) out.http_equiv = lower(value);
    if (name == "content" && out.content.empty()) out.content = value;
  }
  return s.size();
}

bool iequals_prefix(std::string_view s, std::size_t i, std::string_view word) {
  if (s.size() - i < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (lower_ascii(s[i + k]) != word[k]) return false;
  }
  return true;
}

// charset::is_valid_utf8 on the non-ASCII runs only: ASCII bytes always separate UTF-8
// sequences, so the text is valid exactly when each maximal run of bytes >= 0x80 is. Pages are
// mostly ASCII markup, so this skips most bytes eight at a time.
bool valid_utf8(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (w & 0x8080808080808080ull) break;
      p += 8;
    }
    while (p < end && static_cast<unsigned char>(*p) < 0x80) ++p;
    const char* run = p;
    while (p < end && static_cast<unsigned char>(*p) >= 0x80) ++p;
    if (p > run && !charset::is_valid_utf8(std::string_view(run, p - run))) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> charset_from_content_type(std::string_view content_type) {
  if (content_type.empty()) return std::nullopt;
  return charset_parameter(content_type);
}

std::optional<std::string> prescan_meta_charset(std::string_view bytes, std::size_t window) {
  std::string_view s = bytes.substr(0, std::min(window, bytes.size()));
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos) break;
    if (s.compare(lt, 4, "<!--") == 0) {
      std::size_t end = s.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (iequals_prefix(s, lt + 1, "meta") && lt + 5 < s.size() &&
        (is_space(s[lt + 5]) || s[lt + 5] == '/')) {
      MetaAttrs attrs;
      i = parse_meta_attrs(s, lt + 5, attrs);
      if (!attrs.charset.empty()) {
        std::string_view v = trim(attrs.charset);
        if (!v.empty()) return lower(v);
      }
      if (attrs.http_equiv == "content-type" && !attrs.content.empty()) {
        if (auto cs = charset_parameter(attrs.content)) return cs;
      }
      continue;
    }
    i = lt + 1;
  }
  return std::nullopt;
}

std::string normalize_charset_label(std::string_view label, bool from_meta) {
  std::string l = lower(trim(label));
  // WHATWG Encoding: these labels all name windows-1252, a superset browsers use instead.
  static constexpr std::array kWin1252 = {"ansi_x3.4-1968",
                                          "ascii",
                                          "cp1252",
                                          "cp819",
                                          "csisolatin1",
                                          "ibm819",
                                          "iso-8859-1",
                                          "iso-ir-100",
                                          "iso8859-1",
                                          "iso88591",
                                          "iso_8859-1",
                                          "iso_8859-1:1987",
                                          "l1",
                                          "latin1",
                                          "us-ascii",
                                          "x-cp1252",
                                          "windows-1252",
                                          "x-user-defined"};
  for (const char* alias : kWin1252) {
    if (l == alias) return "windows-1252";
  }
  if (l == "utf8" || l == "unicode-1-1-utf-8") return "utf-8";
  if (from_meta && l.rfind("utf-16", 0) == 0) return "utf-8";
  if (l == "iso-8859-9" || l == "latin5" || l == "iso8859-9") return "windows-1254";
  if (l == "tis-620" || l == "iso-8859-11") return "windows-874";
  return l;
}

Result<DecodedHtml> decode_html(std::string_view bytes, std::string_view content_type_header) {
  auto convert = [&](std::string label, std::string source,
                     std::string_view body) -> std::optional<DecodedHtml> {
    if (label == "utf-8") {
      std::string_view b = body;
      if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
      // Most pages are valid UTF-8: checking is cheaper than rebuilding the text.
      std::string text = valid_utf8(b) ? std::string(b) : charset::sanitize_utf8(b);
      return DecodedHtml{std::move(text), label, std::move(source)};
    }
    if (!charset::iconv_name(label)) return std::nullopt;  // unknown label: try the next source
    auto text = charset::to_utf8(body, label);
    if (!text) return std::nullopt;
    return DecodedHtml{std::move(*text), std::move(label), std::move(source)};
  };

  if (auto cs = charset_from_content_type(content_type_header)) {
    if (auto d = convert(normalize_charset_label(*cs), "header", bytes)) return *d;
  }
  if (auto bom = charset::from_bom(bytes)) {
    if (auto d = convert(normalize_charset_label(*bom), "bom", bytes)) return *d;
  }
  if (auto cs = prescan_meta_charset(bytes)) {
    if (auto d = convert(normalize_charset_label(*cs, /*from_meta=*/true), "meta", bytes)) {
      return *d;
    }
  }
  if (!charset::is_valid_utf8(bytes)) {
    if (auto g = charset::guess(bytes)) {
      if (auto d = convert(normalize_charset_label(*g), "guess", bytes)) return *d;
    }
  }
  if (auto d = convert("utf-8", "default", bytes)) return *d;
  return fail(ErrorCode::kUnsupported, "html_decode: no usable character encoding for the page");
}

}  // namespace mw::html
