#pragma once
// ArticlePipeline: one document (a fetched and extracted article, an entry's own text, or a file
// given to `ingest`) → classify → near-duplicate check → merge into events → store, with the
// changefeed records and the alert outbox rows, all in ONE transaction. A crash therefore
// leaves all of an article's effects or none, and a restart simply processes it again.
//
//   ArticlePipeline pipeline(store, classifier, pipeline_options(config));
//   auto r = pipeline.process(document, clock.now());
//   if (r && r->outcome == DocumentOutcome::kStored) ... r->events_created ...
//
// What is stored: only articles in which the classifier found at least one mission change
// (current or historical) at or above min_confidence; the others only move their entry to
// 'processed' with the reason. The same page seen again (same canonical URL, or the same text
// without a URL) is recognised before classification and adds nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "classifiers/mission_classifier.h"
#include "classifiers/near_duplicate.h"
#include "common/clock.h"
#include "common/result.h"
#include "daemon/config.h"
#include "daemon/store/store.h"

namespace mw {

struct Document {
  std::optional<std::int64_t> entry_id;  // the feed entry it came from; none for `ingest`
  std::optional<std::string> url;        // where it was fetched (or `ingest --url`)
  std::optional<std::string> canonical_url;
  std::string title;
  std::string text;  // the main text the classifier reads
  std::optional<PartialDate> published;
  std::string language;  // BCP 47; empty = unknown
  std::string site_name;
  std::vector<std::string> authors;
  std::string source_name;      // the outlet shown to people (feed name, --source, site name)
  bool from_feed_text = false;  // the page could not be fetched: the feed's text stands in
};

struct PipelineOptions {
  double min_confidence = 0.5;  // mentions below are not stored
  int merge_window_days = 30;
  bool alert_on_status_change = false;
  AlertsConfig alerts;  // which channels each alert goes to
  NearDuplicateOptions near_duplicate;
  int near_duplicate_window_days = 30;        // copies are looked for among articles this recent
  int near_duplicate_max_candidates = 20000;  // ... at most this many, newest first
};

PipelineOptions pipeline_options(const Config& config);

enum class DocumentOutcome {
  kStored,         // relevant: stored with its mentions, events, changes and alerts
  kNotRelevant,    // no mission change found (reason says why); nothing stored
  kAlreadyStored,  // the same page or text was stored before; nothing changed
};
std::string_view to_string(DocumentOutcome outcome);

struct DocumentResult {
  DocumentOutcome outcome = DocumentOutcome::kNotRelevant;
  std::string reason{};                   // for kNotRelevant / kAlreadyStored
  std::int64_t article_id = 0;            // kStored: the new article; kAlreadyStored: the old one
  std::optional<std::int64_t> copy_of{};  // kStored: the first article of the story it copies
  double copy_similarity = 0;             // estimated similarity to that article
  int mentions = 0;
  int events_created = 0;
  int events_updated = 0;  // existing events that gained a source or changed
  int alerts = 0;
  std::vector<std::int64_t> event_ids{};  // every event the article touched
};

class ArticlePipeline {
 public:
  // `store` and `classifier` must outlive the pipeline.
  ArticlePipeline(store::Store& store, const MissionClassifier& classifier,
                  PipelineOptions options);

  // Classifies and stores one document in one transaction (the entry, if any, moves to
  // 'processed' in the same transaction). Errors are database errors; the transaction is then
  // rolled back and the document can be processed again.
  Result<DocumentResult> process(const Document& document, TimePoint now);

  const PipelineOptions& options() const { return options_; }

 private:
  Result<DocumentResult> store_relevant(const Document& document, const Classification& found,
                                        TimePoint now);

  store::Store& store_;
  const MissionClassifier& classifier_;
  PipelineOptions options_;
};

}  // namespace mw
