#pragma once
// Feed entries: the dedup point of polling ("have we seen this entry of this feed?") and the
// pipeline's durable work queue (an entry stays 'pending' until its article is processed, so a
// restart resumes where the last run stopped).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

enum class EntryState {
  kPending,    // seen, not processed yet
  kProcessed,  // its article went through the pipeline
  kSkipped,    // the pre-filter or a rule decided not to process it (reason says why)
  kFailed,     // processing failed for good (reason says why)
};
std::string_view to_string(EntryState state);

struct NewEntry {
  std::int64_t feed_id = 0;
  std::string entry_key;  // guid / id, else canonical link, else a content hash: unique per feed
  std::optional<std::string> url;
  std::string title;
  std::string summary;
  std::optional<TimePoint> published_at;
};

struct EntryRecord {
  std::int64_t id = 0;
  std::int64_t feed_id = 0;
  std::string entry_key;
  std::optional<std::string> url;
  std::string title;
  std::string summary;
  std::optional<TimePoint> published_at;
  TimePoint first_seen_at{};
  EntryState state = EntryState::kPending;
  std::optional<std::string> state_reason;
};

struct InsertedEntry {
  std::int64_t id = 0;
  bool is_new = false;  // false: (feed_id, entry_key) was already stored; nothing changed
};

// Inserts the entry unless the feed already has one with the same key; first_seen_at = now.
// An entry seen before is left as it was (first_seen_at, state and all).
Result<InsertedEntry> insert_entry_if_new(Store& store, const NewEntry& entry, TimePoint now);

Result<std::optional<EntryRecord>> get_entry(Store& store, std::int64_t id);

// A position in the pending queue (its order is first_seen_at, then id): the last entry read.
struct PendingCursor {
  TimePoint first_seen_at{};
  std::int64_t id = 0;
};

// Pending entries, oldest first: the pipeline's queue after a restart. With `after`, only those
// behind that entry, so a reader can page through the queue while the entries it already holds
// are still pending (the pipeline keeps a few batches in flight).
Result<std::vector<EntryRecord>> pending_entries(Store& store, int limit,
                                                 const std::optional<PendingCursor>& after = {});

// Moves an entry to its final state. kNotFound if the id does not exist.
Status set_entry_state(Store& store, std::int64_t id, EntryState state,
                       const std::optional<std::string>& reason);

}  // namespace mw::store
