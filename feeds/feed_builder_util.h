#pragma once
// Small string and attribute helpers shared by the feed builder's translation units
// (feed_builder*.cpp). Internal to the feed parser.
#include <cctype>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "feeds/text_util.h"

namespace mw::feed_detail::util {

using text::lower;

// Trims ASCII whitespace (space, tab, CR, LF, FF, VT) at both ends.
inline std::string strip(std::string_view s) {
  auto sp = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (!s.empty() && sp(s.front())) s.remove_prefix(1);
  while (!s.empty() && sp(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// Trims space, tab, CR and LF only (what attribute values are trimmed of).
inline std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace mw::feed_detail::util
