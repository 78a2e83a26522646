#pragma once
// The database's instance id: the CloudEvents `source` of its changes (the changes themselves
// are read through change_repository.h).
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

}  // namespace mw::store
