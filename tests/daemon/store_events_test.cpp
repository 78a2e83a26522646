// Round trips of mentions, events and event sources, the merge-window lookup, and the SQL views
// external tools read.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/store/article_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/mention_repository.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::StoreTest;

EventRecord closure(const std::string& country) {
  EventRecord e;
  e.direction = "dprk_abroad";
  e.country = country;
  e.action = "close";
  e.city = "Madrid";
  e.mission_kind = "embassy";
  e.status = "reported";
  e.effective_date = "2023-10";
  e.confidence = 0.875;
  return e;
}

class StoreEvents : public StoreTest {
 protected:
  std::int64_t article(const std::string& hash, const std::string& outlet) {
    ArticleRecord a;
    a.url = "https://" + outlet + ".example/" + hash;
    a.canonical_url = "https://" + outlet + ".example/c/" + hash;
    a.title = "Title " + hash;
    a.source_name = outlet;
    a.published_at = at(-60);
    a.content_hash = hash;
    auto id = insert_article(store(), a, at());
    EXPECT_TRUE(id);
    return id ? *id : 0;
  }
};

TEST_F(StoreEvents, AnEventRoundTripsAndOnlyItsMutableFieldsUpdate) {
  auto id = insert_event(store(), closure("ES"), at());
  ASSERT_TRUE(id) << id.error().describe();
  auto got = get_event(store(), *id);
  ASSERT_TRUE(got && *got);
  EventRecord e = **got;
  EXPECT_EQ(e.direction, "dprk_abroad");
  EXPECT_EQ(e.country, "ES");
  EXPECT_EQ(e.action, "close");
  EXPECT_EQ(e.city, "Madrid");
  EXPECT_EQ(e.mission_kind, "embassy");
  EXPECT_EQ(e.status, "reported");
  EXPECT_EQ(e.effective_date, "2023-10");
  EXPECT_FALSE(e.historical);
  EXPECT_DOUBLE_EQ(e.confidence, 0.875);
  EXPECT_EQ(e.first_seen_at, at());
  EXPECT_EQ(e.last_seen_at, at());

  e.status = "completed";
  e.city.reset();
  e.country = "FR";  // identity: not written
  e.last_seen_at = at(500);
  ASSERT_TRUE(update_event(store(), e, at(501)));
  got = get_event(store(), *id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->status, "completed");
  EXPECT_FALSE((*got)->city);
  EXPECT_EQ((*got)->country, "ES");
  EXPECT_EQ((*got)->first_seen_at, at());
  EXPECT_EQ((*got)->last_seen_at, at(500));
  EXPECT_EQ((*got)->updated_at, at(501));

  e.id = 777;
  EXPECT_EQ(update_event(store(), e, at()).error().code, ErrorCode::kNotFound);
}

TEST_F(StoreEvents, TheOpenEventIsTheSameIdentitySeenWithinTheWindow) {
  auto es = insert_event(store(), closure("ES"), at(0));
  EventRecord historical = closure("ES");
  historical.historical = true;
  historical.status = "historical";
  auto hist = insert_event(store(), historical, at(0));
  ASSERT_TRUE(es && hist);

  auto found = find_open_event(store(), "dprk_abroad", "ES", "close", false, at(-10));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, *es);
  found = find_open_event(store(), "dprk_abroad", "ES", "close", true, at(-10));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, *hist);
  // Outside the window, another action, another direction: no event.
  for (auto probe : {find_open_event(store(), "dprk_abroad", "ES", "close", false, at(1)),
                     find_open_event(store(), "dprk_abroad", "ES", "open", false, at(-10)),
                     find_open_event(store(), "foreign_in_dprk", "ES", "close", false, at(-10))}) {
    ASSERT_TRUE(probe);
    EXPECT_FALSE(*probe);
  }
}

TEST_F(StoreEvents, AnUnknownDirectionIsRejectedByTheSchema) {
  EventRecord e = closure("ES");
  e.direction = "sideways";
  auto id = insert_event(store(), e, at());
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, ErrorCode::kDatabase);
  EXPECT_NE(id.error().message.find("CHECK"), std::string::npos) << id.error().message;
}

