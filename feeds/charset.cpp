#include "feeds/charset.h"
#include "feeds/text_util.h"

#include <iconv.h>
#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>

namespace mw::charset {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

using text::lower;

std::string trim(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"' ||
                        s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"' ||
                        s.back() == '\'')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

// Labels that iconv spells differently, or where the web (and feedparser) use a superset: a
// declared gb2312 is decoded as GB18030, latin1/us-ascii as windows-1252 would be wrong for
// feedparser compatibility, so those stay as declared.
struct Alias {
  std::string_view label;
  std::string_view iconv;
};
constexpr std::array kAliases{
    Alias{"gb2312", "GB18030"},
    Alias{"gbk", "GB18030"},
    Alias{"x-gbk", "GB18030"},
    Alias{"csgb2312", "GB18030"},
    Alias{"x-sjis", "SHIFT_JIS"},
    Alias{"sjis", "SHIFT_JIS"},
    Alias{"ms_kanji", "SHIFT_JIS"},
    Alias{"windows-31j", "CP932"},
    Alias{"x-euc-jp", "EUC-JP"},
    Alias{"utf8", "UTF-8"},
    Alias{"unicode-1-1-utf-8", "UTF-8"},
    Alias{"x-mac-roman", "MACINTOSH"},
    Alias{"macintosh", "MACINTOSH"},
    Alias{"dos-874", "CP874"},
    Alias{"windows-874", "CP874"},
    Alias{"x-cp1250", "CP1250"},
    Alias{"x-cp1251", "CP1251"},
    Alias{"x-cp1252", "CP1252"},
    Alias{"iso-ir-100", "ISO-8859-1"},
    Alias{"ks_c_5601-1987", "CP949"},
    Alias{"x-mac-cyrillic", "MAC-CYRILLIC"},
    Alias{"koi", "KOI8-R"},
    Alias{"utf-16", "UTF-16"},
    Alias{"utf-32", "UTF-32"},
    Alias{"ucs-2", "UTF-16"},
    Alias{"ucs-4", "UTF-32"},
};

// iconv descriptors, opened once per thread and encoding and kept: glibc unloads a converter
// module when its last descriptor closes, so opening one per document meant a dlopen per
// document. A descriptor is reset to its initial shift state before each use. Bounded: at most
// kMaxCached encodings per thread (a feed can only name a few hundred distinct ones anyway).
class IconvCache {
 public:
  ~IconvCache() {
    for (auto& [name, cd] : open_) {
      if (cd != kInvalid) iconv_close(cd);
    }
  }
  // The descriptor converting `name` to UTF-8, nullptr when iconv does not know `name`.
  iconv_t get(const std::string& name) {
    auto it = open_.find(name);
    if (it == open_.end()) {
      if (open_.size() >= kMaxCached) {
        for (auto& [n, cd] : open_) {
          if (cd != kInvalid) iconv_close(cd);
        }
        open_.clear();
      }
      it = open_.emplace(name, iconv_open("UTF-8", name.c_str())).first;
    }
    if (it->second == kInvalid) return nullptr;
    iconv(it->second, nullptr, nullptr, nullptr, nullptr);  // initial shift state
    return it->second;
  }

