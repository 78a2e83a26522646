// Near-duplicate fingerprints in the store: articles.minhash (migration 4), written and read back
// as bytes, the candidate query article_fingerprints_since, and the upgrade of a version-3 file.
#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "classifiers/near_duplicate.h"
#include "daemon/store/article_repository.h"
#include "daemon/store/migrations.h"
#include "daemon/store/sql_time.h"
#include "daemon/store/store.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::StoreTest;
using testing::TempDir;

using StoreFingerprints = StoreTest;

// Every byte value, NUL included: a BLOB must come back byte for byte, never cut at a NUL.
std::string all_bytes() {
  std::string s;
  for (int i = 0; i < 256; ++i) s.push_back(static_cast<char>(i));
  return s;
}

ArticleRecord article(const std::string& hash, std::optional<std::string> minhash) {
  ArticleRecord a;
  a.title = "t " + hash;
  a.text = "body";
  a.content_hash = hash;
  a.minhash = std::move(minhash);
  return a;
}

TEST_F(StoreFingerprints, MinhashBytesRoundTripThroughInsertAndGet) {
  auto id = insert_article(store(), article("h1", all_bytes()), at());
  ASSERT_TRUE(id) << id.error().describe();
  auto got = get_article(store(), *id);
  ASSERT_TRUE(got && *got);
  ASSERT_TRUE((*got)->minhash.has_value());
  EXPECT_EQ(*(*got)->minhash, all_bytes());
  EXPECT_EQ(store().db().execAndGet("SELECT typeof(minhash) FROM articles").getString(), "blob");
}

TEST_F(StoreFingerprints, AnArticleWithoutMinhashReadsBackWithout) {
  auto id = insert_article(store(), article("h1", std::nullopt), at());
  ASSERT_TRUE(id);
  auto got = get_article(store(), *id);
  ASSERT_TRUE(got && *got);
  EXPECT_FALSE((*got)->minhash.has_value());
}

TEST_F(StoreFingerprints, RealFingerprintDecodesAfterTheRoundTrip) {
  Fingerprint fp = fingerprint_text(
      "North Korea closes embassy in Spain",
      "North Korea has closed its embassy in Madrid, the foreign ministry in Seoul said on "
      "Thursday, the third closure of a diplomatic mission this autumn after Angola and Uganda.");
  ASSERT_EQ(fp.minhash.size(), kMinhashSlots);
  auto id = insert_article(store(), article(fp.content_hash, encode_minhash(fp)), at());
  ASSERT_TRUE(id);
  auto rows = article_fingerprints_since(store(), at(), 10);
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].content_hash, fp.content_hash);
  auto decoded = decode_minhash((*rows)[0].minhash);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, fp.minhash);
}

TEST_F(StoreFingerprints, CandidatesAreRecentArticlesWithAMinhashNewestFirstUpToTheLimit) {
  // 0 is too old, 2 has no minhash, 3 has an empty one (a text too short to fingerprint).
  ASSERT_TRUE(insert_article(store(), article("h0", "m0"), at(0)));
  ASSERT_TRUE(insert_article(store(), article("h1", "m1"), at(100)));
  ASSERT_TRUE(insert_article(store(), article("h2", std::nullopt), at(200)));
  ASSERT_TRUE(insert_article(store(), article("h3", ""), at(250)));
  auto copy = article("h4", "m4");
  copy.duplicate_of = 2;
  ASSERT_TRUE(insert_article(store(), copy, at(300)));
  ASSERT_TRUE(insert_article(store(), article("h5", "m5"), at(400)));

  auto rows = article_fingerprints_since(store(), at(100), 10);
  ASSERT_TRUE(rows) << rows.error().describe();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].content_hash, "h5");
  EXPECT_EQ((*rows)[1].content_hash, "h4");
  EXPECT_EQ((*rows)[1].minhash, "m4");
  EXPECT_EQ((*rows)[1].duplicate_of, std::optional<std::int64_t>(2));
  EXPECT_EQ((*rows)[2].content_hash, "h1");
  EXPECT_EQ((*rows)[2].duplicate_of, std::nullopt);

  auto limited = article_fingerprints_since(store(), at(100), 2);
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].content_hash, "h5");
  EXPECT_EQ((*limited)[1].content_hash, "h4");

  auto none = article_fingerprints_since(store(), at(401), 10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(StoreFingerprintMigration, AVersionThreeDatabaseGainsTheMinhashColumnAndKeepsItsArticles) {
  ASSERT_GE(latest_schema_version(), 4);
  TempDir dir;
  std::string path = dir.file("v3.db");
  {
    // A version-3 database with an article, written the way that release wrote it.
    auto v3 = Store::open_with_migrations(path, {}, schema_migrations().first(3));
    ASSERT_TRUE(v3) << v3.error().describe();
    EXPECT_EQ((*v3)->schema_version(), 3);
    SQLite::Statement ins((*v3)->db(),
                          "INSERT INTO articles (title, text, content_hash, ingested_at) "
                          "VALUES ('old', 'old text', 'h-old', ?)");
    ins.bind(1, to_sql_time(at()));
    ins.exec();
  }
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ((*store)->opened_at_version(), 3);
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  EXPECT_EQ((*store)
                ->db()
                .execAndGet("SELECT count(*) FROM pragma_table_info('articles') "
                            "WHERE name = 'minhash' AND type = 'BLOB'")
                .getInt(),
            1);

  auto old = find_article_by_content_hash(**store, "h-old");
  ASSERT_TRUE(old && *old) << (old ? "" : old.error().describe());
  EXPECT_EQ((*old)->text, "old text");
  EXPECT_FALSE((*old)->minhash.has_value());
  // An article stored before fingerprints existed is never a near-duplicate candidate...
  auto rows = article_fingerprints_since(**store, at(-10), 10);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
  // ...and new articles carry theirs.
  ASSERT_TRUE(insert_article(**store, article("h-new", "bytes"), at(5)));
  rows = article_fingerprints_since(**store, at(-10), 10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].minhash, "bytes");
}

}  // namespace
}  // namespace mw::store
