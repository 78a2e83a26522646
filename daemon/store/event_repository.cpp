#include "daemon/store/event_repository.h"

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

#define MW_EVENT_SELECT                                                                 \
  "SELECT id, direction, country, action, city, mission_kind, status, effective_date, " \
  "historical, confidence, first_seen_at, last_seen_at, updated_at FROM events "

EventRecord read_event(const SQLite::Statement& s) {
  EventRecord e;
  e.id = s.getColumn(0).getInt64();
  e.direction = col_text(s, 1);
  e.country = col_text(s, 2);
  e.action = col_text(s, 3);
  e.city = col_opt_text(s, 4);
  e.mission_kind = col_text(s, 5);
  e.status = col_text(s, 6);
  e.effective_date = col_opt_text(s, 7);
  e.historical = col_bool(s, 8);
  e.confidence = s.getColumn(9).getDouble();
  e.first_seen_at = col_time(s, 10);
  e.last_seen_at = col_time(s, 11);
  e.updated_at = col_time(s, 12);
  return e;
}

std::optional<std::string> opt_time_text(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return to_sql_time(*t);
}

}  // namespace

Result<std::int64_t> insert_event(Store& store, const EventRecord& e, TimePoint now) {
  return store.guard("insert event", [&]() -> Result<std::int64_t> {
    auto q = store.prepare(
        "INSERT INTO events (direction, country, action, city, mission_kind, status, "
        "effective_date, historical, confidence, first_seen_at, last_seen_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?10)");
    q->bind(1, e.direction);
    q->bind(2, e.country);
    q->bind(3, e.action);
    bind_opt(*q, 4, e.city);
    q->bind(5, e.mission_kind);
    q->bind(6, e.status);
    bind_opt(*q, 7, e.effective_date);
    bind_bool(*q, 8, e.historical);
    q->bind(9, e.confidence);
    bind_time(*q, 10, now);
    q->exec();
    return store.db().getLastInsertRowid();
  });
}

Status update_event(Store& store, const EventRecord& e, TimePoint now) {
  return store.guard("update event", [&]() -> Status {
    auto q = store.prepare(
        "UPDATE events SET city = ?, mission_kind = ?, status = ?, effective_date = ?, "
        "historical = ?, confidence = ?, last_seen_at = ?, updated_at = ? WHERE id = ?");
    bind_opt(*q, 1, e.city);
    q->bind(2, e.mission_kind);
    q->bind(3, e.status);
    bind_opt(*q, 4, e.effective_date);
    bind_bool(*q, 5, e.historical);
    q->bind(6, e.confidence);
    bind_time(*q, 7, e.last_seen_at);
    bind_time(*q, 8, now);
    q->bind(9, e.id);
    if (q->exec() == 0) {
      return fail(ErrorCode::kNotFound,
                  fmt::format("{}: update event: no event with id {}", store.path(), e.id));
    }
    return ok();
  });
}

