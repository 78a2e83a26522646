#include "feeds/html_date.h"

#include <array>
#include <cstdio>
#include <vector>

namespace mw::html {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (static_cast<unsigned char>(c) >= 0x80);
}
char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

struct Zone {
  bool known = false;
  int minutes = 0;  // offset east of UTC
};

struct Parts {
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = 0, second = 0;
  Zone zone;
};

bool valid_date(const Parts& p) {
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return p.year >= 1990 && p.year <= 2100 && p.month >= 1 && p.month <= 12 && p.day >= 1 &&
         p.day <= kDays[p.month - 1] && p.hour < 24 && p.minute < 60 && p.second < 61;
}

std::string format(const Parts& p) {
  char buf[64];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
  } else if (!p.zone.known) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day, p.hour,
                  p.minute, p.second);
  } else {
    int off = p.zone.minutes;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", p.year, p.month,
                  p.day, p.hour, p.minute, p.second, sign, off / 60, off % 60);
  }
  return buf;
}

// Reads exactly `n` digits at s[i].
bool digits(std::string_view s, std::size_t& i, int n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    if (!is_digit(s[i + k])) return false;
    v = v * 10 + (s[i + k] - '0');
  }
  out = v;
  i += n;
  return true;
}

std::optional<Zone> zone_abbrev(std::string_view w) {
  struct Z {
    std::string_view name;
    int minutes;
  };
  static constexpr std::array kZones = {
      Z{"z", 0},      Z{"utc", 0},    Z{"gmt", 0},    Z{"ut", 0},     Z{"est", -300},
      Z{"edt", -240}, Z{"cst", -360}, Z{"cdt", -300}, Z{"mst", -420}, Z{"mdt", -360},
      Z{"pst", -480}, Z{"pdt", -420}, Z{"bst", 60},   Z{"cet", 60},   Z{"cest", 120},
      Z{"kst", 540},  Z{"jst", 540},  Z{"aest", 600}, Z{"eet", 120},  Z{"eest", 180},
      Z{"wib", 420},  Z{"hkt", 480},  Z{"sgt", 480},  Z{"msk", 180}};
  for (const auto& z : kZones) {
    if (w == z.name) return Zone{true, z.minutes};
  }
  return std::nullopt;
}

// "+05:30", "+0530", "-05", "Z" at s[i]; advances i.
bool numeric_zone(std::string_view s, std::size_t& i, Zone& zone) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    zone = {true, 0};
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return false;
  int sign = s[i] == '-' ? -1 : 1;
  std::size_t j = i + 1;
  int h = 0, m = 0;
  if (!digits(s, j, 2, h)) return false;
  if (j < s.size() && s[j] == ':') ++j;
  if (j < s.size() && is_digit(s[j]) && !digits(s, j, 2, m)) return false;
  if (h > 14 || m > 59) return false;
  zone = {true, sign * (h * 60 + m)};
  i = j;
  return true;
}

// ISO 8601 / RFC 3339 and the slash form, starting at s[i]; the text after it is returned in
// `rest_at`.
bool parse_iso(std::string_view s, std::size_t i, Parts& p, std::size_t& rest_at) {
  if (!digits(s, i, 4, p.year)) return false;
  char sep = i < s.size() ? s[i] : 0;
  if (sep == '-' || sep == '/' || sep == '.') {
    ++i;
    if (!digits(s, i, 2, p.month)) {
      // single-digit month "2019/1/5"
      if (!digits(s, i, 1, p.month)) return false;
    }
    if (i >= s.size() || s[i] != sep) return false;
    ++i;
    if (!digits(s, i, 2, p.day) && !digits(s, i, 1, p.day)) return false;
  } else {
    if (!digits(s, i, 2, p.month) || !digits(s, i, 2, p.day)) return false;
  }
  if (i < s.size() && is_digit(s[i])) return false;
  rest_at = i;
  if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
    std::size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') ++j;
    int h = 0, m = 0, sec = 0;
    if (digits(s, j, 2, h)) {
      bool colon = j < s.size() && s[j] == ':';
      if (colon) ++j;
      if (digits(s, j, 2, m)) {
        if (j < s.size() && (s[j] == ':' || (!colon && is_digit(s[j])))) {
          if (s[j] == ':') ++j;
          digits(s, j, 2, sec);
        }
        if (j < s.size() && (s[j] == '.' || s[j] == ',')) {
          ++j;
          while (j < s.size() && is_digit(s[j])) ++j;
        }
        p.hour = h;
        p.minute = m;
        p.second = sec;
        while (j < s.size() && s[j] == ' ') ++j;
        Zone z;
        if (numeric_zone(s, j, z)) {
          p.zone = z;
        } else {
          std::size_t k = j;
          std::string w;
          while (k < s.size() && is_alpha_byte(s[k])) w.push_back(lower_ascii(s[k++]));
          if (auto za = zone_abbrev(w)) {
            p.zone = *za;
            j = k;
          }
        }
        rest_at = j;
      }
    }
  }
  return true;
}

