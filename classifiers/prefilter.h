#pragma once
// The pre-filter: a cheap look at an entry's title and summary before its article is fetched.
// Most of a general news feed is not about North Korea; fetching and extracting those pages
// would cost bandwidth and politeness budget for nothing. Feeds marked `topical` skip it.
//
// Matching is case-insensitive (ASCII letters; other bytes compare as they are) and on word
// boundaries at both ends of the phrase, so "dprk" matches "DPRK's" but "korea" does not
// match "koreana". Pure.
#include <string>
#include <string_view>
#include <vector>

namespace mw {

class KeywordPrefilter {
 public:
  explicit KeywordPrefilter(const std::vector<std::string>& phrases);

  // True when any phrase occurs in the text (or when there are no phrases at all).
  bool admits(std::string_view text) const;

  // The first phrase found, or "" when none.
  std::string first_match(std::string_view text) const;

 private:
  std::vector<std::string> phrases_;  // lower-cased, trimmed, non-empty
};

}  // namespace mw