TEST_F(StoreEvents, EventsListFiltersByEveryGivenCriterionNewestFirst) {
  auto es = insert_event(store(), closure("ES"), at(0));
  auto ao = insert_event(store(), closure("AO"), at(10));
  EventRecord ro = closure("RO");
  ro.direction = "foreign_in_dprk";
  ro.status = "announced";
  auto ro_id = insert_event(store(), ro, at(20));
  ASSERT_TRUE(es && ao && ro_id);

  auto all = list_events(store(), {});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, *ro_id);
  EXPECT_EQ((*all)[2].id, *es);

  EventFilter f;
  f.seen_since = at(5);
  auto recent = list_events(store(), f);
  ASSERT_TRUE(recent);
  EXPECT_EQ(recent->size(), 2u);
  f = {};
  f.country = "AO";
  auto ao_only = list_events(store(), f);
  ASSERT_TRUE(ao_only);
  ASSERT_EQ(ao_only->size(), 1u);
  EXPECT_EQ((*ao_only)[0].id, *ao);
  f = {};
  f.status = "announced";
  f.direction = "foreign_in_dprk";
  auto announced = list_events(store(), f);
  ASSERT_TRUE(announced);
  ASSERT_EQ(announced->size(), 1u);
  EXPECT_EQ((*announced)[0].id, *ro_id);
  f = {};
  f.historical = true;
  auto none = list_events(store(), f);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(StoreEvents, ASourceIsAddedOnceAndCountsIndependentStories) {
  auto ev = insert_event(store(), closure("ES"), at());
  ASSERT_TRUE(ev);
  std::int64_t a1 = article("h1", "yonhap");
  std::int64_t a2 = article("h2", "spun");
  EventSource s{*ev, a1, std::nullopt, true, "North Korea closed its embassy in Spain.", {}};
  auto added = add_event_source(store(), s, at(1));
  ASSERT_TRUE(added) << added.error().describe();
  EXPECT_TRUE(*added);
  added = add_event_source(store(), s, at(2));
  ASSERT_TRUE(added);
  EXPECT_FALSE(*added);
  ASSERT_TRUE(add_event_source(store(), {*ev, a2, std::nullopt, false, "spun copy", {}}, at(3)));

  auto counts = count_event_sources(store(), *ev);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->sources, 2);
  EXPECT_EQ(counts->independent, 1);

  auto sources = event_sources(store(), *ev);
  ASSERT_TRUE(sources);
  ASSERT_EQ(sources->size(), 2u);
  const EventSourceView& first = (*sources)[0];
  EXPECT_EQ(first.source.article_id, a1);
  EXPECT_TRUE(first.source.independent);
  EXPECT_EQ(first.source.evidence, "North Korea closed its embassy in Spain.");
  EXPECT_EQ(first.source.added_at, at(1));
  EXPECT_EQ(first.url, "https://yonhap.example/c/h1");  // canonical preferred
  EXPECT_EQ(first.title, "Title h1");
  EXPECT_EQ(first.outlet, "yonhap");
  EXPECT_EQ(first.published_at, at(-60));
  EXPECT_FALSE((*sources)[1].source.independent);
}

TEST_F(StoreEvents, MentionsRoundTripAndLinkToTheirEvent) {
  std::int64_t a = article("h1", "kcna");
  MentionRecord m;
  m.article_id = a;
  m.direction = "foreign_in_dprk";
  m.country = "IN";
  m.mission_kind = "embassy";
  m.action = "close";
  m.status = "reported";
  m.confidence = 0.9;
  m.evidence_text = "India closed its embassy in Pyongyang.";
  m.evidence_start = 120;
  m.evidence_end = 158;
  auto mid = insert_mention(store(), m, at());
  ASSERT_TRUE(mid) << mid.error().describe();
  EventRecord e = closure("IN");
  e.direction = "foreign_in_dprk";
  auto ev = insert_event(store(), e, at());
  ASSERT_TRUE(ev);
  ASSERT_TRUE(set_mention_event(store(), *mid, *ev));
  auto got = mentions_of_article(store(), a);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  const MentionRecord& g = (*got)[0];
  EXPECT_EQ(g.id, *mid);
  EXPECT_EQ(g.event_id, *ev);
  EXPECT_EQ(g.country, "IN");
  EXPECT_FALSE(g.city);
  EXPECT_EQ(g.evidence_text, m.evidence_text);
  EXPECT_EQ(g.evidence_start, 120);
  EXPECT_EQ(g.evidence_end, 158);
  EXPECT_DOUBLE_EQ(g.confidence, 0.9);
  EXPECT_EQ(g.created_at, at());
  EXPECT_EQ(set_mention_event(store(), 999, *ev).error().code, ErrorCode::kNotFound);
  MentionRecord orphan = m;
  orphan.article_id = 999;  // foreign keys are on
  EXPECT_FALSE(insert_mention(store(), orphan, at()));
}

TEST_F(StoreEvents, TheViewsShowEventsWithSourceCountsAndSourcesWithTheirOutlet) {
  auto ev = insert_event(store(), closure("ES"), at());
  ASSERT_TRUE(ev);
  ASSERT_TRUE(add_event_source(store(), {*ev, article("h1", "yonhap"), {}, true, "e1", {}}, at()));
  ASSERT_TRUE(add_event_source(store(), {*ev, article("h2", "spun"), {}, false, "e2", {}}, at()));

  SQLite::Database reader(db_path(), SQLite::OPEN_READONLY);
  SQLite::Statement v(reader,
                      "SELECT country, status, sources, independent_sources, first_seen "
                      "FROM events_v WHERE id = ?");
  v.bind(1, *ev);
  ASSERT_TRUE(v.executeStep());
  EXPECT_EQ(v.getColumn(0).getString(), "ES");
  EXPECT_EQ(v.getColumn(1).getString(), "reported");
  EXPECT_EQ(v.getColumn(2).getInt(), 2);
  EXPECT_EQ(v.getColumn(3).getInt(), 1);
  EXPECT_EQ(v.getColumn(4).getString(), "2026-03-01T12:00:00.000Z");

  SQLite::Statement s(reader,
                      "SELECT outlet, url, evidence, independent FROM event_sources_v "
                      "WHERE event_id = ? ORDER BY article_id");
  s.bind(1, *ev);
  ASSERT_TRUE(s.executeStep());
  EXPECT_EQ(s.getColumn(0).getString(), "yonhap");
  EXPECT_EQ(s.getColumn(1).getString(), "https://yonhap.example/h1");
  EXPECT_EQ(s.getColumn(2).getString(), "e1");
  EXPECT_EQ(s.getColumn(3).getInt(), 1);
  ASSERT_TRUE(s.executeStep());
  EXPECT_EQ(s.getColumn(0).getString(), "spun");
  EXPECT_FALSE(s.executeStep());
}

}  // namespace
}  // namespace mw::store
