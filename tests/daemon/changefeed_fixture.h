#pragma once
// Shared by the events / export / schema suites (a header, so it is not linked into the other
// daemon tests): a small database written the way the pipeline writes it, through the
// repositories — events, articles as their sources, and one change per write whose data is the
// event record right after it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/event_record.h"
#include "daemon/store/article_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/store.h"
#include "tests/daemon/store_fixture.h"

namespace mw::changefeed_testing {

using store::testing::at;

inline std::int64_t add_article(store::Store& db, const std::string& title,
                                std::optional<std::string> url, std::optional<std::string> outlet,
                                std::optional<TimePoint> published, TimePoint now) {
  store::ArticleRecord a;
  a.url = std::move(url);
  a.title = title;
  a.text = title + " (text)";
  a.source_name = std::move(outlet);
  a.published_at = published;
  a.content_hash = "hash-" + title;
  auto id = store::insert_article(db, a, now);
  EXPECT_TRUE(id) << id.error().describe();
  return id ? *id : 0;
}

// Appends a change whose data is the event's record as it is now; returns its sequence number.
inline std::int64_t record_change(store::Store& db, std::int64_t event_id, const std::string& type,
                                  TimePoint now) {
  auto record = load_event_record(db, event_id);
  EXPECT_TRUE(record) << record.error().describe();
  if (!record) return 0;
  auto seq = store::append_change(db, event_id, type, record->dump(), now);
  EXPECT_TRUE(seq) << seq.error().describe();
  return seq ? *seq : 0;
}

inline std::int64_t add_event(store::Store& db, const std::string& direction,
                              const std::string& country, const std::string& action,
                              const std::string& status, std::optional<std::string> city,
                              bool historical, TimePoint now) {
  store::EventRecord e;
  e.direction = direction;
  e.country = country;
  e.action = action;
  e.status = status;
  e.city = std::move(city);
  e.mission_kind = city ? "embassy" : "mission";
  e.historical = historical;
  e.confidence = 0.8;
  auto id = store::insert_event(db, e, now);
  EXPECT_TRUE(id) << id.error().describe();
  return id ? *id : 0;
}

inline void add_source(store::Store& db, std::int64_t event_id, std::int64_t article_id,
                       bool independent, const std::string& evidence, TimePoint now) {
  store::EventSource s;
  s.event_id = event_id;
  s.article_id = article_id;
  s.independent = independent;
  s.evidence = evidence;
  auto added = store::add_event_source(db, s, now);
  EXPECT_TRUE(added && *added);
}

struct World {
  std::int64_t spain = 0;          // dprk_abroad ES close, Madrid, completed, 2 sources (1 copy)
  std::int64_t angola = 0;         // dprk_abroad AO close, announced, 1 source
  std::int64_t denmark = 0;        // foreign_in_dprk DK close, historical, 1 source
  std::vector<std::int64_t> seqs;  // every change, in order
};

// Three events and five changes, at at(0)…at(600). Titles and evidence carry commas, double
// quotes and a line break, which the CSV output must quote.
inline World seed_world(store::Store& db) {
  World w;
  const std::int64_t a1 =
      add_article(db, "North Korea closes embassy in Spain, \"for good\"",
                  "https://news.example/spain", "Example News", at(-3600), at(0));
  const std::int64_t a2 =
      add_article(db, "DPRK shuts Madrid mission (copy)", "https://copy.example/spain",
                  std::nullopt, std::nullopt, at(0));
  const std::int64_t a3 = add_article(db, "Embassy in Luanda to close", "https://news.example/ao",
                                      "Example News", at(-60), at(0));
  const std::int64_t a4 =
      add_article(db, "Denmark's embassy history", std::nullopt, std::nullopt, std::nullopt, at(0));

  w.spain = add_event(db, "dprk_abroad", "ES", "close", "announced", "Madrid", false, at(0));
  add_source(db, w.spain, a1, true, "The embassy in Madrid, it said, \"will close\".\nIt did.",
             at(0));
  w.seqs.push_back(record_change(db, w.spain, "created", at(0)));

  w.angola = add_event(db, "dprk_abroad", "AO", "close", "announced", std::nullopt, false, at(60));
  add_source(db, w.angola, a3, true, "Pyongyang will close its embassy in Luanda.", at(60));
  w.seqs.push_back(record_change(db, w.angola, "created", at(60)));

  add_source(db, w.spain, a2, false, "The Madrid mission shut.", at(120));
  w.seqs.push_back(record_change(db, w.spain, "source_added", at(120)));

  w.denmark =
      add_event(db, "foreign_in_dprk", "DK", "close", "historical", std::nullopt, true, at(180));
  add_source(db, w.denmark, a4, true, "Denmark closed its embassy in Pyongyang in 1996.", at(180));
  w.seqs.push_back(record_change(db, w.denmark, "created", at(180)));

  auto spain = store::get_event(db, w.spain);
  EXPECT_TRUE(spain && *spain);
  store::EventRecord e = **spain;
  e.status = "completed";
  e.effective_date = "2026-02";
  e.last_seen_at = at(600);
  EXPECT_TRUE(store::update_event(db, e, at(600)));
  w.seqs.push_back(record_change(db, w.spain, "updated", at(600)));
  return w;
}

}  // namespace mw::changefeed_testing
