#pragma once
// Canonical events and their sources (the articles behind them). The merger asks
// find_open_event() for the event a new mention belongs to, then inserts or updates it and
// adds the article as a source; `events list/show` and export read them back.
//
// Vocabularies (direction, action, status, mission_kind) are the event model's (DESIGN.md);
// the store keeps them as text and CHECKs only direction.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

struct EventRecord {
  std::int64_t id = 0;    // set by the store on insert
  std::string direction;  // 'dprk_abroad' | 'foreign_in_dprk'
  std::string country;    // ISO 3166-1 alpha-2
  std::string action;     // close | open | reopen | suspend | downgrade | relocate
  std::optional<std::string> city;
  std::string mission_kind = "mission";
  std::string status;  // planned | reported | announced | completed | denied | historical
  std::optional<std::string> effective_date;  // YYYY[-MM[-DD]]
  bool historical = false;
  double confidence = 0;
  TimePoint first_seen_at{};
  TimePoint last_seen_at{};
  TimePoint updated_at{};  // set by the store
};

// Inserts a new event; first_seen_at = last_seen_at = updated_at = now (the record's times are
// ignored). Returns its id.
Result<std::int64_t> insert_event(Store& store, const EventRecord& event, TimePoint now);

// Writes the mutable fields (city, mission_kind, status, effective_date, historical,
// confidence, last_seen_at from the record; updated_at = now). Identity fields and
// first_seen_at never change. kNotFound if the id does not exist.
Status update_event(Store& store, const EventRecord& event, TimePoint now);

Result<std::optional<EventRecord>> get_event(Store& store, std::int64_t id);

// The event a mention with this identity merges into: same (direction, country, action) and
// historical flag, last seen at or after window_start; the most recently seen if several.
Result<std::optional<EventRecord>> find_open_event(Store& store, const std::string& direction,
                                                   const std::string& country,
                                                   const std::string& action, bool historical,
                                                   TimePoint window_start);

struct EventFilter {
  std::optional<TimePoint> seen_since{};  // last_seen_at >= this
  std::optional<std::string> country{};
  std::optional<std::string> status{};
  std::optional<std::string> direction{};
  std::optional<bool> historical{};
  int limit = 1000;
};

// Events matching every given criterion, most recently seen first.
Result<std::vector<EventRecord>> list_events(Store& store, const EventFilter& filter);

struct EventSource {
  std::int64_t event_id = 0;
  std::int64_t article_id = 0;
  std::optional<std::int64_t> mention_id;
  bool independent = true;  // false: a copy (syndicated / spun) of a story already counted
  std::string evidence;
  TimePoint added_at{};  // set by the store
};

// Adds the article as a source of the event; added_at = now. Returns false (and changes
// nothing) when that article is already a source of that event.
Result<bool> add_event_source(Store& store, const EventSource& source, TimePoint now);

// A source with what people see of its article (the `sources` of the event JSON record).
struct EventSourceView {
  EventSource source;
  std::optional<std::string> url;  // canonical URL if known, else the fetched URL
  std::string title;
  std::optional<std::string> outlet;
  std::optional<TimePoint> published_at;
};

// The sources of an event, in the order they were added.
Result<std::vector<EventSourceView>> event_sources(Store& store, std::int64_t event_id);

// True when the story whose first article is `story_article_id` (that article, or any article
// whose duplicate_of is it) is already a source of the event: a copy of it is then a source but
// not an independent one.
Result<bool> event_has_story(Store& store, std::int64_t event_id, std::int64_t story_article_id);

struct SourceCounts {
  int sources = 0;
  int independent = 0;
};
Result<SourceCounts> count_event_sources(Store& store, std::int64_t event_id);

}  // namespace mw::store
