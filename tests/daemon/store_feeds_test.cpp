// Round trips of the pipeline-input repositories: feeds (spec + polling state), entries (dedup
// and work queue) and articles (near-duplicate keys).
#include <gtest/gtest.h>

#include "daemon/store/article_repository.h"
#include "daemon/store/entry_repository.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/sql_time.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::StoreTest;

FeedSpec spec(const std::string& url) {
  FeedSpec s;
  s.url = url;
  s.name = "NK News";
  s.origin = "config";
  s.tags = {"korea", "news"};
  s.interval_s = 600;
  s.fetch_articles = false;
  s.topical = true;
  return s;
}

class StoreFeeds : public StoreTest {};

TEST_F(StoreFeeds, ANewFeedRoundTripsAndIsDueAtOnce) {
  auto id = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(id) << id.error().describe();
  auto feed = get_feed(store(), *id);
  ASSERT_TRUE(feed && *feed);
  const FeedRecord& f = **feed;
  EXPECT_EQ(f.spec.url, "https://a.example/rss");
  EXPECT_EQ(f.spec.name, "NK News");
  EXPECT_EQ(f.spec.tags, (std::vector<std::string>{"korea", "news"}));
  EXPECT_EQ(f.spec.interval_s, 600);
  EXPECT_FALSE(f.spec.fetch_articles);
  EXPECT_TRUE(f.spec.topical);
  EXPECT_TRUE(f.spec.enabled);
  EXPECT_EQ(f.state.next_poll_at, at());
  EXPECT_EQ(f.state.failure_count, 0);
  EXPECT_FALSE(f.state.etag);
  EXPECT_EQ(f.created_at, at());
}

TEST_F(StoreFeeds, UpsertOfAKnownUrlUpdatesTheSpecAndKeepsThePollingState) {
  auto id = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(id);
  FeedState st;
  st.etag = "\"v1\"";
  st.next_poll_at = at(900);
  ASSERT_TRUE(update_feed_state(store(), *id, st, at(1)));

  FeedSpec changed = spec("https://a.example/rss");
  changed.name = "Renamed";
  changed.tags = {};
  auto again = upsert_feed(store(), changed, at(2));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *id);
  auto f = get_feed(store(), *id);
  ASSERT_TRUE(f && *f);
  EXPECT_EQ((*f)->spec.name, "Renamed");
  EXPECT_TRUE((*f)->spec.tags.empty());
  EXPECT_EQ((*f)->state.etag, "\"v1\"");
  EXPECT_EQ((*f)->state.next_poll_at, at(900));
}

TEST_F(StoreFeeds, PollingStateRoundTripsFieldByField) {
  auto id = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(id);
  FeedState st;
  st.etag = "W/\"abc\"";
  st.last_modified = "Sun, 01 Mar 2026 11:00:00 GMT";
  st.last_status = 301;
  st.last_error = "moved";
  st.failure_count = 3;
  st.next_poll_at = at(3600);
  st.last_polled_at = at(10);
  st.last_success_at = at(5);
  st.gone = false;
  st.redirect_url = "https://b.example/rss";
  st.redirect_count = 2;
  ASSERT_TRUE(update_feed_state(store(), *id, st, at(10)));
  auto f = get_feed(store(), *id);
  ASSERT_TRUE(f && *f);
  const FeedState& got = (*f)->state;
  EXPECT_EQ(got.etag, st.etag);
  EXPECT_EQ(got.last_modified, st.last_modified);
  EXPECT_EQ(got.last_status, 301);
  EXPECT_EQ(got.last_error, "moved");
  EXPECT_EQ(got.failure_count, 3);
  EXPECT_EQ(got.next_poll_at, at(3600));
  EXPECT_EQ(got.last_polled_at, at(10));
  EXPECT_EQ(got.last_success_at, at(5));
  EXPECT_EQ(got.redirect_url, "https://b.example/rss");
  EXPECT_EQ(got.redirect_count, 2);
  EXPECT_EQ((*f)->updated_at, at(10));
}

TEST_F(StoreFeeds, DueFeedsAreEnabledLiveAndPastTheirTimeMostOverdueFirst) {
  auto a = upsert_feed(store(), spec("https://a.example/rss"), at(20));
  auto b = upsert_feed(store(), spec("https://b.example/rss"), at(10));
  auto c = upsert_feed(store(), spec("https://c.example/rss"), at(0));
  FeedSpec off = spec("https://off.example/rss");
  off.enabled = false;
  ASSERT_TRUE(a && b && c && upsert_feed(store(), off, at(0)));
  FeedState gone;
  gone.gone = true;
  gone.next_poll_at = at(0);
  ASSERT_TRUE(update_feed_state(store(), *c, gone, at(0)));

  auto due = due_feeds(store(), at(15), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, *b);
  due = due_feeds(store(), at(100), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, *b);
  EXPECT_EQ((*due)[1].id, *a);
  due = due_feeds(store(), at(100), 1);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->size(), 1u);
}