int month_from_word(std::string_view w) {
  // Lower-case words; a prefix of at least three letters of a known month name matches.
  struct M {
    std::string_view name;
    int month;
  };
  static constexpr std::array kMonths = {M{"january", 1},
                                         M{"february", 2},
                                         M{"march", 3},
                                         M{"april", 4},
                                         M{"may", 5},
                                         M{"june", 6},
                                         M{"july", 7},
                                         M{"august", 8},
                                         M{"september", 9},
                                         M{"october", 10},
                                         M{"november", 11},
                                         M{"december", 12},
                                         M{"sept", 9},
                                         M{"janvier", 1},
                                         M{"f\xC3\xA9vrier", 2},
                                         M{"fevrier", 2},
                                         M{"mars", 3},
                                         M{"avril", 4},
                                         M{"mai", 5},
                                         M{"juin", 6},
                                         M{"juillet", 7},
                                         M{"ao\xC3\xBBt", 8},
                                         M{"aout", 8},
                                         M{"septembre", 9},
                                         M{"octobre", 10},
                                         M{"novembre", 11},
                                         M{"d\xC3\xA9"
                                           "cembre",
                                           12},
                                         M{"januar", 1},
                                         M{"februar", 2},
                                         M{"m\xC3\xA4rz", 3},
                                         M{"juni", 6},
                                         M{"juli", 7},
                                         M{"oktober", 10},
                                         M{"dezember", 12},
                                         M{"enero", 1},
                                         M{"febrero", 2},
                                         M{"marzo", 3},
                                         M{"abril", 4},
                                         M{"mayo", 5},
                                         M{"junio", 6},
                                         M{"julio", 7},
                                         M{"agosto", 8},
                                         M{"septiembre", 9},
                                         M{"setiembre", 9},
                                         M{"octubre", 10},
                                         M{"noviembre", 11},
                                         M{"diciembre", 12},
                                         M{"janeiro", 1},
                                         M{"fevereiro", 2},
                                         M{"mar\xC3\xA7o", 3},
                                         M{"maio", 5},
                                         M{"junho", 6},
                                         M{"julho", 7},
                                         M{"setembro", 9},
                                         M{"outubro", 10},
                                         M{"novembro", 11},
                                         M{"dezembro", 12},
                                         M{"gennaio", 1},
                                         M{"febbraio", 2},
                                         M{"aprile", 4},
                                         M{"maggio", 5},
                                         M{"giugno", 6},
                                         M{"luglio", 7},
                                         M{"settembre", 9},
                                         M{"ottobre", 10},
                                         M{"dicembre", 12}};
  if (w.size() < 3) return 0;
  for (const auto& m : kMonths) {
    if (w == m.name) return m.month;
  }
  if (w.size() <= 4) {  // abbreviations: "nov", "sept", "dez", "okt"
    for (const auto& m : kMonths) {
      if (m.name.substr(0, w.size()) == w) return m.month;
    }
    if (w == "okt") return 10;
    if (w == "dez") return 12;
    if (w == "mrz") return 3;
  }
  return 0;
}

