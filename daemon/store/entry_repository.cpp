#include "daemon/store/entry_repository.h"

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

#define MW_ENTRY_SELECT                                                                      \
  "SELECT id, feed_id, entry_key, url, title, summary, published_at, first_seen_at, state, " \
  "state_reason FROM entries "

EntryState parse_state(const std::string& s) {
  if (s == "processed") return EntryState::kProcessed;
  if (s == "skipped") return EntryState::kSkipped;
  if (s == "failed") return EntryState::kFailed;
  return EntryState::kPending;  // the CHECK constraint allows nothing else
}

EntryRecord read_entry(const SQLite::Statement& s) {
  EntryRecord e;
  e.id = s.getColumn(0).getInt64();
  e.feed_id = s.getColumn(1).getInt64();
  e.entry_key = col_text(s, 2);
  e.url = col_opt_text(s, 3);
  e.title = col_text(s, 4);
  e.summary = col_text(s, 5);
  e.published_at = col_opt_time(s, 6);
  e.first_seen_at = col_time(s, 7);
  e.state = parse_state(col_text(s, 8));
  e.state_reason = col_opt_text(s, 9);
  return e;
}

}  // namespace

std::string_view to_string(EntryState state) {
  switch (state) {
    case EntryState::kPending: return "pending";
    case EntryState::kProcessed: return "processed";
    case EntryState::kSkipped: return "skipped";
    case EntryState::kFailed: return "failed";
  }
  return "pending";
}

Result<InsertedEntry> insert_entry_if_new(Store& store, const NewEntry& entry, TimePoint now) {
  if (entry.entry_key.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("store: entry of feed {} has an empty key", entry.feed_id));
  }
  return store.guard("insert entry", [&]() -> Result<InsertedEntry> {
    {
      // DO NOTHING + RETURNING yields a row only when the insert happened.
      auto q = store.prepare(
          "INSERT INTO entries (feed_id, entry_key, url, title, summary, published_at, "
          "first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (feed_id, entry_key) DO NOTHING RETURNING id");
      q->bind(1, entry.feed_id);
      q->bind(2, entry.entry_key);
      bind_opt(*q, 3, entry.url);
      q->bind(4, entry.title);
      q->bind(5, entry.summary);
      bind_opt_time(*q, 6, entry.published_at);
      bind_time(*q, 7, now);
      if (q->executeStep()) return InsertedEntry{q->getColumn(0).getInt64(), true};
    }
    auto q = store.prepare("SELECT id FROM entries WHERE feed_id = ? AND entry_key = ?");
    q->bind(1, entry.feed_id);
    q->bind(2, entry.entry_key);
    if (!q->executeStep()) {
      return fail(ErrorCode::kInternal,
                  fmt::format("{}: entry {} of feed {} was neither inserted nor found",
                              store.path(), entry.entry_key, entry.feed_id));
    }
    return InsertedEntry{q->getColumn(0).getInt64(), false};
  });
}

Result<std::optional<EntryRecord>> get_entry(Store& store, std::int64_t id) {
  return store.guard("get entry", [&]() -> Result<std::optional<EntryRecord>> {
    auto q = store.prepare(MW_ENTRY_SELECT "WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<EntryRecord>{};
    return std::optional<EntryRecord>{read_entry(*q)};
  });
}

Result<std::vector<EntryRecord>> pending_entries(Store& store, int limit,
                                                 const std::optional<PendingCursor>& after) {
  return store.guard("pending entries", [&]() -> Result<std::vector<EntryRecord>> {
    auto q = after ? store.prepare(MW_ENTRY_SELECT
                                   "WHERE state = 'pending' AND (first_seen_at, id) > (?, ?) "
                                   "ORDER BY first_seen_at, id LIMIT ?")
                   : store.prepare(MW_ENTRY_SELECT
                                   "WHERE state = 'pending' ORDER BY first_seen_at, id LIMIT ?");
    int i = 1;
    if (after) {
      bind_time(*q, i++, after->first_seen_at);
      q->bind(i++, after->id);
    }
    q->bind(i, limit);
    std::vector<EntryRecord> out;
    while (q->executeStep()) out.push_back(read_entry(*q));
    return out;
  });
}

Status set_entry_state(Store& store, std::int64_t id, EntryState state,
                       const std::optional<std::string>& reason) {
  return store.guard("set entry state", [&]() -> Status {
    auto q = store.prepare("UPDATE entries SET state = ?, state_reason = ? WHERE id = ?");
    q->bind(1, std::string(to_string(state)));
    bind_opt(*q, 2, reason);
    q->bind(3, id);
    if (q->exec() == 0) {
      return fail(ErrorCode::kNotFound,
                  fmt::format("{}: set entry state: no entry with id {}", store.path(), id));
    }
    return ok();
  });
}

}  // namespace mw::store

#undef MW_ENTRY_SELECT
