#include "daemon/entry_processor.h"

#include <chrono>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "classifiers/prefilter.h"
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

constexpr const char* kArticleAccept =
    "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1";

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

// The page's document, or nullopt (with `why`) when the feed's text must stand in.
std::optional<Document> page_document(const store::EntryRecord& entry, const std::string& outlet,
                                      const HttpResponse& r, const ExtractOptions& options,
                                      std::string& why) {
  if (!r.ok()) {
    why = r.error_message;
    return std::nullopt;
  }
  if (r.status != 200) {
    why = "HTTP " + std::to_string(r.status);
    return std::nullopt;
  }
  auto content_type = r.header("content-type");
  auto article = extract_article(r.body, options, r.final_url.empty() ? r.url : r.final_url,
                                 content_type ? *content_type : std::string_view{});
  if (!article) {
    why = article.error().message;
    return std::nullopt;
  }
  if (article->text.empty()) {
    why = "no main text: " + article->no_text_reason;
    return std::nullopt;
  }
  Document doc;
  doc.entry_id = entry.id;
  doc.url = r.final_url.empty() ? r.url : r.final_url;
  if (!article->canonical_url.empty()) doc.canonical_url = article->canonical_url;
  doc.title = article->title.empty() ? entry.title : article->title;
  doc.text = std::move(article->text);
  doc.published = parse_partial_date(article->published.iso);
  if (!doc.published) doc.published = date_of(entry.published_at);
  doc.language = article->language;
  doc.site_name = article->site_name;
  doc.authors = article->authors;
  doc.source_name = outlet.empty() ? article->site_name : outlet;
  return doc;
}

}  // namespace

EntryProcessor::EntryProcessor(store::Store& store, HttpClient& http, ArticlePipeline& pipeline,
                               EntryProcessorOptions options)
    : store_(store), http_(http), pipeline_(pipeline), options_(std::move(options)) {}

Result<EntryCycleSummary> EntryProcessor::process_pending(const Clock& clock,
                                                          std::stop_token stop) {
  EntryCycleSummary summary;
  const KeywordPrefilter prefilter(options_.prefilter_keywords);
  std::map<std::int64_t, store::FeedRecord> feeds;

  while (!stop.stop_requested() && summary.entries < options_.max_entries_per_cycle) {
    const int room =
        std::min(options_.batch_size, options_.max_entries_per_cycle - summary.entries);
    auto batch = store::pending_entries(store_, room);
    if (!batch) return tl::unexpected(batch.error());
    if (batch->empty()) break;

    // Decide per entry: skip, fetch the page, or classify the feed's text.
    std::vector<HttpRequest> requests;
    std::vector<const store::EntryRecord*> order;
    for (const auto& entry : *batch) {
      ++summary.entries;
      if (!feeds.contains(entry.feed_id)) {
        auto feed = store::get_feed(store_, entry.feed_id);
        if (!feed) return tl::unexpected(feed.error());
        if (*feed) feeds.emplace(entry.feed_id, **feed);
      }
      auto feed_it = feeds.find(entry.feed_id);
      const bool topical = feed_it != feeds.end() && feed_it->second.spec.topical;
      if (options_.prefilter && !topical && !prefilter.admits(entry.title + "\n" + entry.summary)) {
        auto st = store::set_entry_state(store_, entry.id, store::EntryState::kSkipped,
                                         "pre-filter: no keyword in title or summary");
        if (!st) return tl::unexpected(st.error());
        ++summary.skipped;
        continue;
      }
      order.push_back(&entry);
      const bool fetch = feed_it == feeds.end() || feed_it->second.spec.fetch_articles;
      if (fetch && entry.url && !entry.url->empty()) {
        requests.push_back(HttpRequest{.url = *entry.url,
                                       .accept = kArticleAccept,
                                       .max_body = options_.max_article_bytes,
                                       .tag = static_cast<std::uint64_t>(entry.id)});
      }
    }

    std::map<std::int64_t, HttpResponse> pages;
    if (!requests.empty()) {
      http_.fetch_all(
          std::move(requests),
          [&](HttpResponse&& r) { pages.emplace(static_cast<std::int64_t>(r.tag), std::move(r)); },
          stop);
    }

    for (const store::EntryRecord* entry : order) {
      const auto feed_it = feeds.find(entry->feed_id);
      const std::string outlet = feed_it == feeds.end() ? "" : feed_it->second.spec.name;
      ScopedLogContext log_context({.feed = outlet, .url = entry->url.value_or("")});
      std::optional<Document> doc;
      if (auto page = pages.find(entry->id); page != pages.end()) {
        if (page->second.error == FetchError::kCancelled) continue;  // stays pending
        std::string why;
        doc = page_document(*entry, outlet, page->second, options_.extract, why);
        if (doc) {
          ++summary.fetched;
        } else {
          spdlog::warn("pipeline: feed \"{}\": article {}: {}; classifying the feed's text instead",
                       outlet, *entry->url, why);
        }
      }
      if (!doc) {
        doc = feed_text_document(*entry, outlet);
        ++summary.from_feed_text;
      }
      auto result = pipeline_.process(*doc, clock.now());
      if (!result) {
        if (result.error().code == ErrorCode::kDatabase) return tl::unexpected(result.error());
        spdlog::error("pipeline: entry {} ({}): {}", entry->id, entry->url.value_or("no URL"),
                      result.error().message);
        auto st = store::set_entry_state(store_, entry->id, store::EntryState::kFailed,
                                         result.error().message);
        if (!st) return tl::unexpected(st.error());
        ++summary.failed;
        continue;
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
                     doc->url.value_or(doc->title), result->events_created, result->alerts);
      }
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