struct Token {
  enum Kind { kNumber, kWord, kTime, kZone, kOther };
  Kind kind = kOther;
  int value = 0;  // number, or month for words (0 = not a month)
  int h = 0, m = 0, s = 0;
  Zone zone;
  std::string word;
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < 64) {
    char c = s[i];
    if (is_digit(c)) {
      std::size_t j = i;
      int v = 0;
      while (j < s.size() && is_digit(s[j]) && j - i < 9) v = v * 10 + (s[j++] - '0');
      if (j < s.size() && s[j] == ':' && j - i <= 2) {
        Token t;
        t.kind = Token::kTime;
        t.h = v;
        std::size_t k = j + 1;
        if (!digits(s, k, 2, t.m)) {
          out.push_back(Token{});
          i = k;
          continue;
        }
        if (k < s.size() && s[k] == ':') {
          ++k;
          digits(s, k, 2, t.s);
        }
        out.push_back(t);
        i = k;
        continue;
      }
      Token t;
      t.kind = Token::kNumber;
      t.value = v;
      t.word = std::string(s.substr(i, j - i));
      out.push_back(t);
      i = j;
      // ordinal suffixes: 1st, 2nd, 3rd, 18th
      if (i + 1 < s.size()) {
        std::string suf{lower_ascii(s[i]), lower_ascii(s[i + 1])};
        if ((suf == "st" || suf == "nd" || suf == "rd" || suf == "th") &&
            (i + 2 >= s.size() || !is_alpha_byte(s[i + 2]))) {
          i += 2;
        }
      }
      continue;
    }
    if ((c == '+' || c == '-') && i + 2 < s.size() && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
        !out.empty() && out.back().kind == Token::kTime) {
      Token t;
      t.kind = Token::kZone;
      std::size_t k = i;
      if (numeric_zone(s, k, t.zone)) {
        out.push_back(t);
        i = k;
        continue;
      }
    }
    if (is_alpha_byte(c)) {
      std::size_t j = i;
      std::string w;
      while (j < s.size() && is_alpha_byte(s[j])) w.push_back(lower_ascii(s[j++]));
      Token t;
      t.kind = Token::kWord;
      if (auto z = zone_abbrev(w)) {
        t.kind = Token::kZone;
        t.zone = *z;
      } else {
        t.value = month_from_word(w);
      }
      t.word = w;
      out.push_back(t);
      i = j;
      continue;
    }
    ++i;
  }
  return out;
}

// Date from tokens around a month word at `m`: "18 November 2019", "November 18, 2019".
std::optional<Parts> date_near_month(const std::vector<Token>& t, std::size_t m,
                                     std::size_t& last) {
  Parts p;
  p.month = t[m].value;
  auto is_num = [&](std::size_t k) { return k < t.size() && t[k].kind == Token::kNumber; };
  auto filler = [&](std::size_t k) {
    return k < t.size() && t[k].kind == Token::kWord &&
           (t[k].word == "de" || t[k].word == "of" || t[k].word == "del");
  };
  std::size_t prev = m;  // the token before the month, skipping "de"/"of"
  if (prev > 0) --prev;
  if (prev > 0 && filler(prev)) --prev;
  std::size_t next = m + 1;
  if (filler(next)) ++next;
  auto is_day = [&](std::size_t k) {
    return is_num(k) && t[k].value >= 1 && t[k].value <= 31 && t[k].word.size() <= 2;
  };
  auto is_year = [&](std::size_t k) { return is_num(k) && t[k].word.size() == 4; };
  if (m >= 1 && prev < m && is_day(prev) && is_year(next)) {
    p.day = t[prev].value;  // 18 November 2019, 18 de noviembre de 2019
    p.year = t[next].value;
    last = next;
  } else if (is_day(next) && (is_year(next + 1) || (filler(next + 1) && is_year(next + 2)))) {
    p.day = t[next].value;  // November 18, 2019
    last = is_year(next + 1) ? next + 1 : next + 2;
    p.year = t[last].value;
  } else {
    return std::nullopt;
  }
  // An optional time (and zone, am/pm) within the next few tokens.
  for (std::size_t k = last + 1; k < t.size() && k <= last + 3; ++k) {
    if (t[k].kind == Token::kTime) {
      p.hour = t[k].h;
      p.minute = t[k].m;
      p.second = t[k].s;
      last = k;
      if (k + 1 < t.size() && t[k + 1].kind == Token::kWord &&
          (t[k + 1].word == "am" || t[k + 1].word == "pm" || t[k + 1].word == "a" ||
           t[k + 1].word == "p")) {
        bool pm = t[k + 1].word[0] == 'p';
        if (p.hour == 12) p.hour = 0;
        if (pm) p.hour += 12;
        last = k + 1;
        // "a.m." tokenises as "a", "m"
        if (last + 1 < t.size() && t[last + 1].word == "m") ++last;
      }
      if (last + 1 < t.size() && t[last + 1].kind == Token::kZone) {
        p.zone = t[last + 1].zone;
        ++last;
      }
      break;
    }
  }
  if (!valid_date(p)) return std::nullopt;
  return p;
}

