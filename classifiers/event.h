#pragma once
// The classifier's vocabulary: the fields of DESIGN.md's event model as enums, with their stable
// JSON names ("dprk_abroad", "close", "completed" ...). Shared by the classifier, the evaluator
// and the commands that print events.
#include <optional>
#include <string>
#include <string_view>

namespace mw {

enum class Direction { kDprkAbroad, kForeignInDprk };
enum class MissionKind { kEmbassy, kConsulate, kRepresentativeOffice, kMission };
enum class Action { kClose, kOpen, kReopen, kSuspend, kDowngrade, kRelocate };
enum class EventStatus { kPlanned, kReported, kAnnounced, kCompleted, kDenied, kHistorical };

std::string_view to_string(Direction d);
std::string_view to_string(MissionKind k);
std::string_view to_string(Action a);
std::string_view to_string(EventStatus s);

// Inverse of to_string; nullopt for an unknown name.
std::optional<Direction> parse_direction(std::string_view s);
std::optional<MissionKind> parse_mission_kind(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::optional<EventStatus> parse_status(std::string_view s);

// A calendar date with optional month and day (0 = unknown): "2023", "2023-11", "2023-11-02".
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;

  std::string to_string() const;  // "" when year is 0
};

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a longer ISO timestamp is cut after the date).
std::optional<PartialDate> parse_partial_date(std::string_view s);

}  // namespace mw
