#pragma once
// EntryProcessor: the feed side of the pipeline. It drains the durable queue of pending entries
// (written by the Poller) in bounded batches:
//
//   pending entry ─▶ pre-filter (title + summary; topical feeds skip it) ─▶ skipped
//                 └▶ article fetch (same HTTP client: politeness, limits, SSRF guard)
//                      ─▶ extract (Gumbo) ─▶ ArticlePipeline::process (one transaction)
//                    a page that cannot be fetched or has no main text: the entry's own text
//                    is classified instead, flagged from_feed_text
//
// The article fetch and extraction run ahead on a thread of their own (ArticlePrefetch, up to
// `prefetch_batches` batches ahead) while the calling thread, the only one using the store,
// applies the pre-filter, classifies, merges and stores, one transaction per article.
//
// Work is bounded: at most prefetch_batches + 1 batches of `batch_size` entries are in memory at
// once and a cycle reads at most `max_entries_per_cycle`, so a flood of new entries cannot
// starve polling. Entries stay 'pending' in the store until their transaction commits, so a
// crash or a stop loses nothing.
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "classifiers/prefilter.h"
#include "common/clock.h"
#include "common/result.h"
#include "daemon/article_pipeline.h"
#include "daemon/article_prefetch.h"
#include "daemon/store/entry_repository.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/store.h"
#include "feeds/article_extractor.h"
#include "feeds/http_client.h"

namespace mw {

struct EntryProcessorOptions {
  std::vector<std::string> prefilter_keywords;  // [classifier] keywords
  bool prefilter = true;                        // [classifier] prefilter
  int batch_size = 32;                          // entries fetched together
  int prefetch_batches = 2;                     // batches fetched ahead of the one being stored
  int max_entries_per_cycle = 2000;
  std::size_t max_article_bytes = 4u << 20;  // article pages are capped tighter than feeds
  ExtractOptions extract;
};

EntryProcessorOptions entry_processor_options(const Config& config);

struct EntryCycleSummary {
  int entries = 0;         // taken from the queue and handled (skipped or classified)
  int skipped = 0;         // pre-filter said no
  int fetched = 0;         // article pages fetched and extracted
  int from_feed_text = 0;  // classified on the feed's own text (no page, or page failed)
  int stored = 0;          // relevant: article stored
  int not_relevant = 0;
  int already_stored = 0;
  int events_created = 0;
  int events_updated = 0;
  int alerts = 0;
  int failed = 0;  // entries marked failed (their reason says why)
};

class EntryProcessor {
 public:
  EntryProcessor(store::Store& store, HttpClient& http, ArticlePipeline& pipeline,
                 EntryProcessorOptions options);

  // Processes pending entries until the queue is empty, max_entries_per_cycle is reached or
  // `stop` is requested (the batch in hand is finished first; the batches fetched ahead are
  // dropped and stay pending). A database error stops the cycle and is returned; the entries
  // not yet committed stay pending.
  Result<EntryCycleSummary> process_pending(const Clock& clock, std::stop_token stop = {});

 private:
  struct CycleState {
    std::optional<store::PendingCursor> cursor;  // the last entry read
    int read = 0;                                // entries read from the queue
    bool drained = false;                        // the queue had nothing more
    std::map<std::int64_t, store::FeedRecord> feeds;
  };
  Result<std::vector<PrefetchJob>> take_batch(int limit, CycleState& cycle,
                                              EntryCycleSummary& summary);
  Status store_entry(PrefetchedEntry& item, const Clock& clock, EntryCycleSummary& summary);

  store::Store& store_;
  HttpClient& http_;
  ArticlePipeline& pipeline_;
  EntryProcessorOptions options_;
  KeywordPrefilter prefilter_;
};

// One pipeline cycle as `poll --once` and the service run it: the pending entries of `store`
// through a pipeline configured from `config`.
Result<EntryCycleSummary> run_pipeline_cycle(store::Store& store, HttpClient& http,
                                             const Config& config,
                                             const MissionClassifier& classifier,
                                             const Clock& clock, std::stop_token stop = {});

// "12 entries: 3 skipped, 9 classified (7 fetched, 2 from feed text): 2 stored, ..."
std::string describe(const EntryCycleSummary& summary);

}  // namespace mw