 private:
  static constexpr size_t kMaxCached = 64;
  inline static const iconv_t kInvalid = reinterpret_cast<iconv_t>(-1);
  std::unordered_map<std::string, iconv_t> open_;
};

iconv_t open_from(const std::string& name) {
  thread_local IconvCache cache;
  return cache.get(name);
}

// Width of the code unit to skip after an invalid sequence, so UTF-16/32 stay aligned.
size_t unit_width(std::string_view iconv_name) {
  std::string n = lower(iconv_name);
  if (n.rfind("utf-16", 0) == 0 || n.rfind("ucs-2", 0) == 0) return 2;
  if (n.rfind("utf-32", 0) == 0 || n.rfind("ucs-4", 0) == 0) return 4;
  return 1;
}

// Length of the valid UTF-8 sequence starting at s[i], 0 when invalid.
size_t utf8_seq_len(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t n = s.size() - i;
  auto cont = [&](size_t k) { return (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return (n >= 2 && cont(i + 1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
    if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
    if (c == 0xF0 && b(i + 1) < 0x90) return 0;   // overlong
    if (c == 0xF4 && b(i + 1) >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

// Encodings converted here without iconv: they are most of what feeds declare, and opening an
// iconv descriptor (twice: once to validate the label) costs more than converting a small feed.
enum class Builtin { kNone, kUtf8, kAscii, kLatin1 };

Builtin builtin_of(std::string_view iconv_name_lower) {
  if (iconv_name_lower == "utf-8") return Builtin::kUtf8;
  if (iconv_name_lower == "us-ascii" || iconv_name_lower == "ascii") return Builtin::kAscii;
  if (iconv_name_lower == "iso-8859-1" || iconv_name_lower == "latin1" ||
      iconv_name_lower == "iso8859-1" || iconv_name_lower == "l1") {
    return Builtin::kLatin1;
  }
  return Builtin::kNone;
}

// Converts with a built-in decoder. `strict`: nullopt on the first invalid byte; otherwise
// invalid bytes become U+FFFD.
std::optional<std::string> convert_builtin(std::string_view bytes, Builtin kind, bool strict) {
  switch (kind) {
    case Builtin::kUtf8:
      if (is_valid_utf8(bytes)) return std::string(bytes);
      if (strict) return std::nullopt;
      return sanitize_utf8(bytes);
    case Builtin::kAscii: {
      std::string out;
      out.reserve(bytes.size());
      for (char c : bytes) {
        if (static_cast<unsigned char>(c) < 0x80) {
          out += c;
        } else if (strict) {
          return std::nullopt;
        } else {
          out += kReplacement;
        }
      }
      return out;
    }
    case Builtin::kLatin1: {
      std::string out;
      out.reserve(bytes.size() + bytes.size() / 8);
      for (char c : bytes) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
          out += c;
        } else {
          out += static_cast<char>(0xC0 | (u >> 6));
          out += static_cast<char>(0x80 | (u & 0x3F));
        }
      }
      return out;
    }
    case Builtin::kNone: break;
  }
  return std::nullopt;
}

// The one iconv loop behind to_utf8 and decode_strict. `strict`: nullopt on the first invalid
// or unmappable sequence; otherwise each becomes U+FFFD and conversion goes on, skipping one
// code unit. nullopt too when iconv cannot open `name`.
std::optional<std::string> convert_iconv(std::string_view bytes, const std::string& name,
                                         bool strict) {
  iconv_t cd = open_from(name);
  if (cd == nullptr) return std::nullopt;
  const size_t width = unit_width(name);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<char, 16384> buf;
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf.data();
    size_t o_left = buf.size();
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf.data(), buf.size() - o_left);
    if (r != static_cast<size_t>(-1) || errno == E2BIG) continue;
    if (strict) return std::nullopt;
    out += kReplacement;
    if (errno == EINVAL) break;  // truncated sequence at the end of the input
    size_t skip = std::min(width, in_left);
    in += skip;
    in_left -= skip;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift
  }
  // Flush stateful encodings (ISO-2022-*).
  char* o = buf.data();
  size_t o_left = buf.size();
  iconv(cd, nullptr, nullptr, &o, &o_left);
  out.append(buf.data(), buf.size() - o_left);
  return out;
}

}  // namespace

std::optional<std::string> iconv_name(std::string_view label) {
  std::string l = lower(trim(label));
  if (l.empty()) return std::nullopt;
  if (l == "utf-8") return l;  // most documents: no alias to look up
  std::string name = l;
  for (const auto& a : kAliases) {
    if (a.label == l) name = std::string(a.iconv);
  }
  if (builtin_of(lower(name)) != Builtin::kNone || open_from(name)) return name;
  return std::nullopt;
}

Result<std::string> to_utf8(std::string_view bytes, std::string_view label) {
  auto name = iconv_name(label);
  if (!name) {
    return fail(ErrorCode::kUnsupported,
                "charset: unknown or unsupported encoding label '" + std::string(label) +
                    "'; declare a known charset (e.g. utf-8, iso-8859-1, windows-1252)");
  }
  const Builtin kind = builtin_of(lower(*name));
  if (kind == Builtin::kUtf8 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  std::optional<std::string> out = kind != Builtin::kNone ? convert_builtin(bytes, kind, false)
                                                          : convert_iconv(bytes, *name, false);
  if (!out) {
    return fail(ErrorCode::kUnsupported,
                "charset: iconv cannot convert from '" + *name + "'; declare a known charset");
  }
  if (out->substr(0, 3) == "\xEF\xBB\xBF") out->erase(0, 3);
  // iconv's UTF-8 output is valid, but a defensive pass keeps the contract unconditional.
  if (!is_valid_utf8(*out)) return sanitize_utf8(*out);
  return std::move(*out);
}

std::optional<std::string> decode_strict(std::string_view bytes, std::string_view label) {
  auto name = iconv_name(label);
  if (!name) return std::nullopt;
  const Builtin kind = builtin_of(lower(*name));
  if (kind != Builtin::kNone) return convert_builtin(bytes, kind, true);
  return convert_iconv(bytes, *name, true);
}

bool is_utf8_label(std::string_view label) {
  if (label == "utf-8") return true;  // most documents: nothing to look up
  auto name = iconv_name(label);
  return name && builtin_of(lower(*name)) == Builtin::kUtf8;
}

bool is_valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    // ASCII runs, 32 then eight bytes at a time (most of any feed).
    while (i + 32 <= text.size()) {
      std::uint64_t w[4];
      std::memcpy(w, text.data() + i, 32);
      if (((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL) != 0) break;
      i += 32;
    }
    while (i + 8 <= text.size()) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      if ((w & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= text.size()) break;
    size_t n = utf8_seq_len(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = utf8_seq_len(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::optional<std::string> from_bom(std::string_view b) {
  if (b.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) return "utf-32be";
  if (b.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) return "utf-32le";
  if (b.substr(0, 3) == "\xEF\xBB\xBF") return "utf-8";
  if (b.substr(0, 2) == "\xFE\xFF") return "utf-16be";
  if (b.substr(0, 2) == "\xFF\xFE") return "utf-16le";
  return std::nullopt;
}

std::optional<std::string> guess(std::string_view bytes) {
  uchardet_t ud = uchardet_new();
  if (ud == nullptr) return std::nullopt;
  std::optional<std::string> result;
  if (uchardet_handle_data(ud, bytes.data(), bytes.size()) == 0) {
    uchardet_data_end(ud);
    const char* cs = uchardet_get_charset(ud);
    if (cs != nullptr && *cs != '\0' && lower(cs) != "ascii") result = std::string(cs);
  }
  uchardet_delete(ud);
  return result;
}

}  // namespace mw::charset