bool ignorable_word(std::string_view w) {
  static constexpr std::array<std::string_view, 24> kWords = {
      "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "at", "on",
      "of",  "de",  "um",   "le",  "am",  "pm",   "a",     "p",   "m",   "the", "h",  "et"};
  for (auto k : kWords) {
    if (w == k) return true;
  }
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (auto k : kDays) {
    if (w == k) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 80) return std::nullopt;
  Parts p;
  std::size_t rest = 0;
  if (parse_iso(text, 0, p, rest) && valid_date(p)) {
    std::string_view tail = text.substr(rest);
    while (!tail.empty() && tail.front() == ' ') tail.remove_prefix(1);
    if (tail.empty()) return format(p);
  }
  // dd.mm.yyyy and dd/mm/yyyy (day first, as written outside the US).
  {
    std::size_t i = 0;
    Parts q;
    if ((digits(text, i, 2, q.day) || digits(text, i, 1, q.day)) && i < text.size() &&
        (text[i] == '.' || text[i] == '/')) {
      char sep = text[i++];
      if ((digits(text, i, 2, q.month) || digits(text, i, 1, q.month)) && i < text.size() &&
          text[i] == sep) {
        ++i;
        if (digits(text, i, 4, q.year) && i == text.size() && valid_date(q)) return format(q);
      }
    }
  }
  auto tokens = tokenize(text);
  for (std::size_t m = 0; m < tokens.size(); ++m) {
    if (tokens[m].kind != Token::kWord || tokens[m].value == 0) continue;
    std::size_t last = m;
    auto d = date_near_month(tokens, m, last);
    if (!d) return std::nullopt;
    // The whole text must be this date: only weekday names and small words around it.
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      if (k + 2 >= m && k <= last) continue;
      if (tokens[k].kind == Token::kWord && ignorable_word(tokens[k].word)) continue;
      if (tokens[k].kind == Token::kZone) continue;
      return std::nullopt;
    }
    return format(*d);
  }
  return std::nullopt;
}

std::optional<std::string> find_date_in_text(std::string_view text) {
  // ISO dates anywhere ("Updated 2019-11-18 10:21").
  for (std::size_t i = 0; i + 10 <= text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) continue;
    Parts p;
    std::size_t rest = 0;
    if (text[i] == '1' || text[i] == '2') {
      if (parse_iso(text, i, p, rest) && valid_date(p) &&
          (text[i + 4] == '-' || text[i + 4] == '/')) {
        return format(p);
      }
    }
  }
  auto tokens = tokenize(text);
  for (std::size_t m = 0; m < tokens.size(); ++m) {
    if (tokens[m].kind != Token::kWord || tokens[m].value == 0) continue;
    std::size_t last = m;
    if (auto d = date_near_month(tokens, m, last)) return format(*d);
  }
  return std::nullopt;
}

std::optional<std::string> date_from_url(std::string_view url) {
  // Look only at the path: skip "scheme://host".
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(start);
  for (std::size_t i = 0; i + 8 <= path.size(); ++i) {
    if (path[i] != '/' && path[i] != '-' && path[i] != '_') continue;
    std::size_t j = i + 1;
    Parts p;
    if (!digits(path, j, 4, p.year)) continue;
    if (j < path.size() && (path[j] == '/' || path[j] == '-' || path[j] == '_')) {
      char sep = path[j++];
      if (!digits(path, j, 2, p.month)) continue;
      if (j < path.size() && path[j] == sep) {
        ++j;
        if (!digits(path, j, 2, p.day)) continue;
      } else {
        continue;  // year and month alone are not a date
      }
    } else {
      if (!digits(path, j, 2, p.month) || !digits(path, j, 2, p.day)) continue;
    }
    if (j < path.size() && is_digit(path[j])) continue;
    if (valid_date(p)) return format(p);
  }
  return std::nullopt;
}

}  // namespace mw::html
