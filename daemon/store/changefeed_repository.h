#pragma once
// Reads that the changefeed and `events show` need beyond change_repository.h: the database's
// instance id (the CloudEvents `source` of its changes) and the change history of one event.
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/store.h"

namespace mw::store {

// The random UUID (version 4, lower-case text) minted once by migration 5 when the database was
// created or upgraded, and kept in `meta` under the key 'instance_id'. It names the database in
// the changefeed, so it survives restarts and moves of the file; a copy of the file (a backup)
// keeps it. kNotFound when the row is missing (deleted by hand).
Result<std::string> database_instance_id(Store& store);

// The changes of one event, oldest first, at most `limit`.
Result<std::vector<ChangeRecord>> event_changes(Store& store, std::int64_t event_id, int limit);

}  // namespace mw::store
