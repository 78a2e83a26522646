#include "daemon/store/feed_repository.h"

#include <functional>

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

// Column list shared by every SELECT (string-literal concatenation keeps each statement one
// constant, so the store's statement cache sees one SQL text per query).
#define MW_FEED_SELECT                                                                       \
  "SELECT id, url, name, origin, tags, interval_s, fetch_articles, topical, enabled, etag, " \
  "last_modified, last_status, last_error, failure_count, next_poll_at, last_polled_at, "    \
  "last_success_at, gone, redirect_url, redirect_count, created_at, updated_at FROM feeds "

FeedRecord read_feed(const SQLite::Statement& s) {
  FeedRecord f;
  f.id = s.getColumn(0).getInt64();
  f.spec.url = col_text(s, 1);
  f.spec.name = col_text(s, 2);
  f.spec.origin = col_text(s, 3);
  f.spec.tags = from_json_array(col_text(s, 4));
  f.spec.interval_s = s.getColumn(5).getInt64();
  f.spec.fetch_articles = col_bool(s, 6);
  f.spec.topical = col_bool(s, 7);
  f.spec.enabled = col_bool(s, 8);
  f.state.etag = col_opt_text(s, 9);
  f.state.last_modified = col_opt_text(s, 10);
  f.state.last_status = col_opt_int(s, 11);
  f.state.last_error = col_opt_text(s, 12);
  f.state.failure_count = s.getColumn(13).getInt();
  f.state.next_poll_at = col_time(s, 14);
  f.state.last_polled_at = col_opt_time(s, 15);
  f.state.last_success_at = col_opt_time(s, 16);
  f.state.gone = col_bool(s, 17);
  f.state.redirect_url = col_opt_text(s, 18);
  f.state.redirect_count = s.getColumn(19).getInt();
  f.created_at = col_time(s, 20);
  f.updated_at = col_time(s, 21);
  return f;
}

Result<std::optional<FeedRecord>> select_one(Store& store, const char* sql,
                                             const std::function<void(SQLite::Statement&)>& bind) {
  auto q = store.prepare(sql);
  bind(*q);
  if (!q->executeStep()) return std::optional<FeedRecord>{};
  return std::optional<FeedRecord>{read_feed(*q)};
}

Status expect_one_row(Store& store, const char* what, std::int64_t id) {
  if (store.db().getChanges() == 0) {
    return fail(ErrorCode::kNotFound,
                fmt::format("{}: {}: no feed with id {}", store.path(), what, id));
  }
  return ok();
}

}  // namespace

Result<std::int64_t> upsert_feed(Store& store, const FeedSpec& spec, TimePoint now) {
  if (spec.url.empty()) {
    return fail(ErrorCode::kInvalidArgument, "store: upsert_feed: the feed URL is empty");
  }
  return store.guard("upsert feed " + spec.url, [&]() -> Result<std::int64_t> {
    // Re-enabling a disabled feed makes it due now; otherwise the schedule is kept.
    auto q = store.prepare(
        "INSERT INTO feeds (url, name, origin, tags, interval_s, fetch_articles, topical, "
        "enabled, next_poll_at, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?9) "
        "ON CONFLICT (url) DO UPDATE SET name = excluded.name, origin = excluded.origin, "
        "tags = excluded.tags, interval_s = excluded.interval_s, "
        "fetch_articles = excluded.fetch_articles, topical = excluded.topical, "
        "next_poll_at = CASE WHEN excluded.enabled = 1 AND feeds.enabled = 0 "
        "                    THEN excluded.next_poll_at ELSE feeds.next_poll_at END, "
        "enabled = excluded.enabled, updated_at = excluded.updated_at "
        "RETURNING id");
    q->bind(1, spec.url);
    q->bind(2, spec.name);
    q->bind(3, spec.origin);
    q->bind(4, to_json_array(spec.tags));
    q->bind(5, spec.interval_s);
    bind_bool(*q, 6, spec.fetch_articles);
    bind_bool(*q, 7, spec.topical);
    bind_bool(*q, 8, spec.enabled);
    bind_time(*q, 9, now);
    if (!q->executeStep()) {
      return fail(ErrorCode::kInternal, "store: upsert_feed returned no id for " + spec.url);
    }
    return q->getColumn(0).getInt64();
  });
}

Result<std::vector<FeedRecord>> list_feeds(Store& store) {
  return store.guard("list feeds", [&]() -> Result<std::vector<FeedRecord>> {
    auto q = store.prepare(MW_FEED_SELECT "ORDER BY id");
    std::vector<FeedRecord> out;
    while (q->executeStep()) out.push_back(read_feed(*q));
    return out;
  });
}

