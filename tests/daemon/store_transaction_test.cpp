// Store::transaction (commit, rollback on error and on exception, savepoints) and what other
// connections see in WAL mode.
#include <stdexcept>

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/store/article_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/feed_repository.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::StoreTest;

int count_rows(Store& store, const char* table) {
  return store.db().execAndGet(std::string("SELECT count(*) FROM ") + table).getInt();
}

Result<std::int64_t> add_feed(Store& store, const std::string& url) {
  FeedSpec spec;
  spec.url = url;
  return upsert_feed(store, spec, at());
}

ArticleRecord article(const std::string& hash) {
  ArticleRecord a;
  a.title = "Embassy closes";
  a.text = "North Korea closed its embassy.";
  a.content_hash = hash;
  return a;
}

class StoreTransaction : public StoreTest {};

TEST_F(StoreTransaction, ASuccessfulFunctionIsCommittedAndItsValueReturned) {
  auto id = store().transaction([&] { return add_feed(store(), "https://a.example/feed"); });
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_GT(*id, 0);
  EXPECT_EQ(count_rows(store(), "feeds"), 1);
}

TEST_F(StoreTransaction, AnErrorRollsBackEverythingTheFunctionWrote) {
  Status st = store().transaction([&]() -> Status {
    if (!add_feed(store(), "https://a.example/feed")) return fail(ErrorCode::kInternal, "setup");
    if (!insert_article(store(), article("h1"), at())) return fail(ErrorCode::kInternal, "setup");
    if (!append_change(store(), std::nullopt, "created", "{}", at())) {
      return fail(ErrorCode::kInternal, "setup");
    }
    return fail(ErrorCode::kParse, "classifier gave up");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "classifier gave up");
  EXPECT_EQ(count_rows(store(), "feeds"), 0);
  EXPECT_EQ(count_rows(store(), "articles"), 0);
  EXPECT_EQ(count_rows(store(), "changes"), 0);
}

TEST_F(StoreTransaction, AnExceptionRollsBackAndBecomesAnError) {
  Status st = store().transaction([&]() -> Status {
    EXPECT_TRUE(add_feed(store(), "https://a.example/feed"));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_NE(st.error().message.find("boom"), std::string::npos);
  EXPECT_EQ(count_rows(store(), "feeds"), 0);
  // The connection is usable afterwards.
  EXPECT_TRUE(add_feed(store(), "https://b.example/feed"));
}

TEST_F(StoreTransaction, ANestedFailureRollsBackOnlyTheInnerPart) {
  Status st = store().transaction([&]() -> Status {
    if (!add_feed(store(), "https://outer.example/feed")) return fail(ErrorCode::kInternal, "x");
    Status inner = store().transaction([&]() -> Status {
      if (!add_feed(store(), "https://inner.example/feed")) return fail(ErrorCode::kInternal, "x");
      return fail(ErrorCode::kInvalidArgument, "inner refused");
    });
    EXPECT_FALSE(inner);
    return ok();
  });
  ASSERT_TRUE(st) << st.error().describe();
  auto feeds = list_feeds(store());
  ASSERT_TRUE(feeds);
  ASSERT_EQ(feeds->size(), 1u);
  EXPECT_EQ((*feeds)[0].spec.url, "https://outer.example/feed");
}

TEST_F(StoreTransaction, AConstraintViolationInsideIsReportedWithTheDatabasePath) {
  auto st = store().transaction(
      [&] { return append_change(store(), std::nullopt, "created", "{not json", at()); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kDatabase);
  EXPECT_NE(st.error().message.find(db_path()), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("append change"), std::string::npos) << st.error().message;
}

TEST_F(StoreTransaction, AReaderSeesCommittedDataOnlyWhileTheWriterWorks) {
  // An external tool (sqlite3, a BI tool) reading the views while the daemon writes.
  SQLite::Database reader(db_path(), SQLite::OPEN_READONLY);
  auto feeds_seen = [&] { return reader.execAndGet("SELECT count(*) FROM feeds").getInt(); };
  ASSERT_TRUE(add_feed(store(), "https://first.example/feed"));
  EXPECT_EQ(feeds_seen(), 1);

  Status st = store().transaction([&]() -> Status {
    if (!add_feed(store(), "https://second.example/feed")) return fail(ErrorCode::kInternal, "x");
    EXPECT_EQ(feeds_seen(), 1);  // not committed yet; the reader is not blocked either
    EXPECT_EQ(reader.execAndGet("SELECT count(*) FROM events_v").getInt(), 0);
    return ok();
  });
  ASSERT_TRUE(st);
  EXPECT_EQ(feeds_seen(), 2);
}

TEST_F(StoreTransaction, ASecondWriterWaitsForTheBusyTimeoutThenGetsAClearError) {
  StoreOptions impatient;
  impatient.busy_timeout_ms = 50;
  auto other = Store::open(db_path(), impatient);
  ASSERT_TRUE(other) << other.error().describe();
  Status st = store().transaction([&]() -> Status {
    if (!add_feed(store(), "https://a.example/feed")) return fail(ErrorCode::kInternal, "x");
    Status blocked = (*other)->transaction([&] { return ok(); });
    EXPECT_FALSE(blocked);
    if (!blocked) {
      EXPECT_EQ(blocked.error().code, ErrorCode::kDatabase);
      EXPECT_NE(blocked.error().message.find("busy_timeout"), std::string::npos)
          << blocked.error().message;
    }
    return ok();
  });
  ASSERT_TRUE(st);
  // Once the first writer committed, the second one gets its turn.
  EXPECT_TRUE((*other)->transaction([&] { return add_feed(**other, "https://b.example/f"); }));
}

}  // namespace
}  // namespace mw::store