Result<std::optional<EventRecord>> get_event(Store& store, std::int64_t id) {
  return store.guard("get event", [&]() -> Result<std::optional<EventRecord>> {
    auto q = store.prepare(MW_EVENT_SELECT "WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<EventRecord>{};
    return std::optional<EventRecord>{read_event(*q)};
  });
}

Result<std::optional<EventRecord>> find_open_event(Store& store, const std::string& direction,
                                                   const std::string& country,
                                                   const std::string& action, bool historical,
                                                   TimePoint window_start) {
  return store.guard("find open event", [&]() -> Result<std::optional<EventRecord>> {
    // Served by the index events_identity (direction, country, action, last_seen_at).
    auto q = store.prepare(MW_EVENT_SELECT
                           "WHERE direction = ? AND country = ? AND action = ? "
                           "AND last_seen_at >= ? AND historical = ? "
                           "ORDER BY last_seen_at DESC, id DESC LIMIT 1");
    q->bind(1, direction);
    q->bind(2, country);
    q->bind(3, action);
    bind_time(*q, 4, window_start);
    bind_bool(*q, 5, historical);
    if (!q->executeStep()) return std::optional<EventRecord>{};
    return std::optional<EventRecord>{read_event(*q)};
  });
}

Result<std::vector<EventRecord>> list_events(Store& store, const EventFilter& f) {
  return store.guard("list events", [&]() -> Result<std::vector<EventRecord>> {
    // Absent criteria are bound as NULL and switch their clause off.
    auto q = store.prepare(MW_EVENT_SELECT
                           "WHERE (?1 IS NULL OR last_seen_at >= ?1) "
                           "AND (?2 IS NULL OR country = ?2) AND (?3 IS NULL OR status = ?3) "
                           "AND (?4 IS NULL OR direction = ?4) "
                           "AND (?5 IS NULL OR historical = ?5) "
                           "ORDER BY last_seen_at DESC, id DESC LIMIT ?6");
    bind_opt(*q, 1, opt_time_text(f.seen_since));
    bind_opt(*q, 2, f.country);
    bind_opt(*q, 3, f.status);
    bind_opt(*q, 4, f.direction);
    if (f.historical) {
      bind_bool(*q, 5, *f.historical);
    } else {
      q->bind(5);
    }
    q->bind(6, f.limit);
    std::vector<EventRecord> out;
    while (q->executeStep()) out.push_back(read_event(*q));
    return out;
  });
}

Result<bool> add_event_source(Store& store, const EventSource& s, TimePoint now) {
  return store.guard("add event source", [&]() -> Result<bool> {
    auto q = store.prepare(
        "INSERT INTO event_sources (event_id, article_id, mention_id, independent, evidence, "
        "added_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, article_id) DO NOTHING");
    q->bind(1, s.event_id);
    q->bind(2, s.article_id);
    bind_opt(*q, 3, s.mention_id);
    bind_bool(*q, 4, s.independent);
    q->bind(5, s.evidence);
    bind_time(*q, 6, now);
    return q->exec() == 1;
  });
}

Result<std::vector<EventSourceView>> event_sources(Store& store, std::int64_t event_id) {
  return store.guard("event sources", [&]() -> Result<std::vector<EventSourceView>> {
    auto q = store.prepare(
        "SELECT s.event_id, s.article_id, s.mention_id, s.independent, s.evidence, s.added_at, "
        "coalesce(a.canonical_url, a.url), a.title, coalesce(a.source_name, a.site_name), "
        "a.published_at FROM event_sources s JOIN articles a ON a.id = s.article_id "
        "WHERE s.event_id = ? ORDER BY s.added_at, s.article_id");
    q->bind(1, event_id);
    std::vector<EventSourceView> out;
    while (q->executeStep()) {
      EventSourceView v;
      v.source.event_id = q->getColumn(0).getInt64();
      v.source.article_id = q->getColumn(1).getInt64();
      v.source.mention_id = col_opt_int64(*q, 2);
      v.source.independent = col_bool(*q, 3);
      v.source.evidence = col_text(*q, 4);
      v.source.added_at = col_time(*q, 5);
      v.url = col_opt_text(*q, 6);
      v.title = col_text(*q, 7);
      v.outlet = col_opt_text(*q, 8);
      v.published_at = col_opt_time(*q, 9);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<SourceCounts> count_event_sources(Store& store, std::int64_t event_id) {
  return store.guard("count event sources", [&]() -> Result<SourceCounts> {
    auto q = store.prepare(
        "SELECT count(*), coalesce(sum(independent), 0) FROM event_sources WHERE event_id = ?");
    q->bind(1, event_id);
    q->executeStep();
    return SourceCounts{q->getColumn(0).getInt(), q->getColumn(1).getInt()};
  });
}

Result<bool> event_has_story(Store& store, std::int64_t event_id, std::int64_t story_article_id) {
  return store.guard("look up a story among event sources", [&]() -> Result<bool> {
    auto q = store.prepare(
        "SELECT 1 FROM event_sources s JOIN articles a ON a.id = s.article_id "
        "WHERE s.event_id = ? AND (a.id = ? OR a.duplicate_of = ?) LIMIT 1");
    q->bind(1, event_id);
    q->bind(2, story_article_id);
    q->bind(3, story_article_id);
    return q->executeStep();
  });
}

}  // namespace mw::store

#undef MW_EVENT_SELECT
