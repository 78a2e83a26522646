#pragma once
// One poll cycle: every due feed is fetched (conditional GET, in one libcurl event loop under
// the client's politeness limits), parsed, its new entries stored, and its next poll scheduled
// by the poll policy. A failing feed only affects itself: its error, failure count and backoff
// are recorded and the cycle goes on.
//
//   Poller poller(store, *http, PollerOptions{...}, random01);
//   auto summary = poller.poll_due(clock.now());
//   for (auto& f : summary->feeds) if (f.outcome == FeedOutcome::kFailed) ...
//
// Each feed's results (new entries + feed state) are written in one transaction, so a crash
// mid-cycle leaves every feed either polled or not. New entries are stored 'pending': the
// pipeline takes them from there.
#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/store.h"
#include "feeds/feed.h"
#include "feeds/http_client.h"
#include "feeds/poll_policy.h"

namespace mw {

struct PollerOptions {
  PollPolicyOptions policy;
  int max_feeds_per_cycle = 100'000;              // due feeds taken per cycle, most overdue first
  std::size_t max_feed_bytes = 10 * 1024 * 1024;  // body cap per feed (decompressed)
};

enum class FeedOutcome {
  kUpdated,    // fetched and parsed (with or without new entries)
  kUnchanged,  // 304 Not Modified
  kFailed,     // transport error, HTTP error, or a body that is not a feed
  kGone,       // 410: the feed is marked gone and no longer polled
};
std::string_view to_string(FeedOutcome outcome);

struct FeedPollReport {
  std::int64_t feed_id = 0;
  std::string name;
  std::string url;
  FeedOutcome outcome = FeedOutcome::kFailed;
  int http_status = 0;
  int entries = 0;       // entries in the document
  int new_entries = 0;   // of which not seen before
  bool bozo = false;     // parsed, but the document was malformed (recovered)
  std::string error;     // why it failed (or the bozo message)
  std::string moved_to;  // the stored URL was updated to this (confirmed permanent redirect)
  std::string next;      // when and why it is polled next
};

struct PollCycleSummary {
  int due = 0;
  int updated = 0;
  int unchanged = 0;
  int failed = 0;
  int new_entries = 0;
  std::chrono::milliseconds duration{0};
  std::vector<FeedPollReport> feeds;
};

class Poller {
 public:
  // Called after each feed: (done, total, new entries so far, failures so far).
  using Progress = std::function<void(int, int, int, int)>;

  // `random01` draws the jitter of each feed's next poll time (uniform in [0,1)).
  Poller(store::Store& store, HttpClient& http, PollerOptions options,
         std::function<double()> random01);

  // Polls every feed due at `now` (next_poll_at <= now, enabled, not gone).
  Result<PollCycleSummary> poll_due(const Clock& clock, const Progress& progress = {},
                                    std::stop_token stop = {});

  // Polls the given feeds whatever their schedule.
  Result<PollCycleSummary> poll(std::vector<store::FeedRecord> feeds, const Clock& clock,
                                const Progress& progress = {}, std::stop_token stop = {});

 private:
  FeedPollReport handle(const store::FeedRecord& feed, HttpResponse&& response, TimePoint now);

  store::Store& store_;
  HttpClient& http_;
  PollerOptions options_;
  std::function<double()> random01_;
};

// Publication rate seen in the document (entries dated within the last week), for the adaptive
// interval; nullopt when too few entries carry dates.
std::optional<double> entries_per_day(const Feed& feed, TimePoint now);

// The RSS <ttl> of the document in seconds, when present and sane.
std::optional<Seconds> feed_ttl(const Feed& feed);

}  // namespace mw
