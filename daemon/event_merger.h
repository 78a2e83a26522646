#pragma once
// EventMerger: how one event mention changes the canonical event it belongs to. Pure: the shell
// (daemon/article_pipeline.cpp) looks the event up in the store, asks merge_mention() what the
// new state is, and writes it together with its changes and alerts.
//
// Identity (DESIGN.md): (direction, country, action, historical or not) within a window of
// `merge_window_days` of the event's last sighting. Within one identity:
//  - status only moves forward: planned < reported < announced < completed; `denied` replaces
//    any status but `completed` (a done closure is not undone by a denial), and a later report
//    of planned/reported/announced/completed overrides an earlier denial;
//  - city, mission kind and effective date are refined, never erased: a missing city is filled
//    in, `mission` (kind not stated) becomes the stated kind, a date becomes more precise when
//    the new one agrees with it ("2023-11" -> "2023-11-02");
//  - confidence is the highest seen.
#include <optional>
#include <string>

#include "common/clock.h"
#include "daemon/store/event_repository.h"

namespace mw {

// The event-model fields of one mention, in the store's spelling.
struct MentionFacts {
  std::string direction;
  std::string country;
  std::string action;
  std::optional<std::string> city;
  std::string mission_kind = "mission";
  std::string status;
  std::optional<std::string> effective_date;
  bool historical = false;
  double confidence = 0;
};

struct MergeOutcome {
  store::EventRecord event;                    // the event after the mention
  bool created = false;                        // no open event: this mention starts one
  bool refined = false;                        // city, kind, date or confidence changed
  std::optional<std::string> previous_status;  // set when the status changed (never historical)
};

// Status order for "only forward"; -1 for denied/historical/unknown.
int status_rank(const std::string& status);

MergeOutcome merge_mention(const std::optional<store::EventRecord>& open_event,
                           const MentionFacts& mention, TimePoint now);

}  // namespace mw