TEST_F(StoreFeeds, ReEnablingADisabledFeedMakesItDueNow) {
  auto id = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(id);
  FeedState st;
  st.next_poll_at = at(99999);
  ASSERT_TRUE(update_feed_state(store(), *id, st, at()));
  ASSERT_TRUE(set_feed_enabled(store(), *id, false, at(1)));
  ASSERT_TRUE(upsert_feed(store(), spec("https://a.example/rss"), at(50)));
  auto f = get_feed(store(), *id);
  ASSERT_TRUE(f && *f);
  EXPECT_TRUE((*f)->spec.enabled);
  EXPECT_EQ((*f)->state.next_poll_at, at(50));
}

TEST_F(StoreFeeds, UpdatingAMissingFeedIsNotFound) {
  Status st = update_feed_state(store(), 42, FeedState{}, at());
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
  EXPECT_NE(st.error().message.find("no feed with id 42"), std::string::npos);
}

TEST_F(StoreFeeds, MovingAFeedFollowsAPermanentRedirectButNotOntoAnotherFeed) {
  auto a = upsert_feed(store(), spec("https://a.example/rss"), at());
  auto b = upsert_feed(store(), spec("https://b.example/rss"), at());
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(move_feed(store(), *a, "https://a.example/new-rss", at(1)));
  auto moved = find_feed_by_url(store(), "https://a.example/new-rss");
  ASSERT_TRUE(moved && *moved);
  EXPECT_EQ((*moved)->id, *a);
  Status clash = move_feed(store(), *a, "https://b.example/rss", at(2));
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(StoreFeeds, FeedsRemovedFromTheConfigAreDisabledNotDeleted) {
  ASSERT_TRUE(upsert_feed(store(), spec("https://keep.example/rss"), at()));
  ASSERT_TRUE(upsert_feed(store(), spec("https://drop.example/rss"), at()));
  FeedSpec cli = spec("https://cli.example/rss");
  cli.origin = "cli";
  ASSERT_TRUE(upsert_feed(store(), cli, at()));
  auto n = disable_feeds_not_in(store(), "config", {"https://keep.example/rss"}, at(1));
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(*n, 1);
  auto feeds = list_feeds(store());
  ASSERT_TRUE(feeds);
  ASSERT_EQ(feeds->size(), 3u);
  EXPECT_TRUE((*feeds)[0].spec.enabled);
  EXPECT_FALSE((*feeds)[1].spec.enabled);
  EXPECT_TRUE((*feeds)[2].spec.enabled);  // other origins are not the config's to remove
}

TEST_F(StoreFeeds, AnEntryIsNewOnlyOnceAndKeepsItsFirstSighting) {
  auto feed = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(feed);
  NewEntry e;
  e.feed_id = *feed;
  e.entry_key = "guid-1";
  e.url = "https://a.example/1";
  e.title = "Embassy closed";
  e.summary = "North Korea closed ...";
  e.published_at = at(-3600);
  auto first = insert_entry_if_new(store(), e, at(1));
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_TRUE(first->is_new);
  e.title = "Changed title";
  auto second = insert_entry_if_new(store(), e, at(2));
  ASSERT_TRUE(second);
  EXPECT_FALSE(second->is_new);
  EXPECT_EQ(second->id, first->id);
  auto got = get_entry(store(), first->id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->title, "Embassy closed");
  EXPECT_EQ((*got)->first_seen_at, at(1));
  EXPECT_EQ((*got)->published_at, at(-3600));
  EXPECT_EQ((*got)->url, "https://a.example/1");
  EXPECT_EQ((*got)->state, EntryState::kPending);

  // The same key in another feed is another entry.
  auto other_feed = upsert_feed(store(), spec("https://b.example/rss"), at());
  ASSERT_TRUE(other_feed);
  e.feed_id = *other_feed;
  auto third = insert_entry_if_new(store(), e, at(3));
  ASSERT_TRUE(third);
  EXPECT_TRUE(third->is_new);
}

TEST_F(StoreFeeds, PendingEntriesAreTheQueueUntilTheyGetAFinalState) {
  auto feed = upsert_feed(store(), spec("https://a.example/rss"), at());
  ASSERT_TRUE(feed);
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    NewEntry e;
    e.feed_id = *feed;
    e.entry_key = "k" + std::to_string(i);
    auto r = insert_entry_if_new(store(), e, at(i));
    ASSERT_TRUE(r);
    ids.push_back(r->id);
  }
  ASSERT_TRUE(set_entry_state(store(), ids[0], EntryState::kSkipped, "not about North Korea"));
  auto pending = pending_entries(store(), 10);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 2u);
  EXPECT_EQ((*pending)[0].id, ids[1]);
  EXPECT_EQ((*pending)[1].id, ids[2]);
  auto skipped = get_entry(store(), ids[0]);
  ASSERT_TRUE(skipped && *skipped);
  EXPECT_EQ((*skipped)->state, EntryState::kSkipped);
  EXPECT_EQ((*skipped)->state_reason, "not about North Korea");
  EXPECT_FALSE(set_entry_state(store(), 999, EntryState::kProcessed, std::nullopt));
}

