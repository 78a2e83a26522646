#include "daemon/entry_processor.h"

#include <chrono>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "classifiers/prefilter.h"
#include "daemon/article_prefetch.h"
#include "daemon/logging.h"
#include "daemon/store/entry_repository.h"
#include "daemon/store/feed_repository.h"

namespace mw {

EntryProcessorOptions entry_processor_options(const Config& config) {
  EntryProcessorOptions o;
  o.prefilter_keywords = config.classifier.keywords;
  o.prefilter = config.classifier.prefilter;
  o.max_article_bytes = std::min<std::size_t>(o.max_article_bytes,
                                              static_cast<std::size_t>(config.http.max_body_bytes));
  return o;
}

namespace {

std::optional<PartialDate> date_of(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(*t)};
  return PartialDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                     static_cast<int>(unsigned(ymd.day()))};
}

Document feed_text_document(const store::EntryRecord& entry, const std::string& outlet) {
  Document doc;
  doc.entry_id = entry.id;
  doc.url = entry.url;
  doc.title = entry.title;
  doc.text = entry.summary;
  doc.published = date_of(entry.published_at);
  doc.source_name = outlet;
  doc.from_feed_text = true;
  return doc;
}

// The document of a fetched and extracted page.
Document page_document(PrefetchedEntry& item) {
  const store::EntryRecord& entry = item.entry;
  Article& article = *item.page;
  Document doc;
  doc.entry_id = entry.id;
  doc.url = item.page_url;
  if (!article.canonical_url.empty()) doc.canonical_url = article.canonical_url;
  doc.title = article.title.empty() ? entry.title : article.title;
  doc.text = std::move(article.text);
  doc.published = parse_partial_date(article.published.iso);
  if (!doc.published) doc.published = date_of(entry.published_at);
  doc.language = article.language;
  doc.site_name = article.site_name;
  doc.authors = article.authors;
  doc.source_name = item.outlet.empty() ? article.site_name : item.outlet;
  return doc;
}

}  // namespace

EntryProcessor::EntryProcessor(store::Store& store, HttpClient& http, ArticlePipeline& pipeline,
                               EntryProcessorOptions options)
    : store_(store),
      http_(http),
      pipeline_(pipeline),
      options_(std::move(options)),
      prefilter_(options_.prefilter_keywords) {}

// Reads the next pending entries (after `cursor`), applies the pre-filter (storing the skipped
// ones) and returns the jobs for the others: fetch the page, or classify the feed's text.
Result<std::vector<PrefetchJob>> EntryProcessor::take_batch(int limit, CycleState& cycle,
                                                            EntryCycleSummary& summary) {
  auto batch = store::pending_entries(store_, limit, cycle.cursor);
  if (!batch) return tl::unexpected(batch.error());
  if (batch->empty()) cycle.drained = true;
  std::vector<PrefetchJob> jobs;
  for (auto& entry : *batch) {
    ++cycle.read;
    cycle.cursor = store::PendingCursor{.first_seen_at = entry.first_seen_at, .id = entry.id};
    auto& feeds = cycle.feeds;
    if (!feeds.contains(entry.feed_id)) {
      auto feed = store::get_feed(store_, entry.feed_id);
      if (!feed) return tl::unexpected(feed.error());
      if (*feed) feeds.emplace(entry.feed_id, **feed);
    }
    auto feed_it = feeds.find(entry.feed_id);
    const bool topical = feed_it != feeds.end() && feed_it->second.spec.topical;
    if (options_.prefilter && !topical && !prefilter_.admits(entry.title + "\n" + entry.summary)) {
      auto st = store::set_entry_state(store_, entry.id, store::EntryState::kSkipped,
                                       "pre-filter: no keyword in title or summary");
      if (!st) return tl::unexpected(st.error());
      ++summary.entries;
      ++summary.skipped;
      continue;
    }
    const bool fetch = feed_it == feeds.end() || feed_it->second.spec.fetch_articles;
    jobs.push_back(PrefetchJob{.entry = std::move(entry),
                               .outlet = feed_it == feeds.end() ? "" : feed_it->second.spec.name,
                               .fetch_page = fetch});
  }
  return jobs;
}

