#include "daemon/article_pipeline.h"

#include <chrono>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_rules.h"
#include "daemon/event_merger.h"
#include "daemon/event_record.h"
#include "daemon/store/alert_repository.h"
#include "daemon/store/article_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/entry_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/mention_repository.h"

namespace mw {

PipelineOptions pipeline_options(const Config& config) {
  PipelineOptions o;
  o.min_confidence = config.classifier.min_confidence;
  o.merge_window_days = config.events.merge_window_days;
  o.alert_on_status_change = config.events.alert_on_status_change;
  o.alerts = config.alerts;
  return o;
}

std::string_view to_string(DocumentOutcome outcome) {
  switch (outcome) {
    case DocumentOutcome::kStored: return "stored";
    case DocumentOutcome::kNotRelevant: return "not_relevant";
    case DocumentOutcome::kAlreadyStored: return "already_stored";
  }
  return "unknown";
}

namespace {

using Days = std::chrono::days;

std::optional<TimePoint> to_time_point(const std::optional<PartialDate>& d) {
  if (!d || d->year == 0) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(d->year),
                                  std::chrono::month(d->month ? d->month : 1),
                                  std::chrono::day(d->day ? d->day : 1)};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint(std::chrono::sys_days(ymd));
}

MentionFacts facts_of(const EventMention& m) {
  MentionFacts f;
  f.direction = std::string(to_string(m.direction));
  f.country = m.country;
  f.action = std::string(to_string(m.action));
  if (!m.city.empty()) f.city = m.city;
  f.mission_kind = std::string(to_string(m.mission_kind));
  f.historical = m.status == EventStatus::kHistorical;
  f.status = std::string(to_string(m.status));
  if (!m.effective_date.empty()) f.effective_date = m.effective_date;
  f.confidence = m.confidence;
  return f;
}

Status finish_entry(store::Store& store, const Document& doc, store::EntryState state,
                    const std::string& reason) {
  if (!doc.entry_id) return {};
  return store::set_entry_state(store, *doc.entry_id, state, reason);
}

}  // namespace

ArticlePipeline::ArticlePipeline(store::Store& store, const MissionClassifier& classifier,
                                 PipelineOptions options)
    : store_(store), classifier_(classifier), options_(std::move(options)) {}

Result<DocumentResult> ArticlePipeline::process(const Document& doc, TimePoint now) {
  // The same page again: nothing to do (its entry, if new, is simply done).
  const std::optional<std::string>& page = doc.canonical_url ? doc.canonical_url : doc.url;
  if (page) {
    auto seen = store::find_article_by_canonical_url(store_, *page);
    if (!seen) return tl::unexpected(seen.error());
    if (*seen) {
      DocumentResult r{.outcome = DocumentOutcome::kAlreadyStored,
                       .reason = "already stored as article " + std::to_string((*seen)->id) +
                                 " (same URL " + *page + ")",
                       .article_id = (*seen)->id};
      auto st = store_.transaction(
          [&] { return finish_entry(store_, doc, store::EntryState::kProcessed, r.reason); });
      if (!st) return tl::unexpected(st.error());
      return r;
    }
  }

  Classification found = classifier_.classify(
      {.title = doc.title, .body = doc.text, .published = doc.published, .language = doc.language});
  std::erase_if(found.events,
                [&](const EventMention& m) { return m.confidence < options_.min_confidence; });
  if (found.events.empty()) {
    DocumentResult r{
        .outcome = DocumentOutcome::kNotRelevant,
        .reason = found.reason.empty() ? "no mission change above min_confidence" : found.reason};
    auto st = store_.transaction([&] {
      return finish_entry(store_, doc, store::EntryState::kProcessed, "not relevant: " + r.reason);
    });
    if (!st) return tl::unexpected(st.error());
    return r;
  }
  return store_.transaction([&] { return store_relevant(doc, found, now); });
}

