#pragma once
// The changefeed: an append-only log of what happened to events, numbered by a monotonic
// sequence that is never reused (AUTOINCREMENT). `export --since SEQ` reads it in order, so a
// downstream loader resumes exactly after the last sequence it stored. Append the change in
// the same transaction as the event write it describes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

struct ChangeRecord {
  std::int64_t seq = 0;
  std::optional<std::int64_t> event_id;
  std::string type;  // 'created' | 'updated' | 'source_added' | 'status_changed'
  TimePoint time{};
  std::string data;  // JSON text (the event record at that change); "{}" if none
};

// Appends a change (time = now); `data` must be valid JSON text (empty means "{}"), else
// kDatabase from the CHECK constraint. Returns its sequence number, greater than every
// sequence ever returned by this database.
Result<std::int64_t> append_change(Store& store, std::optional<std::int64_t> event_id,
                                   const std::string& type, const std::string& data, TimePoint now);

// Changes with seq > after_seq, in sequence order, at most `limit`.
Result<std::vector<ChangeRecord>> changes_after(Store& store, std::int64_t after_seq, int limit);

// The changes of one event, oldest first, at most `limit` (`events show`).
Result<std::vector<ChangeRecord>> event_changes(Store& store, std::int64_t event_id, int limit);

// The highest sequence stored (0 for none).
Result<std::int64_t> last_change_seq(Store& store);

}  // namespace mw::store
