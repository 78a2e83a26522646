#include "daemon/event_record.h"

#include <string>

#include "daemon/store/sql_time.h"

namespace mw {

namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json time_or_null(const std::optional<TimePoint>& t) {
  return t ? nlohmann::json(store::to_sql_time(*t)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json event_record_json(const store::EventRecord& event,
                                 const std::vector<store::EventSourceView>& sources) {
  nlohmann::json list = nlohmann::json::array();
  int independent = 0;
  for (const auto& s : sources) {
    if (s.source.independent) ++independent;
    list.push_back({{"url", or_null(s.url)},
                    {"title", s.title},
                    {"outlet", or_null(s.outlet)},
                    {"published", time_or_null(s.published_at)},
                    {"evidence", s.source.evidence},
                    {"independent", s.source.independent}});
  }
  return {{"id", event.id},
          {"direction", event.direction},
          {"country", event.country},
          {"city", or_null(event.city)},
          {"mission_kind", event.mission_kind},
          {"action", event.action},
          {"status", event.status},
          {"effective_date", or_null(event.effective_date)},
          {"first_seen", store::to_sql_time(event.first_seen_at)},
          {"last_seen", store::to_sql_time(event.last_seen_at)},
          {"historical", event.historical},
          {"confidence", event.confidence},
          {"source_count", static_cast<int>(sources.size())},
          {"independent_source_count", independent},
          {"sources", std::move(list)}};
}

Result<nlohmann::json> load_event_record(store::Store& store, std::int64_t event_id) {
  auto event = store::get_event(store, event_id);
  if (!event) return tl::unexpected(event.error());
  if (!*event) {
    return fail(ErrorCode::kNotFound, "event " + std::to_string(event_id) + ": no such event in " +
                                          store.path() +
                                          " (list them with `missionwatch events list`)");
  }
  auto sources = store::event_sources(store, event_id);
  if (!sources) return tl::unexpected(sources.error());
  return event_record_json(**event, *sources);
}

}  // namespace mw
