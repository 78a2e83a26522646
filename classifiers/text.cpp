#include "classifiers/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace mw::text {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid.
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t len;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F;
    len = 2;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F;
    len = 3;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07;
    len = 4;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  static constexpr std::array<std::uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// ASCII folding of Latin-1 letters (U+00C0..U+00FF); 0 when there is none.
char fold_latin1(std::uint32_t cp) {
  static constexpr std::string_view kMap =
      "aaaaaaaceeeeiiiidnooooo*ouuuuyts"   // U+00C0..U+00DF
      "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // U+00E0..U+00FF
  if (cp < 0xC0 || cp > 0xFF) return 0;
  char c = kMap[cp - 0xC0];
  return (c == '*' || c == '/') ? 0 : c;
}

enum class CharClass { kSpace, kNewline, kLetter, kDigit, kApostrophe, kDash, kQuote, kPunct };

struct CharInfo {
  CharClass cls = CharClass::kPunct;
  char ascii = 0;  // normalised ASCII form when there is one
  bool upper = false;
  bool latin = true;
};

CharInfo classify_cp(std::uint32_t cp) {
  CharInfo ci;
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c == '\n')
      ci.cls = CharClass::kNewline;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
      ci.cls = CharClass::kSpace;
    else if (c >= 'a' && c <= 'z')
      ci = {CharClass::kLetter, c, false, true};
    else if (c >= 'A' && c <= 'Z')
      ci = {CharClass::kLetter, static_cast<char>(c - 'A' + 'a'), true, true};
    else if (c >= '0' && c <= '9')
      ci = {CharClass::kDigit, c, false, true};
    else if (c == '\'' || c == '`')
      ci = {CharClass::kApostrophe, '\'', false, true};
    else if (c == '-')
      ci = {CharClass::kDash, '-', false, true};
    else if (c == '"')
      ci = {CharClass::kQuote, '"', false, true};
    else
      ci = {CharClass::kPunct, c, false, true};
    return ci;
  }
  if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 ||
      cp == 0xFEFF) {
    ci.cls = CharClass::kSpace;
    return ci;
  }
  if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
    ci.cls = CharClass::kNewline;
    return ci;
  }
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x2032)
    return {CharClass::kApostrophe, '\'', false, true};
  if (cp >= 0x2010 && cp <= 0x2015) return {CharClass::kDash, '-', false, true};
  if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB)
    return {CharClass::kQuote, '"', false, true};
  if (cp == 0x2026) return {CharClass::kPunct, '.', false, true};
  if (cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7) {
    return {CharClass::kLetter, fold_latin1(cp), cp <= 0xDE, true};
  }
  if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F)) {
    return {CharClass::kPunct, '*', false, true};
  }
  // Everything else is treated as a letter; scripts beyond Latin Extended count as non-Latin.
  return {CharClass::kLetter, 0, false, cp < 0x250 || (cp >= 0x1E00 && cp <= 0x1EFF)};
}

struct Decoded {
  std::uint32_t cp;
  std::size_t len;
  CharInfo info;
};

}  // namespace