// Classifies, merges and stores one entry (one transaction). Only a database error is returned.
Status EntryProcessor::store_entry(PrefetchedEntry& item, const Clock& clock,
                                   EntryCycleSummary& summary) {
  const store::EntryRecord& entry = item.entry;
  const std::string& outlet = item.outlet;
  ScopedLogContext log_context({.feed = outlet, .url = entry.url.value_or("")});
  ++summary.entries;
  Document doc;
  if (item.page) {
    doc = page_document(item);
    ++summary.fetched;
  } else {
    if (!item.page_problem.empty()) {
      spdlog::warn("pipeline: feed \"{}\": article {}: {}; classifying the feed's text instead",
                   outlet, entry.url.value_or(""), item.page_problem);
    }
    doc = feed_text_document(entry, outlet);
    ++summary.from_feed_text;
  }
  auto result = pipeline_.process(doc, clock.now());
  if (!result) {
    if (result.error().code == ErrorCode::kDatabase) return tl::unexpected(result.error());
    spdlog::error("pipeline: entry {} ({}): {}", entry.id, entry.url.value_or("no URL"),
                  result.error().message);
    auto st = store::set_entry_state(store_, entry.id, store::EntryState::kFailed,
                                     result.error().message);
    if (!st) return tl::unexpected(st.error());
    ++summary.failed;
    return ok();
  }
  switch (result->outcome) {
    case DocumentOutcome::kStored: ++summary.stored; break;
    case DocumentOutcome::kNotRelevant: ++summary.not_relevant; break;
    case DocumentOutcome::kAlreadyStored: ++summary.already_stored; break;
  }
  summary.events_created += result->events_created;
  summary.events_updated += result->events_updated;
  summary.alerts += result->alerts;
  if (result->events_created > 0) {
    spdlog::info("pipeline: feed \"{}\": {}: {} new event(s), {} alert(s)", outlet,
                 doc.url.value_or(doc.title), result->events_created, result->alerts);
  }
  return ok();
}

Result<EntryCycleSummary> EntryProcessor::process_pending(const Clock& clock,
                                                          std::stop_token stop) {
  EntryCycleSummary summary;
  CycleState cycle;
  ArticlePrefetch prefetch(http_,
                           {.max_article_bytes = options_.max_article_bytes,
                            .extract = options_.extract,
                            .capacity = static_cast<std::size_t>(options_.prefetch_batches)},
                           stop);
  // Keeps the prefetch thread supplied: reads and pre-filters entries while it has room.
  auto refill = [&]() -> Status {
    while (!cycle.drained && prefetch.has_room() && cycle.read < options_.max_entries_per_cycle) {
      const int room = std::min(options_.batch_size, options_.max_entries_per_cycle - cycle.read);
      auto jobs = take_batch(room, cycle, summary);
      if (!jobs) return tl::unexpected(jobs.error());
      prefetch.submit(std::move(*jobs));
    }
    return ok();
  };
  if (auto st = refill(); !st) return tl::unexpected(st.error());
  while (!stop.stop_requested()) {
    auto batch = prefetch.next();
    if (!batch) break;  // all stored, or a stop: what was not taken back stays pending
    // The next batches are fetched while this one is stored.
    if (auto st = refill(); !st) return tl::unexpected(st.error());
    for (PrefetchedEntry& item : *batch) {
      if (item.cancelled) continue;  // stays pending
      if (auto st = store_entry(item, clock, summary); !st) return tl::unexpected(st.error());
    }
  }
  return summary;
}

Result<EntryCycleSummary> run_pipeline_cycle(store::Store& store, HttpClient& http,
                                             const Config& config,
                                             const MissionClassifier& classifier,
                                             const Clock& clock, std::stop_token stop) {
  ArticlePipeline pipeline(store, classifier, pipeline_options(config));
  EntryProcessor processor(store, http, pipeline, entry_processor_options(config));
  return processor.process_pending(clock, stop);
}

std::string describe(const EntryCycleSummary& s) {
  return fmt::format(
      "{} entries: {} skipped by the pre-filter, {} classified ({} pages fetched, {} on feed "
      "text): {} stored, {} not relevant, {} already stored, {} failed; {} new events, {} "
      "updated, {} alerts",
      s.entries, s.skipped, s.entries - s.skipped - s.failed, s.fetched, s.from_feed_text, s.stored,
      s.not_relevant, s.already_stored, s.failed, s.events_created, s.events_updated, s.alerts);
}

}  // namespace mw
