#pragma once
// ArticlePrefetch: the pipeline's article fetch and extraction on a thread of their own, so that
// the network and Gumbo work on the next batches while the calling thread classifies, merges and
// stores the current one.
//
//   calling thread (owns the store)             prefetch thread (uses only the HTTP client)
//   submit(batch N+1) ───────────────────────▶  fetch_all (same client: politeness, SSRF guard)
//   next() ◀─── batch N, in submission order ── extract_article per page
//   classify, merge, store (one transaction per article)
//
//   ArticlePrefetch prefetch(http, {.max_article_bytes = ...}, stop);
//   while (prefetch.has_room() && more_entries) prefetch.submit(read_and_prefilter());
//   while (auto batch = prefetch.next()) for (auto& item : *batch) store(item);
//
// Bounded: at most `capacity` batches are submitted and not yet taken back by next() (being
// fetched, or ready and waiting), so with the batch in hand at most capacity + 1 batches are in
// memory. Stop: when `stop` (or the destructor) asks for it, running transfers are cancelled,
// next() returns nullopt at once and the thread ends; batches not yet taken back are dropped,
// their entries untouched (they stay pending in the store). The thread never touches the store
// and logs only inside a ScopedLogContext naming the entry's feed and URL.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "daemon/store/entry_repository.h"
#include "feeds/article_extractor.h"
#include "feeds/http_client.h"

namespace mw {

struct ArticlePrefetchOptions {
  std::size_t max_article_bytes = 4u << 20;
  ExtractOptions extract{};
  std::size_t capacity = 2;  // batches submitted and not yet taken back (0 counts as 1)
};

// One entry to prepare: fetch and extract its page, or (fetch_page = false) just pass it on.
struct PrefetchJob {
  store::EntryRecord entry{};
  std::string outlet{};  // the feed's name, for the document and the log context
  bool fetch_page = true;
};

// A job's result, in the order the jobs were submitted.
struct PrefetchedEntry {
  store::EntryRecord entry{};
  std::string outlet{};
  std::optional<Article> page{};  // the extracted page, when it was fetched and has main text
  std::string page_url{};         // where the page was finally fetched from (after redirects)
  std::string page_problem{};     // why there is no page though one was fetched; else empty
  bool cancelled = false;         // a stop cut the fetch short: leave the entry pending
};

class ArticlePrefetch {
 public:
  ArticlePrefetch(HttpClient& http, ArticlePrefetchOptions options, std::stop_token stop = {});
  ~ArticlePrefetch();  // stops and joins the thread: prompt, transfers in flight are cancelled
  ArticlePrefetch(const ArticlePrefetch&) = delete;
  ArticlePrefetch& operator=(const ArticlePrefetch&) = delete;

  // True when another batch may be submitted.
  bool has_room() const;

  // Queues a batch for the prefetch thread. Requires has_room(); an empty batch is ignored.
  void submit(std::vector<PrefetchJob> batch);

  // The oldest submitted batch once it is ready, one result per job in the same order; nullopt
  // when nothing is submitted or a stop was requested.
  std::optional<std::vector<PrefetchedEntry>> next();

 private:
  void run(std::stop_token stop);
  std::vector<PrefetchedEntry> prepare(std::vector<PrefetchJob>&& jobs, std::stop_token stop);

  HttpClient& http_;
  const ArticlePrefetchOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<std::vector<PrefetchJob>> to_fetch_;   // submitted, not started
  std::deque<std::vector<PrefetchedEntry>> ready_;  // done, not taken back
  std::size_t outstanding_ = 0;                     // submitted, not taken back

  std::jthread thread_;  // after the state it uses: started last
  std::optional<std::stop_callback<std::function<void()>>> forward_stop_;  // caller's stop
};

}  // namespace mw
