#pragma once
// Internal to the classifier (include only from classifiers/): one sentence annotated with what
// the rules need: places grouped into coordinated lists with their syntactic role, mentions of
// North Korea, action triggers, mission nouns, status cues, clause segments and dates.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "classifiers/event.h"
#include "classifiers/knowledge.h"
#include "classifiers/text.h"

namespace mw::detail {

// How a place or a mention of North Korea relates to the clause around it.
enum class Role : std::uint8_t {
  kLocation,  // after in/to/at/from ("embassies in Spain")
  kOwner,     // possessive or demonym before a mission noun, or after of/by
  kSubject,   // before the trigger with no preposition ("Sweden reopened ...")
  kObject,    // after the trigger with no preposition ("closures affected Spain")
  kOther,     // after with/towards/for ... ("ties with China")
};

struct Place {
  std::uint16_t code = 0;  // index into KnowledgeBase codes
  bool is_city = false;
  bool is_demonym = false;
  std::size_t first = 0, last = 0;  // tokens, [first, last)
};

struct Group {  // "Spain, Angola and Uganda"
  std::size_t first = 0, last = 0;
  std::vector<Place> places;
  Role role = Role::kOther;
  bool linked_to_mission = false;  // "Sweden's embassy", "the Swedish embassy"
  bool linked_to_person = false;   // ... but the noun is "ambassador", "diplomats"
  bool by_prep = false;            // "... was expelled by Peru"
  int seg = 0;
};

struct DprkMark {  // "North Korea", "Pyongyang", "the North", "North Korean"
  std::size_t first = 0, last = 0;
  Role role = Role::kOther;
  bool is_chongjin = false;
  int seg = 0;
};

struct Trigger {
  std::size_t first = 0, last = 0;
  Action action = Action::kClose;
  kb::Form form = kb::Form::kBase;
  const kb::Entry* entry = nullptr;
  int seg = 0;
};

struct MissionNoun {
  std::size_t first = 0, last = 0;
  MissionKind kind = MissionKind::kMission;
  bool person = false;
  int seg = 0;
};

struct Cue {  // status cue, negation, backref, pronoun, sweep, recent, temporary
  std::size_t first = 0, last = 0;
  const kb::Entry* entry = nullptr;
  int seg = 0;
};

struct TimeExpr {
  std::size_t first = 0, last = 0;
  PartialDate date;       // year 0 when only a month/day was given
  bool decade = false;    // "the 1990s"
  bool since = false;     // "since 2017", "until 1998": not the time of the change
  bool long_ago = false;  // "decades ago", "three decades after": historical without a year
  int seg = 0;
};

struct SentenceInfo {
  std::size_t first = 0, last = 0;  // token range of the sentence
  int segments = 0;
  std::vector<int> seg_of;  // per token (index - first)
  std::vector<Group> groups;
  std::vector<DprkMark> dprk;
  std::vector<Trigger> triggers;
  std::vector<MissionNoun> missions;
  std::vector<Cue> cues;
  std::vector<TimeExpr> times;

  int seg(std::size_t token) const { return seg_of[token - first]; }
};

SentenceInfo analyse_sentence(const text::TokenizedText& t, const text::SentenceSpan& span,
                              const kb::KnowledgeBase& kb);

// Month number for "november", "nov", "sept" ...; 0 if not a month.
int month_number(std::string_view word);

}  // namespace mw::detail
