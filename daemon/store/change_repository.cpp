#include "daemon/store/change_repository.h"

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

#define MW_CHANGE_SELECT "SELECT seq, event_id, type, time, data FROM changes "

std::vector<ChangeRecord> read_changes(SQLite::Statement& q) {
  std::vector<ChangeRecord> out;
  while (q.executeStep()) {
    out.push_back(ChangeRecord{q.getColumn(0).getInt64(), col_opt_int64(q, 1), col_text(q, 2),
                               col_time(q, 3), col_text(q, 4)});
  }
  return out;
}

}  // namespace

Result<std::int64_t> append_change(Store& store, std::optional<std::int64_t> event_id,
                                   const std::string& type, const std::string& data,
                                   TimePoint now) {
  return store.guard("append change", [&]() -> Result<std::int64_t> {
    auto q = store.prepare("INSERT INTO changes (event_id, type, time, data) VALUES (?, ?, ?, ?)");
    bind_opt(*q, 1, event_id);
    q->bind(2, type);
    bind_time(*q, 3, now);
    q->bind(4, data.empty() ? std::string("{}") : data);
    q->exec();
    return store.db().getLastInsertRowid();
  });
}

Result<std::vector<ChangeRecord>> changes_after(Store& store, std::int64_t after_seq, int limit) {
  return store.guard("changes after", [&]() -> Result<std::vector<ChangeRecord>> {
    auto q = store.prepare(MW_CHANGE_SELECT "WHERE seq > ? ORDER BY seq LIMIT ?");
    q->bind(1, after_seq);
    q->bind(2, limit);
    return read_changes(*q);
  });
}

Result<std::vector<ChangeRecord>> event_changes(Store& store, std::int64_t event_id, int limit) {
  return store.guard("event changes", [&]() -> Result<std::vector<ChangeRecord>> {
    auto q = store.prepare(MW_CHANGE_SELECT "WHERE event_id = ? ORDER BY seq LIMIT ?");
    q->bind(1, event_id);
    q->bind(2, limit);
    return read_changes(*q);
  });
}

Result<std::int64_t> last_change_seq(Store& store) {
  return store.guard("last change", [&]() -> Result<std::int64_t> {
    // sqlite_sequence holds the AUTOINCREMENT high-water mark, which survives deletes; max(seq)
    // covers a database where the row is missing.
    auto q = store.prepare(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0), "
        "coalesce((SELECT max(seq) FROM changes), 0))");
    q->executeStep();
    return q->getColumn(0).getInt64();
  });
}

}  // namespace mw::store

#undef MW_CHANGE_SELECT