Result<std::optional<FeedRecord>> get_feed(Store& store, std::int64_t id) {
  return store.guard("get feed", [&] {
    return select_one(store, MW_FEED_SELECT "WHERE id = ?",
                      [&](SQLite::Statement& s) { s.bind(1, id); });
  });
}

Result<std::optional<FeedRecord>> find_feed_by_url(Store& store, const std::string& url) {
  return store.guard("find feed", [&] {
    return select_one(store, MW_FEED_SELECT "WHERE url = ?",
                      [&](SQLite::Statement& s) { s.bind(1, url); });
  });
}

Result<std::vector<FeedRecord>> due_feeds(Store& store, TimePoint now, int limit) {
  return store.guard("due feeds", [&]() -> Result<std::vector<FeedRecord>> {
    // Matches the partial index feeds_due.
    auto q = store.prepare(MW_FEED_SELECT
                           "WHERE enabled = 1 AND gone = 0 AND next_poll_at <= ? "
                           "ORDER BY next_poll_at, id LIMIT ?");
    bind_time(*q, 1, now);
    q->bind(2, limit);
    std::vector<FeedRecord> out;
    while (q->executeStep()) out.push_back(read_feed(*q));
    return out;
  });
}

Status update_feed_state(Store& store, std::int64_t id, const FeedState& st, TimePoint now) {
  return store.guard("update feed state", [&]() -> Status {
    auto q = store.prepare(
        "UPDATE feeds SET etag = ?, last_modified = ?, last_status = ?, last_error = ?, "
        "failure_count = ?, next_poll_at = ?, last_polled_at = ?, last_success_at = ?, "
        "gone = ?, redirect_url = ?, redirect_count = ?, updated_at = ? WHERE id = ?");
    bind_opt(*q, 1, st.etag);
    bind_opt(*q, 2, st.last_modified);
    bind_opt(*q, 3, st.last_status);
    bind_opt(*q, 4, st.last_error);
    q->bind(5, st.failure_count);
    bind_time(*q, 6, st.next_poll_at);
    bind_opt_time(*q, 7, st.last_polled_at);
    bind_opt_time(*q, 8, st.last_success_at);
    bind_bool(*q, 9, st.gone);
    bind_opt(*q, 10, st.redirect_url);
    q->bind(11, st.redirect_count);
    bind_time(*q, 12, now);
    q->bind(13, id);
    q->exec();
    return expect_one_row(store, "update feed state", id);
  });
}

Status move_feed(Store& store, std::int64_t id, const std::string& new_url, TimePoint now) {
  auto st = store.guard("move feed", [&]() -> Status {
    auto q = store.prepare(
        "UPDATE feeds SET url = ?, redirect_url = NULL, redirect_count = 0, updated_at = ? "
        "WHERE id = ?");
    q->bind(1, new_url);
    bind_time(*q, 2, now);
    q->bind(3, id);
    q->exec();
    return expect_one_row(store, "move feed", id);
  });
  if (!st && st.error().message.find("UNIQUE") != std::string::npos) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: cannot move feed {} to {}: another feed already has that URL",
                            store.path(), id, new_url));
  }
  return st;
}

Status set_feed_enabled(Store& store, std::int64_t id, bool enabled, TimePoint now) {
  return store.guard("enable feed", [&]() -> Status {
    auto q = store.prepare("UPDATE feeds SET enabled = ?, updated_at = ? WHERE id = ?");
    bind_bool(*q, 1, enabled);
    bind_time(*q, 2, now);
    q->bind(3, id);
    q->exec();
    return expect_one_row(store, "enable feed", id);
  });
}

Result<int> disable_feeds_not_in(Store& store, const std::string& origin,
                                 const std::vector<std::string>& keep_urls, TimePoint now) {
  return store.guard("disable removed feeds", [&]() -> Result<int> {
    // The list travels as one bound JSON array, expanded by json_each: no SQL is built from it.
    auto q = store.prepare(
        "UPDATE feeds SET enabled = 0, updated_at = ? WHERE origin = ? AND enabled = 1 "
        "AND url NOT IN (SELECT value FROM json_each(?))");
    bind_time(*q, 1, now);
    q->bind(2, origin);
    q->bind(3, to_json_array(keep_urls));
    return q->exec();
  });
}

Status delete_feed(Store& store, std::int64_t id) {
  return store.guard("delete feed", [&]() -> Status {
    auto q = store.prepare("DELETE FROM feeds WHERE id = ?");
    q->bind(1, id);
    q->exec();
    return expect_one_row(store, "delete feed", id);
  });
}

}  // namespace mw::store

#undef MW_FEED_SELECT