TokenizedText tokenize(std::string_view s) {
  TokenizedText out;
  out.norm_storage.reserve(s.size());
  out.tokens.reserve(s.size() / 5 + 4);
  struct Pending {
    std::uint32_t begin, end, nbegin, nend;
    TokenKind kind;
    bool upper, all_caps;
    std::uint8_t newlines;
  };
  std::vector<Pending> pend;
  pend.reserve(s.size() / 5 + 4);
  std::uint8_t newlines = 0;

  auto next = [&](std::size_t i) -> Decoded {
    std::uint32_t cp = 0;
    std::size_t len = decode(s, i, cp);
    if (len == 0) return {0, 0, {}};
    return {cp, len, classify_cp(cp)};
  };
  auto push_punct = [&](std::size_t b, std::size_t e, char c) {
    auto nb = static_cast<std::uint32_t>(out.norm_storage.size());
    out.norm_storage.push_back(c);
    pend.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), nb, nb + 1,
                    TokenKind::kPunct, false, false, newlines});
    newlines = 0;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    Decoded d = next(i);
    if (d.len == 0) {
      ++out.invalid_bytes;
      ++i;
      continue;
    }
    if (d.cp < 0x20 && d.cp != '\n' && d.cp != '\t' && d.cp != '\r' && d.cp != '\f' &&
        d.cp != '\v') {
      ++out.control_bytes;
      i += d.len;
      continue;
    }
    switch (d.info.cls) {
      case CharClass::kSpace: i += d.len; continue;
      case CharClass::kNewline:
        if (newlines < 2) ++newlines;
        i += d.len;
        continue;
      case CharClass::kLetter:
      case CharClass::kDigit: break;
      case CharClass::kApostrophe: {
        // "'s" after a word is a possessive token; other apostrophes are punctuation.
        bool after_word =
            !pend.empty() && pend.back().end == i && pend.back().kind != TokenKind::kPunct;
        if (after_word && i + d.len < s.size() && (s[i + d.len] == 's' || s[i + d.len] == 'S') &&
            (i + d.len + 1 >= s.size() ||
             !std::isalnum(static_cast<unsigned char>(s[i + d.len + 1])))) {
          auto nb = static_cast<std::uint32_t>(out.norm_storage.size());
          out.norm_storage += "'s";
          pend.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + d.len + 1),
                          nb, nb + 2, TokenKind::kPunct, false, false, newlines});
          newlines = 0;
          i += d.len + 1;
        } else {
          push_punct(i, i + d.len, '\'');
          i += d.len;
        }
        continue;
      }
      default:
        push_punct(i, i + d.len, d.info.ascii ? d.info.ascii : '*');
        i += d.len;
        continue;
    }
    // A word or a number: letters, digits, inner apostrophes and inner . or , between digits.
    std::size_t b = i;
    auto nb = static_cast<std::uint32_t>(out.norm_storage.size());
    bool digits_only = true, upper_first = d.info.upper, all_caps = true, any_letter = false;
    while (i < s.size()) {
      Decoded c = next(i);
      if (c.len == 0) break;
      if (c.info.cls == CharClass::kLetter || c.info.cls == CharClass::kDigit) {
        if (c.info.cls == CharClass::kLetter) {
          digits_only = false;
          any_letter = true;
          ++out.letters;
          if (!c.info.latin) ++out.non_latin_letters;
          if (!c.info.upper && (c.cp < 0x80 || c.info.ascii)) all_caps = false;
        }
        if (c.info.ascii) {
          out.norm_storage.push_back(c.info.ascii);
        } else {
          out.norm_storage.append(s.substr(i, c.len));
        }
        i += c.len;
        continue;
      }
      if (c.info.cls == CharClass::kApostrophe ||
          (c.info.cls == CharClass::kPunct && (c.cp == '.' || c.cp == ',') && digits_only)) {
        // Keep it only when a letter (apostrophe) or digit (number separator) follows.
        std::size_t j = i + c.len;
        if (j < s.size()) {
          Decoded after = next(j);
          bool keep =
              c.info.cls == CharClass::kApostrophe
                  ? (after.len && after.info.cls == CharClass::kLetter &&
                     !((s[j] == 's' || s[j] == 'S') &&
                       (j + 1 >= s.size() || !std::isalnum(static_cast<unsigned char>(s[j + 1])))))
                  : (after.len && after.info.cls == CharClass::kDigit);
          if (keep) {
            out.norm_storage.push_back(c.info.cls == CharClass::kApostrophe ? '\'' : c.info.ascii);
            i = j;
            continue;
          }
        }
      }
      break;
    }
    pend.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(i), nb,
                    static_cast<std::uint32_t>(out.norm_storage.size()),
                    digits_only ? TokenKind::kNumber : TokenKind::kWord, upper_first,
                    any_letter && all_caps, newlines});
    newlines = 0;
  }
  std::string_view norm(out.norm_storage);
  for (const Pending& p : pend) {
    Token t;
    t.begin = p.begin;
    t.end = p.end;
    t.norm = norm.substr(p.nbegin, p.nend - p.nbegin);
    t.kind = p.kind;
    t.upper = p.upper;
    t.all_caps = p.all_caps;
    t.newlines = p.newlines;
    out.tokens.push_back(t);
  }
  return out;
}

