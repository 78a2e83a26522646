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

}  // namespace mw::store
