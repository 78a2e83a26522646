#include "daemon/event_merger.h"

#include <algorithm>
#include <array>

namespace mw {

int status_rank(const std::string& status) {
  static constexpr std::array<std::string_view, 4> kOrder = {"planned", "reported", "announced",
                                                             "completed"};
  auto it = std::find(kOrder.begin(), kOrder.end(), status);
  return it == kOrder.end() ? -1 : static_cast<int>(it - kOrder.begin());
}

namespace {

bool advances(const std::string& current, const std::string& next) {
  if (next == current) return false;
  if (next == "denied") return current != "completed";
  if (current == "denied") return status_rank(next) >= 0;
  return status_rank(next) > status_rank(current);
}

// "2023-11-02" refines "2023-11" and "2023"; a date that disagrees is not taken.
bool refines_date(const std::optional<std::string>& current,
                  const std::optional<std::string>& next) {
  if (!next || next->empty()) return false;
  if (!current || current->empty()) return true;
  return next->size() > current->size() && next->compare(0, current->size(), *current) == 0;
}

}  // namespace

MergeOutcome merge_mention(const std::optional<store::EventRecord>& open_event,
                           const MentionFacts& m, TimePoint now) {
  MergeOutcome out;
  if (!open_event) {
    store::EventRecord& e = out.event;
    e.direction = m.direction;
    e.country = m.country;
    e.action = m.action;
    e.city = m.city;
    e.mission_kind = m.mission_kind;
    e.status = m.historical ? "historical" : m.status;
    e.effective_date = m.effective_date;
    e.historical = m.historical;
    e.confidence = m.confidence;
    e.first_seen_at = e.last_seen_at = e.updated_at = now;
    out.created = true;
    return out;
  }

  store::EventRecord e = *open_event;
  e.last_seen_at = now;
  if (!e.historical && advances(e.status, m.status)) {
    out.previous_status = e.status;
    e.status = m.status;
  }
  if ((!e.city || e.city->empty()) && m.city && !m.city->empty()) {
    e.city = m.city;
    out.refined = true;
  }
  if (e.mission_kind == "mission" && m.mission_kind != "mission" && !m.mission_kind.empty()) {
    e.mission_kind = m.mission_kind;
    out.refined = true;
  }
  if (refines_date(e.effective_date, m.effective_date)) {
    e.effective_date = m.effective_date;
    out.refined = true;
  }
  if (m.confidence > e.confidence) {
    e.confidence = m.confidence;
    out.refined = true;
  }
  out.event = std::move(e);
  return out;
}

}  // namespace mw