namespace {

bool is_abbreviation(const Token& t) {
  static constexpr std::array<std::string_view, 34> kAbbrev = {
      "mr",  "mrs",  "ms",   "dr",  "st",  "jan",  "feb", "mar", "apr", "jun",   "jul", "aug",
      "sep", "sept", "oct",  "nov", "dec", "no",   "vs",  "gen", "col", "lt",    "sgt", "rep",
      "sen", "gov",  "prof", "inc", "co",  "corp", "ltd", "jr",  "sr",  "approx"};
  if (t.kind != TokenKind::kWord) return false;
  if (t.norm.size() == 1 && t.upper) return true;  // initials, "U.S."
  return std::find(kAbbrev.begin(), kAbbrev.end(), t.norm) != kAbbrev.end();
}

}  // namespace

std::vector<SentenceSpan> split_sentences(const TokenizedText& t, std::size_t max_tokens) {
  std::vector<SentenceSpan> out;
  const auto& tk = t.tokens;
  std::size_t start = 0;
  if (max_tokens == 0) max_tokens = 1;
  for (std::size_t i = 0; i < tk.size(); ++i) {
    bool cut_after = false;
    const Token* nx = i + 1 < tk.size() ? &tk[i + 1] : nullptr;
    if (nx && nx->newlines >= 2) cut_after = true;
    if (nx && nx->newlines == 1) {
      // A single line break ends a sentence unless the text plainly runs on (hard-wrapped).
      bool runs_on = (tk[i].kind == TokenKind::kWord || tk[i].norm == ",") && !nx->upper &&
                     nx->kind == TokenKind::kWord;
      if (!runs_on) cut_after = true;
    }
    if (tk[i].kind == TokenKind::kPunct && tk[i].norm.size() == 1 &&
        (tk[i].norm[0] == '.' || tk[i].norm[0] == '!' || tk[i].norm[0] == '?')) {
      bool abbrev = tk[i].norm[0] == '.' && i > 0 && tk[i - 1].end == tk[i].begin &&
                    is_abbreviation(tk[i - 1]);
      if (!nx) {
        cut_after = true;
      } else if (!abbrev && (nx->upper || nx->kind != TokenKind::kWord || nx->newlines)) {
        // Closing quotes and brackets stay with the sentence they end.
        if (nx->kind == TokenKind::kPunct && (nx->norm == "\"" || nx->norm == ")") &&
            nx->begin == tk[i].end) {
          continue;
        }
        if (nx->kind != TokenKind::kPunct || nx->norm == "\"" || nx->norm == "(" ||
            nx->norm == "-") {
          cut_after = true;
        }
      }
    }
    // A closing quote or bracket right after . ! ? ends the sentence it closes.
    if ((tk[i].norm == "\"" || tk[i].norm == ")") && i > start && tk[i - 1].end == tk[i].begin &&
        (tk[i - 1].norm == "." || tk[i - 1].norm == "!" || tk[i - 1].norm == "?") && nx &&
        (nx->upper || nx->newlines)) {
      cut_after = true;
    }
    if (i + 1 - start >= max_tokens) cut_after = true;
    if (cut_after || !nx) {
      out.push_back({start, i + 1});
      start = i + 1;
    }
  }
  return out;
}

}  // namespace mw::text