TEST_F(StoreFeeds, AnArticleRoundTripsWithAHighBitSimhash) {
  ArticleRecord a;
  a.url = "https://a.example/1?utm_source=x";
  a.canonical_url = "https://a.example/1";
  a.title = "North Korea shuts embassy in Spain";
  a.text = "PYONGYANG — North Korea has closed its embassy in Madrid. «Ünïcödé»";
  a.published_at = at(-7200);
  a.language = "en";
  a.site_name = "Example News";
  a.authors = {"A. Writer", "B. Editor"};
  a.source_name = "Example";
  a.content_hash = "sha256:abc";
  a.simhash = 0xF123456789ABCDEFull;  // top bit set: stored as a negative INTEGER
  a.from_feed_text = true;
  auto id = insert_article(store(), a, at());
  ASSERT_TRUE(id) << id.error().describe();
  auto got = get_article(store(), *id);
  ASSERT_TRUE(got && *got);
  const ArticleRecord& g = **got;
  EXPECT_EQ(g.id, *id);
  EXPECT_FALSE(g.entry_id);
  EXPECT_EQ(g.url, a.url);
  EXPECT_EQ(g.canonical_url, a.canonical_url);
  EXPECT_EQ(g.title, a.title);
  EXPECT_EQ(g.text, a.text);
  EXPECT_EQ(g.published_at, a.published_at);
  EXPECT_EQ(g.language, "en");
  EXPECT_EQ(g.site_name, "Example News");
  EXPECT_EQ(g.authors, a.authors);
  EXPECT_EQ(g.source_name, "Example");
  EXPECT_EQ(g.content_hash, "sha256:abc");
  EXPECT_EQ(g.simhash, 0xF123456789ABCDEFull);
  EXPECT_FALSE(g.duplicate_of);
  EXPECT_TRUE(g.from_feed_text);
  EXPECT_EQ(g.ingested_at, at());
}

TEST_F(StoreFeeds, ArticlesAreFoundByCanonicalUrlAndByContentHash) {
  ArticleRecord a;
  a.canonical_url = "https://a.example/story";
  a.content_hash = "h-a";
  ArticleRecord b;
  b.canonical_url = "https://b.example/story";
  b.content_hash = "h-b";
  auto ia = insert_article(store(), a, at());
  auto ib = insert_article(store(), b, at());
  ASSERT_TRUE(ia && ib);
  auto by_url = find_article_by_canonical_url(store(), "https://b.example/story");
  ASSERT_TRUE(by_url && *by_url);
  EXPECT_EQ((*by_url)->id, *ib);
  auto by_hash = find_article_by_content_hash(store(), "h-a");
  ASSERT_TRUE(by_hash && *by_hash);
  EXPECT_EQ((*by_hash)->id, *ia);
  auto none = find_article_by_content_hash(store(), "h-zzz");
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  ArticleRecord no_hash;
  EXPECT_FALSE(insert_article(store(), no_hash, at()));
}

TEST_F(StoreFeeds, SimhashesSinceAWindowStartAreTheNearDuplicateCandidates) {
  for (int i = 0; i < 4; ++i) {
    ArticleRecord a;
    a.content_hash = "h" + std::to_string(i);
    if (i != 2) a.simhash = 0x8000000000000000ull + static_cast<std::uint64_t>(i);
    ASSERT_TRUE(insert_article(store(), a, at(i * 100)));
  }
  auto rows = article_simhashes_since(store(), at(100), 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);  // 1 and 3; 0 is older, 2 has no simhash
  EXPECT_EQ((*rows)[0].simhash, 0x8000000000000001ull);
  EXPECT_EQ((*rows)[1].simhash, 0x8000000000000003ull);
  ASSERT_TRUE(set_article_duplicate_of(store(), (*rows)[1].id, (*rows)[0].id));
  auto copy = get_article(store(), (*rows)[1].id);
  ASSERT_TRUE(copy && *copy);
  EXPECT_EQ((*copy)->duplicate_of, (*rows)[0].id);
}

TEST(StoreTime, TextIsFixedWidthSortableAndRoundTrips) {
  using namespace std::chrono;
  TimePoint t = at() + milliseconds(7);
  EXPECT_EQ(to_sql_time(t), "2026-03-01T12:00:00.007Z");
  EXPECT_EQ(from_sql_time("2026-03-01T12:00:00.007Z"), t);
  EXPECT_EQ(from_sql_time("2026-03-01 12:00:00"), at());
  EXPECT_EQ(from_sql_time("2026-03-01T12:00:00Z"), at());
  EXPECT_LT(to_sql_time(at(59)), to_sql_time(at(60)));
  EXPECT_EQ(to_sql_time(TimePoint{}), "1970-01-01T00:00:00.000Z");
  for (const char* bad :
       {"", "2026-03-01", "2026-13-01T00:00:00Z", "yesterday", "2026-03-01T12:00:00+01:00"}) {
    EXPECT_FALSE(from_sql_time(bad)) << bad;
  }
}

}  // namespace
}  // namespace mw::store
