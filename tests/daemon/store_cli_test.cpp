// `missionwatch db check` and `db migrate`, run as the real binary (MW_BINARY).
#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include "daemon/store/migrations.h"
#include "daemon/store/store.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::TempDir;

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs missionwatch with the arguments (each shell-quoted); stderr goes through a file.
CliRun run(const TempDir& dir, const std::vector<std::string>& args) {
  std::string cmd = quote(MW_BINARY);
  for (const std::string& a : args) cmd += " " + quote(a);
  std::string err_file = dir.file("stderr.txt");
  cmd += " 2>" + quote(err_file);
  CliRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err_file);
  r.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(StoreCli, DbCheckCreatesAMissingDatabaseAndReportsItsVersion) {
  TempDir dir;
  std::string db = dir.file("state/missionwatch.db");
  CliRun r = run(dir, {"db", "check", "--db", db});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "integrity: ok\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "schema_version: " + std::to_string(latest_schema_version()) + "\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "database: " + db + "\n")) << r.out;
}

TEST(StoreCli, DbCheckJsonIsOneObject) {
  TempDir dir;
  CliRun r = run(dir, {"--db", dir.file("a.db"), "db", "check", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["integrity"], "ok");
  EXPECT_EQ(j["schema_version"], latest_schema_version());
  EXPECT_EQ(j["latest_schema_version"], latest_schema_version());
  EXPECT_TRUE(j["problems"].empty());
}

TEST(StoreCli, DbCheckRefusesADatabaseFromANewerReleaseWithExit1) {
  TempDir dir;
  std::string db = dir.file("future.db");
  ASSERT_TRUE(Store::open(db));
  {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 42");
  }
  CliRun r = run(dir, {"db", "check", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "schema version 42 is newer")) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  SQLite::Database raw(db, SQLite::OPEN_READONLY);
  EXPECT_EQ(raw.execAndGet("PRAGMA user_version").getInt(), 42);
}

TEST(StoreCli, DbCheckOfAFileThatIsNotADatabaseExits1NamingIt) {
  TempDir dir;
  std::string db = dir.file("garbage.db");
  std::ofstream(db) << std::string(8192, '#');
  CliRun r = run(dir, {"db", "check", "--db", db});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, db)) << r.err;
}

TEST(StoreCli, DbCheckLeavesAnOlderDatabaseAloneAndDbMigrateUpgradesIt) {
  TempDir dir;
  std::string db = dir.file("old.db");
  ASSERT_TRUE(Store::open_with_migrations(db, {}, schema_migrations().first(1)));
  CliRun check = run(dir, {"db", "check", "--db", db});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_TRUE(contains(check.out, "schema_version: 1\n")) << check.out;
  EXPECT_TRUE(contains(check.out, "db migrate")) << check.out;

  CliRun migrate = run(dir, {"db", "migrate", "--db", db});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_TRUE(contains(migrate.out, "migrated from 1")) << migrate.out;
  CliRun again = run(dir, {"db", "check", "--db", db});
  EXPECT_TRUE(
      contains(again.out, "schema_version: " + std::to_string(latest_schema_version()) + "\n"))
      << again.out;
}

TEST(StoreCli, DbHelpListsItsCommandsAndDbAloneIsAUsageError) {
  TempDir dir;
  CliRun help = run(dir, {"db", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(contains(help.out, "check")) << help.out;
  EXPECT_TRUE(contains(help.out, "migrate")) << help.out;
  CliRun bare = run(dir, {"db"});
  EXPECT_EQ(bare.exit_code, 2);
}

}  // namespace
}  // namespace mw::store
