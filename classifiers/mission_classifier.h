#pragma once
// The mission-change classifier: a pure function from an article's text to the changes of
// diplomatic missions it reports, each with direction, country, action, status, confidence and
// the sentence that says so. Start here.
//
//   auto clf = mw::MissionClassifier::create();           // loads the compiled-in data once
//   mw::Classification c = clf->classify({.title = title, .body = body,
//                                         .published = mw::PartialDate{2023, 11, 2}});
//   for (const auto& e : c.events) ...                      // e.g. dprk_abroad ES close announced
//   if (!c.relevant) std::cout << c.reason;                 // "no mission change found"
//
// classify() never fails: unusable input (empty, binary, not English, too large) gives a
// not-relevant Classification whose reason says why. It does no I/O and reads no clock; it runs
// in time linear in the input, and one MissionClassifier may be shared by threads (const).
// How it decides is described in docs/classifier.md.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/event.h"
#include "common/result.h"

namespace mw {

namespace kb {
class KnowledgeBase;
}

struct ClassifierOptions {
  // An event at or above this confidence makes the article relevant (and counts in `eval`).
  double relevance_threshold = 0.5;
  // Events below this confidence are dropped from the output altogether.
  double min_confidence = 0.2;
  // Larger inputs are rejected as "too large" (news articles are a few KB; 4 MiB leaves room).
  std::size_t max_input_bytes = 4u << 20;
  // Longer sentences are cut into pieces of this many tokens (keeps the rules linear).
  std::size_t max_sentence_tokens = 160;
  // A change dated this many years or more before the publication date is "historical".
  int historical_years = 2;
  // Use the mission registry (classifiers/data/missions.tsv) as a plausibility prior.
  bool use_prior = true;
  // Confidence factor for a change of a mission the registry has no record of.
  double unknown_mission_factor = 0.75;
};

struct ArticleInput {
  std::string_view title;  // may be empty
  std::string_view body;
  std::optional<PartialDate> published;  // decides what is "historical"; else years in the text
  std::string_view language;             // BCP 47 ("en", "en-GB"); empty = detect
};

struct Evidence {
  std::string text;       // the sentence that supports the event
  std::size_t start = 0;  // byte offsets of that sentence in the title or body, [start, end)
  std::size_t end = 0;
  bool in_title = false;  // offsets refer to the title rather than the body
};

struct EventMention {
  Direction direction = Direction::kDprkAbroad;
  std::string country;  // ISO 3166-1 alpha-2; HK for Hong Kong
  std::string city;     // the city named in the text, else the registry's, else ""
  MissionKind mission_kind = MissionKind::kMission;
  Action action = Action::kClose;
  EventStatus status = EventStatus::kCompleted;
  std::string effective_date;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD" when the text dates it
  double confidence = 0;       // 0..1
  Evidence evidence;
};

struct Classification {
  bool relevant = false;
  double score = 0;    // the highest confidence of a current (non-historical) event, else 0
  std::string reason;  // why not relevant; empty when relevant
  std::vector<EventMention> events;  // one per (direction, country, action, historical or not)
};

class MissionClassifier {
 public:
  // Loads the compiled-in data files; fails only if they are broken (a build defect).
  static Result<MissionClassifier> create(ClassifierOptions options = {});

  Classification classify(const ArticleInput& article) const;

  const ClassifierOptions& options() const { return options_; }

 private:
  MissionClassifier(std::shared_ptr<const kb::KnowledgeBase> kb, ClassifierOptions options)
      : kb_(std::move(kb)), options_(options) {}

  std::shared_ptr<const kb::KnowledgeBase> kb_;
  ClassifierOptions options_;
};

}  // namespace mw
