#include "daemon/store/changefeed_repository.h"

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

Result<std::string> database_instance_id(Store& store) {
  return store.guard("read instance id", [&]() -> Result<std::string> {
    auto q = store.prepare("SELECT value FROM meta WHERE key = 'instance_id'");
    if (!q->executeStep()) {
      return fail(ErrorCode::kNotFound,
                  store.path() +
                      ": the database has no instance id (row 'instance_id' of table meta was "
                      "deleted?); insert one, e.g. INSERT INTO meta VALUES ('instance_id', "
                      "lower(hex(randomblob(16)))), knowing that consumers will see a new source");
    }
    return col_text(*q, 0);
  });
}

Result<std::vector<ChangeRecord>> event_changes(Store& store, std::int64_t event_id, int limit) {
  return store.guard("event changes", [&]() -> Result<std::vector<ChangeRecord>> {
    auto q = store.prepare(
        "SELECT seq, event_id, type, time, data FROM changes WHERE event_id = ? ORDER BY seq "
        "LIMIT ?");
    q->bind(1, event_id);
    q->bind(2, limit);
    std::vector<ChangeRecord> out;
    while (q->executeStep()) {
      out.push_back(ChangeRecord{q->getColumn(0).getInt64(), col_opt_int64(*q, 1), col_text(*q, 2),
                                 col_time(*q, 3), col_text(*q, 4)});
    }
    return out;
  });
}

}  // namespace mw::store