Result<DocumentResult> ArticlePipeline::store_relevant(const Document& doc,
                                                       const Classification& found, TimePoint now) {
  DocumentResult result;
  const Fingerprint print = fingerprint_text(doc.title, doc.text);

  // Exact copies first: the same text. Without a URL on either side it is the same document
  // (an `ingest` of a file seen before); with different URLs it is a syndicated copy.
  auto same_text = store::find_article_by_content_hash(store_, print.content_hash);
  if (!same_text) return tl::unexpected(same_text.error());
  if (*same_text) {
    const auto& old = **same_text;
    if (!doc.url || !old.url || *old.url == *doc.url) {
      result.outcome = DocumentOutcome::kAlreadyStored;
      result.article_id = old.id;
      result.reason = "already stored as article " + std::to_string(old.id) + " (same text)";
      if (auto st = finish_entry(store_, doc, store::EntryState::kProcessed, result.reason); !st)
        return tl::unexpected(st.error());
      return result;
    }
    result.copy_of = old.duplicate_of.value_or(old.id);
    result.copy_similarity = 1.0;
  } else {
    // Near-duplicates: the most similar recent article at or above the threshold.
    auto candidates =
        store::article_fingerprints_since(store_, now - Days(options_.near_duplicate_window_days),
                                          options_.near_duplicate_max_candidates);
    if (!candidates) return tl::unexpected(candidates.error());
    Fingerprint other;
    for (const auto& row : *candidates) {
      auto hashes = decode_minhash(row.minhash);
      if (!hashes) continue;
      other.minhash = std::move(*hashes);
      double similarity = estimated_similarity(print, other);
      if (similarity >= options_.near_duplicate.copy_similarity &&
          similarity > result.copy_similarity) {
        result.copy_of = row.duplicate_of.value_or(row.id);
        result.copy_similarity = similarity;
      }
    }
  }

  store::ArticleRecord article;
  article.entry_id = doc.entry_id;
  article.url = doc.url;
  article.canonical_url = doc.canonical_url ? doc.canonical_url : doc.url;
  article.title = doc.title;
  article.text = doc.text;
  article.published_at = to_time_point(doc.published);
  if (!doc.language.empty()) article.language = doc.language;
  if (!doc.site_name.empty()) article.site_name = doc.site_name;
  article.authors = doc.authors;
  if (!doc.source_name.empty()) article.source_name = doc.source_name;
  article.content_hash = print.content_hash;
  article.minhash = encode_minhash(print);
  article.duplicate_of = result.copy_of;
  article.from_feed_text = doc.from_feed_text;
  auto article_id = store::insert_article(store_, article, now);
  if (!article_id) return tl::unexpected(article_id.error());
  result.article_id = *article_id;
  result.outcome = DocumentOutcome::kStored;

  const auto window_start = now - Days(options_.merge_window_days);
  for (const EventMention& m : found.events) {
    MentionFacts facts = facts_of(m);
    store::MentionRecord mention{.article_id = *article_id,
                                 .direction = facts.direction,
                                 .country = facts.country,
                                 .city = facts.city,
                                 .mission_kind = facts.mission_kind,
                                 .action = facts.action,
                                 .status = facts.status,
                                 .effective_date = facts.effective_date,
                                 .confidence = facts.confidence,
                                 .evidence_text = m.evidence.text};
    if (!m.evidence.in_title) {
      mention.evidence_start = static_cast<std::int64_t>(m.evidence.start);
      mention.evidence_end = static_cast<std::int64_t>(m.evidence.end);
    }
    auto mention_id = store::insert_mention(store_, mention, now);
    if (!mention_id) return tl::unexpected(mention_id.error());
    ++result.mentions;

    auto open = store::find_open_event(store_, facts.direction, facts.country, facts.action,
                                       facts.historical, window_start);
    if (!open) return tl::unexpected(open.error());
    MergeOutcome merged = merge_mention(*open, facts, now);
    std::int64_t event_id = 0;
    if (merged.created) {
      auto id = store::insert_event(store_, merged.event, now);
      if (!id) return tl::unexpected(id.error());
      event_id = *id;
    } else {
      event_id = merged.event.id;
      if (auto st = store::update_event(store_, merged.event, now); !st)
        return tl::unexpected(st.error());
    }
    if (auto st = store::set_mention_event(store_, *mention_id, event_id); !st)
      return tl::unexpected(st.error());

    bool independent = true;
    if (result.copy_of && !merged.created) {
      auto has = store::event_has_story(store_, event_id, *result.copy_of);
      if (!has) return tl::unexpected(has.error());
      independent = !*has;
    }
    auto added = store::add_event_source(store_,
                                         {.event_id = event_id,
                                          .article_id = *article_id,
                                          .mention_id = *mention_id,
                                          .independent = independent,
                                          .evidence = m.evidence.text},
                                         now);
    if (!added) return tl::unexpected(added.error());

    auto record = load_event_record(store_, event_id);
    if (!record) return tl::unexpected(record.error());
    const std::string data = record->dump();
    auto change = [&](const char* type) -> Status {
      auto seq = store::append_change(store_, event_id, type, data, now);
      if (!seq) return tl::unexpected(seq.error());
      return {};
    };
    if (merged.created) {
      ++result.events_created;
      if (auto st = change("created"); !st) return tl::unexpected(st.error());
    } else {
      ++result.events_updated;
      if (*added) {
        if (auto st = change("source_added"); !st) return tl::unexpected(st.error());
      }
      if (merged.previous_status || merged.refined) {
        if (auto st = change("updated"); !st) return tl::unexpected(st.error());
      }
    }
    result.event_ids.push_back(event_id);

    // The alert rows, in this same transaction: a new current event, or (when asked) a status
    // that moved. Historical events never alert.
    const bool alert_created = merged.created && !merged.event.historical;
    const bool alert_status =
        !merged.created && options_.alert_on_status_change && merged.previous_status;
    if (!alert_created && !alert_status) continue;
    AlertFacts alert_facts{.direction = merged.event.direction,
                           .action = merged.event.action,
                           .status = merged.event.status,
                           .country = merged.event.country,
                           .confidence = merged.event.confidence,
                           .status_change = alert_status};
    nlohmann::json payload = {
        {"kind", alert_created ? "created" : "status_changed"},
        {"previous_status", merged.previous_status ? nlohmann::json(*merged.previous_status)
                                                   : nlohmann::json(nullptr)},
        {"event", *record}};
    auto alert = store::insert_alert(store_,
                                     {.event_id = event_id,
                                      .kind = alert_created ? "created" : "status_changed",
                                      .payload = payload.dump(),
                                      .channels = alert_channels(options_.alerts, alert_facts)},
                                     now);
    if (!alert) return tl::unexpected(alert.error());
    ++result.alerts;
  }

  if (auto st = finish_entry(store_, doc, store::EntryState::kProcessed, "stored"); !st)
    return tl::unexpected(st.error());
  return result;
}

}  // namespace mw
