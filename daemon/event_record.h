#pragma once
// The event record: the one JSON shape in which an event leaves missionwatch — `events list
// --json`, the `data` of every changefeed record (export), and the `event` of every alert
// payload. Its schema is docs/schemas/event.schema.json (version 1); keep the three in step.
//
//   {"id", "direction", "country", "city", "mission_kind", "action", "status",
//    "effective_date", "first_seen", "last_seen", "historical", "confidence",
//    "source_count", "independent_source_count",
//    "sources": [{"url", "title", "outlet", "published", "evidence", "independent"}]}
//
// Absent values are JSON null (city, effective_date, url, outlet, published), never omitted, so
// that loaders can map the record onto fixed columns.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/store.h"

namespace mw {

inline constexpr int kEventRecordVersion = 1;

// Pure: the record of an event with its sources (in the order they were added).
nlohmann::json event_record_json(const store::EventRecord& event,
                                 const std::vector<store::EventSourceView>& sources);

// Reads the event and its sources and builds the record. kNotFound when there is no such event.
Result<nlohmann::json> load_event_record(store::Store& store, std::int64_t event_id);

}  // namespace mw
