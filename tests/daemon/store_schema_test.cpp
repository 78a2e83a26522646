// The store's file handling, pragmas and migrations: fresh files, upgrades from older schema
// versions, refusal of newer ones, and what a failed migration leaves behind (nothing).
#include <sys/stat.h>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/store/feed_repository.h"
#include "daemon/store/migrations.h"
#include "daemon/store/store.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::TempDir;

std::vector<std::string> schema_objects(const std::string& path, const std::string& type) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement q(db,
                      "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' "
                      "ORDER BY name");
  q.bind(1, type);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

int user_version(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet("PRAGMA user_version").getInt();
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

mode_t file_mode(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(StoreSchema, FreshFileGetsEveryTableBothViewsAndTheLatestVersion) {
  TempDir dir;
  auto store = Store::open(dir.file("a.db"));
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  EXPECT_EQ((*store)->opened_at_version(), 0);
  EXPECT_EQ(user_version(dir.file("a.db")), latest_schema_version());
  EXPECT_EQ(schema_objects(dir.file("a.db"), "table"),
            (std::vector<std::string>{"alerts", "articles", "changes", "deliveries", "entries",
                                      "event_mentions", "event_sources", "events", "feeds",
                                      "meta", "schema_migrations"}));
  EXPECT_EQ(schema_objects(dir.file("a.db"), "view"),
            (std::vector<std::string>{"event_sources_v", "events_v"}));
  auto problems = (*store)->check_integrity();
  ASSERT_TRUE(problems);
  EXPECT_TRUE(problems->empty());
}

TEST(StoreSchema, IndexesForTheDaemonsQueriesExist) {
  TempDir dir;
  ASSERT_TRUE(Store::open(dir.file("a.db")));
  auto indexes = schema_objects(dir.file("a.db"), "index");
  for (const char* name : {"feeds_due", "events_identity", "deliveries_due",
                           "articles_canonical_url", "articles_content_hash", "entries_pending"}) {
    EXPECT_NE(std::find(indexes.begin(), indexes.end(), name), indexes.end()) << name;
  }
}

TEST(StoreSchema, PragmasAreWalNormalForeignKeysAndBusyTimeout) {
  TempDir dir;
  auto store = Store::open(dir.file("a.db"));
  ASSERT_TRUE(store);
  SQLite::Database& db = (*store)->db();
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("PRAGMA synchronous").getInt(), 1);  // NORMAL
  EXPECT_EQ(db.execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db.execAndGet("PRAGMA busy_timeout").getInt(), 5000);
}

TEST(StoreSchema, SynchronousFullIsAnOption) {
  TempDir dir;
  StoreOptions options;
  options.synchronous = Synchronous::kFull;
  options.busy_timeout_ms = 1234;
  auto store = Store::open(dir.file("a.db"), options);
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->db().execAndGet("PRAGMA synchronous").getInt(), 2);  // FULL
  EXPECT_EQ((*store)->db().execAndGet("PRAGMA busy_timeout").getInt(), 1234);
}

TEST(StoreSchema, NewFileHasMode0640EvenUnderAStrictUmask) {
  TempDir dir;
  mode_t old = ::umask(077);
  auto store = Store::open(dir.file("a.db"));
  ::umask(old);
  ASSERT_TRUE(store);
  EXPECT_EQ(file_mode(dir.file("a.db")), 0640u);
}

TEST(StoreSchema, ExistingFileKeepsItsMode) {
  TempDir dir;
  ASSERT_TRUE(Store::open(dir.file("a.db")));
  ASSERT_EQ(::chmod(dir.file("a.db").c_str(), 0600), 0);
  ASSERT_TRUE(Store::open(dir.file("a.db")));
  EXPECT_EQ(file_mode(dir.file("a.db")), 0600u);
}

TEST(StoreSchema, MissingParentFoldersAreCreatedWithMode0750) {
  TempDir dir;
  std::string path = dir.file("state/deeper/missionwatch.db");
  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ(file_mode(dir.file("state")), 0750u);
  EXPECT_EQ(file_mode(dir.file("state/deeper")), 0750u);
  EXPECT_EQ(file_mode(path), 0640u);
}

TEST(StoreSchema, AParentThatIsAFileIsAClearIoError) {
  TempDir dir;
  std::ofstream(dir.file("plain")) << "x";
  auto store = Store::open(dir.file("plain/missionwatch.db"));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_NE(store.error().message.find("is not a folder"), std::string::npos)
      << store.error().message;
}

TEST(StoreSchema, APathThatIsAFolderIsAClearIoError) {
  TempDir dir;
  auto store = Store::open(dir.path().string());
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kIo);
  EXPECT_NE(store.error().message.find("is a folder"), std::string::npos) << store.error().message;
}

TEST(StoreSchema, AFileThatIsNotADatabaseIsRefusedNamingIt) {
  TempDir dir;
  std::ofstream(dir.file("notes.db")) << std::string(4096, 'z');
  auto store = Store::open(dir.file("notes.db"));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
  EXPECT_NE(store.error().message.find(dir.file("notes.db")), std::string::npos);
  EXPECT_NE(store.error().message.find("not a database"), std::string::npos)
      << store.error().message;
}

