#pragma once
// The classifier's knowledge: place names (gazetteer), cue words (lexicon) and the mission
// registry used as a plausibility prior, parsed from the TSV files in classifiers/data/ (compiled
// into the binary, see embedded_data.h) and indexed for longest-match lookup over tokens.
//
// Loading validates the files: every data line has its columns, no phrase appears twice, every
// country code is a known ISO 3166-1 code, every family/value is known; errors name file:line.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classifiers/event.h"
#include "classifiers/text.h"
#include "common/result.h"

namespace mw::kb {

enum class Family : std::uint8_t {
  kPlace,    // value = ISO code index; extra = PlaceKind
  kTrigger,  // value = Action; extra = Form
  kMission,  // value = MissionKind; extra = 1 for person nouns (ambassador, diplomats)
  kStatus,   // value = StatusCue; extra = 1 for clause scope
  kNegation,
  kPrep,  // value = PrepRole
  kBoundary,
  kBackref,
  kPronoun,
  kSweep,
  kRecent,
  kTemporary,
  kDprk,  // a phrase naming North Korea that is not a place name ("the North")
};

enum class PlaceKind : std::uint8_t { kName, kOfficial, kAlt, kCapital, kCity, kDemonym };
enum class Form : std::uint8_t { kBase, k3sg, kPast, kProg, kNoun };
enum class StatusCue : std::uint8_t { kPlanned, kAnnounced, kSaid, kReported, kDenied, kCompleted };
enum class PrepRole : std::uint8_t { kLocation, kOwner, kOther };

struct Entry {
  std::vector<std::string> words;  // normalised tokens of the phrase
  Family family = Family::kPlace;
  std::uint16_t value = 0;
  std::uint8_t extra = 0;
  bool need_upper_first = false;  // places: the first word must be capitalised in the text
  bool need_upper_last = false;   // "the North"
  std::string phrase;             // as written in the data file
};

// One row of missions.tsv.
struct MissionRecord {
  Direction direction = Direction::kDprkAbroad;
  std::string country;
  std::string city;
  std::string status;  // open | suspended | closed
  std::string since;
};

struct Match {
  const Entry* entry = nullptr;
  std::size_t length = 0;  // tokens consumed
};

class KnowledgeBase {
 public:
  // Parses the four data files. `name`s are used in error messages only.
  static Result<std::shared_ptr<const KnowledgeBase>> load(std::string_view countries_tsv,
                                                           std::string_view places_tsv,
                                                           std::string_view lexicon_tsv,
                                                           std::string_view missions_tsv);
  // The files compiled into the binary.
  static Result<std::shared_ptr<const KnowledgeBase>> load_embedded();

  // Longest entry starting at tokens[i] (respecting capitalisation rules), or {nullptr, 0}.
  Match match(const std::vector<text::Token>& tokens, std::size_t i, std::size_t end) const;

  // Blockers: words next to a trigger that make it not one ("close ties", "remain open").
  bool blocked_by_next(Action a, std::string_view word) const;
  bool blocked_by_prev(Action a, std::string_view word) const;

  const std::string& code(std::uint16_t index) const { return codes_[index]; }
  bool is_known_code(std::string_view code) const;
  std::size_t entry_count() const { return entries_.size(); }
  std::size_t country_count() const { return codes_.size(); }

  // Registry rows for (direction, country); empty when the registry has none.
  std::vector<const MissionRecord*> missions(Direction d, std::string_view country) const;
  // City of the registry's mission, for events whose text names only the country.
  std::string mission_city(Direction d, std::string_view country) const;

 private:
  std::vector<std::string> codes_;
  std::unordered_map<std::string, std::uint16_t> code_index_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
  std::unordered_map<std::string, std::uint32_t> blockers_;  // "<word>\t<next|prev>" → action bits
  std::vector<MissionRecord> missions_;
};

}  // namespace mw::kb
