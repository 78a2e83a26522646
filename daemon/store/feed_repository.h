#pragma once
// Feeds and their polling state. The scheduler asks due_feeds(), the fetcher's outcome is
// written back with update_feed_state(); configuration and `feeds add` go through upsert_feed().
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

// What the configuration (or `feeds add`, or an OPML import) says about a feed.
struct FeedSpec {
  std::string url;
  std::string name;
  std::string origin = "config";  // 'config' | 'cli' | 'opml'
  std::vector<std::string> tags;
  std::int64_t interval_s = 900;  // seconds between polls when healthy
  bool fetch_articles = true;     // download the linked pages (else use the feed text)
  bool topical = false;           // skip the North Korea pre-filter
  bool enabled = true;
};

// What polling learns. Written as a whole by update_feed_state(): read the record, change what
// the poll changed, write it back (so "keep the old ETag on a 304" is the caller's decision).
struct FeedState {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<int> last_status;  // HTTP status of the last poll; 0 = no HTTP response
  std::optional<std::string> last_error;
  int failure_count = 0;  // consecutive failed polls
  TimePoint next_poll_at{};
  std::optional<TimePoint> last_polled_at;
  std::optional<TimePoint> last_success_at;
  bool gone = false;                        // the server said 410: never polled again
  std::optional<std::string> redirect_url;  // where permanent redirects pointed last time
  int redirect_count = 0;                   // consecutive polls permanently redirected there
};

struct FeedRecord {
  std::int64_t id = 0;
  FeedSpec spec;
  FeedState state;
  TimePoint created_at{};
  TimePoint updated_at{};
};

// Inserts the feed (due immediately: next_poll_at = now) or, when its URL exists, updates the
// spec fields only; HTTP state and schedule are kept, except that re-enabling a feed makes it
// due now. Returns the feed id.
Result<std::int64_t> upsert_feed(Store& store, const FeedSpec& spec, TimePoint now);

// Every feed, ordered by id.
Result<std::vector<FeedRecord>> list_feeds(Store& store);

Result<std::optional<FeedRecord>> get_feed(Store& store, std::int64_t id);
Result<std::optional<FeedRecord>> find_feed_by_url(Store& store, const std::string& url);

// Enabled feeds that are not gone and whose next_poll_at <= now, most overdue first.
Result<std::vector<FeedRecord>> due_feeds(Store& store, TimePoint now, int limit);

// Writes the whole polling state of a feed. kNotFound if the id does not exist.
Status update_feed_state(Store& store, std::int64_t id, const FeedState& state, TimePoint now);

// Follows a permanent redirect: the feed's URL becomes new_url, redirect tracking resets.
// kInvalidArgument if another feed already has that URL.
Status move_feed(Store& store, std::int64_t id, const std::string& new_url, TimePoint now);

Status set_feed_enabled(Store& store, std::int64_t id, bool enabled, TimePoint now);

// Disables (never deletes: their entries and articles stay) every feed of the given origin
// whose URL is not in keep_urls, e.g. feeds removed from the configuration. Returns how many.
Result<int> disable_feeds_not_in(Store& store, const std::string& origin,
                                 const std::vector<std::string>& keep_urls, TimePoint now);

// Deletes a feed and its entries; articles keep their text (entry_id becomes NULL).
Status delete_feed(Store& store, std::int64_t id);

}  // namespace mw::store