TEST(StoreSchema, UpgradeFromVersionOneKeepsTheDataAndRecordsEachMigration) {
  TempDir dir;
  std::string path = dir.file("old.db");
  {
    // A version-1 database, as the first release would have left it, with a row in it.
    auto v1 = Store::open_with_migrations(path, {}, schema_migrations().first(1));
    ASSERT_TRUE(v1) << v1.error().describe();
    EXPECT_EQ((*v1)->schema_version(), 1);
    FeedSpec spec;
    spec.url = "https://example.org/feed.xml";
    spec.name = "Example";
    ASSERT_TRUE(upsert_feed(**v1, spec, at()));
  }
  EXPECT_EQ(schema_objects(path, "view"), std::vector<std::string>{});

  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().describe();
  EXPECT_EQ((*store)->opened_at_version(), 1);
  EXPECT_EQ((*store)->schema_version(), latest_schema_version());
  auto feed = find_feed_by_url(**store, "https://example.org/feed.xml");
  ASSERT_TRUE(feed && *feed);
  EXPECT_EQ((*feed)->spec.name, "Example");
  EXPECT_EQ(schema_objects(path, "view"),
            (std::vector<std::string>{"event_sources_v", "events_v"}));
  EXPECT_EQ((*store)->db().execAndGet("SELECT count(*) FROM schema_migrations").getInt(),
            latest_schema_version());
}

TEST(StoreSchema, AnAppendedMigrationRunsOnceOnAnExistingDatabase) {
  TempDir dir;
  std::string path = dir.file("a.db");
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    FeedSpec spec;
    spec.url = "https://example.org/rss";
    ASSERT_TRUE(upsert_feed(**store, spec, at()));
  }
  std::vector<Migration> next(schema_migrations().begin(), schema_migrations().end());
  next.push_back({"feeds.note", "ALTER TABLE feeds ADD COLUMN note TEXT NOT NULL DEFAULT 'n';"});
  for (int round = 0; round < 2; ++round) {
    auto store = Store::open_with_migrations(path, {}, next);
    ASSERT_TRUE(store) << store.error().describe();
    EXPECT_EQ((*store)->schema_version(), latest_schema_version() + 1);
    EXPECT_EQ((*store)->db().execAndGet("SELECT note FROM feeds").getString(), "n");
  }
}

TEST(StoreSchema, AFailingMigrationLeavesTheDatabaseAsItWas) {
  TempDir dir;
  std::string path = dir.file("a.db");
  ASSERT_TRUE(Store::open_with_migrations(path, {}, schema_migrations().first(1)));
  std::vector<Migration> broken(schema_migrations().begin(), schema_migrations().end());
  broken.push_back({"broken", "CREATE TABLE half_done (a); INSERT INTO no_such_table VALUES (1);"});
  auto store = Store::open_with_migrations(path, {}, broken);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kDatabase);
  EXPECT_NE(store.error().message.find("migration " + std::to_string(latest_schema_version() + 1) +
                                       " (broken) failed"),
            std::string::npos)
      << store.error().message;
  // All pending migrations share one transaction: 2 up to the latest are rolled back with it.
  EXPECT_EQ(user_version(path), 1);
  auto tables = schema_objects(path, "table");
  EXPECT_EQ(std::find(tables.begin(), tables.end(), "events"), tables.end());
  EXPECT_EQ(std::find(tables.begin(), tables.end(), "half_done"), tables.end());
}

TEST(StoreSchema, ANewerSchemaVersionIsRefusedAndTheFileIsNotModified) {
  TempDir dir;
  std::string path = dir.file("future.db");
  ASSERT_TRUE(Store::open(path));
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }  // the last connection checkpoints the WAL into the file
  const std::string before = file_bytes(path);
  struct stat st_before {};
  ASSERT_EQ(::stat(path.c_str(), &st_before), 0);

  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(store.error().message.find("schema version 99 is newer"), std::string::npos)
      << store.error().message;
  EXPECT_NE(store.error().message.find("not modified"), std::string::npos);

  struct stat st_after {};
  ASSERT_EQ(::stat(path.c_str(), &st_after), 0);
  EXPECT_EQ(file_bytes(path), before);
  EXPECT_EQ(st_after.st_mtim.tv_sec, st_before.st_mtim.tv_sec);
  EXPECT_EQ(st_after.st_mtim.tv_nsec, st_before.st_mtim.tv_nsec);
  EXPECT_EQ(user_version(path), 99);
}

TEST(StoreSchema, WithoutMigrateAnOlderDatabaseOpensAsItIs) {
  TempDir dir;
  std::string path = dir.file("old.db");
  ASSERT_TRUE(Store::open_with_migrations(path, {}, schema_migrations().first(2)));
  StoreOptions options;
  options.migrate = false;
  auto store = Store::open(path, options);
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->schema_version(), 2);
  EXPECT_EQ(user_version(path), 2);
}

TEST(StoreSchema, ReopeningAtTheLatestVersionAppliesNothing) {
  TempDir dir;
  ASSERT_TRUE(Store::open(dir.file("a.db")));
  auto again = Store::open(dir.file("a.db"));
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->opened_at_version(), latest_schema_version());
  EXPECT_EQ((*again)->db().execAndGet("SELECT count(*) FROM schema_migrations").getInt(),
            latest_schema_version());
}

TEST(StoreSchema, AnEmptyPathIsAnInvalidArgument) {
  auto store = Store::open("");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace mw::store
