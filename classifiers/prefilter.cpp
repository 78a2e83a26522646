#include "classifiers/prefilter.h"

#include <algorithm>

namespace mw {

namespace {

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

}  // namespace

KeywordPrefilter::KeywordPrefilter(const std::vector<std::string>& phrases) {
  for (const auto& p : phrases) {
    std::string_view v = p;
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    if (!v.empty()) phrases_.push_back(lowered(v));
  }
}

std::string KeywordPrefilter::first_match(std::string_view text) const {
  const std::string hay = lowered(text);
  for (const auto& phrase : phrases_) {
    for (std::size_t at = hay.find(phrase); at != std::string::npos;
         at = hay.find(phrase, at + 1)) {
      const bool starts = at == 0 || !is_word_byte(hay[at - 1]) || !is_word_byte(phrase.front());
      const std::size_t end = at + phrase.size();
      const bool ends =
          end == hay.size() || !is_word_byte(hay[end]) || !is_word_byte(phrase.back());
      if (starts && ends) return phrase;
    }
  }
  return "";
}

bool KeywordPrefilter::admits(std::string_view text) const {
  return phrases_.empty() || !first_match(text).empty();
}

}  // namespace mw
