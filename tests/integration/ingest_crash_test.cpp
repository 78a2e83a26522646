// Crash safety of the pipeline: `missionwatch ingest` is killed with SIGKILL while it works
// through many articles. After the restart the database passes PRAGMA integrity_check, no
// article is half-stored (every stored article has its mentions, merged into events that list
// it as a source, with their changes and alerts), and finishing the run gives the same events
// as an uninterrupted run.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "daemon/store/alert_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/mention_repository.h"
#include "daemon/store/store.h"
#include "tests/support/run_process.h"

extern char** environ;

namespace mw {
namespace {

namespace fs = std::filesystem;
using testing::run_process;
using testing::slurp;

const fs::path kSeeds = fs::path(MW_SHARED_DIR) / "seeds";
constexpr int kCopies = 40;  // files per seed: 200 articles in all

class IngestCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is absent";
    dir_ = fs::temp_directory_path() / ("mw-crash-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "in");
    // Distinct files (each re-published with its own reference line), so that each one is a
    // new article: a copy of its seed's story, stored with its own transaction.
    int n = 0;
    for (const auto& entry : fs::directory_iterator(kSeeds)) {
      if (entry.path().extension() != ".txt") continue;
      const std::string text = slurp(entry.path());
      for (int i = 0; i < kCopies; ++i) {
        fs::path f = dir_ / "in" / (std::to_string(n++) + ".txt");
        std::ofstream(f) << text << "\n\nSyndication reference " << i << "-" << n << ".\n";
        files_.push_back(f.string());
      }
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  std::vector<std::string> ingest_argv(const std::string& db) {
    std::vector<std::string> argv = {MW_BINARY, "--db", db, "ingest", "--published", "2023-11-02"};
    argv.insert(argv.end(), files_.begin(), files_.end());
    return argv;
  }

  struct Snapshot {
    std::map<std::string, int> events;  // "dir CC action [h]" -> sources
    int alerts = 0;
  };

  // Checks the invariants of a consistent store and returns what it holds.
  Snapshot check_consistent(const std::string& db) {
    Snapshot snap;
    auto store = store::Store::open(db);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return snap;
    auto problems = (*store)->check_integrity();
    EXPECT_TRUE(problems && problems->empty()) << "integrity_check failed";

    auto& sql = (*store)->db();
    // Every article has at least one mention (only relevant articles are stored) ...
    EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                             "(SELECT 1 FROM event_mentions m WHERE m.article_id = a.id)")
                  .getInt(),
              0);
    // ... every mention is merged into an event that lists its article as a source ...
    EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM event_mentions m WHERE m.event_id IS NULL OR "
                             "NOT EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = "
                             "m.event_id AND s.article_id = m.article_id)")
                  .getInt(),
              0);
    // ... every event has its 'created' change, and every current event exactly one alert.
    EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM "
                             "changes c WHERE c.event_id = e.id AND c.type = 'created')")
                  .getInt(),
              0);
    EXPECT_EQ(sql.execAndGet("SELECT count(*) FROM events e WHERE e.historical = 0 AND "
                             "(SELECT count(*) FROM alerts a WHERE a.event_id = e.id) != 1")
                  .getInt(),
              0);
    auto events = store::list_events(**store, {});
    EXPECT_TRUE(events);
    if (!events) return snap;
    for (const auto& e : *events) {
      auto counts = store::count_event_sources(**store, e.id);
      snap.events[e.direction + " " + e.country + " " + e.action + (e.historical ? " h" : "")] =
          counts ? counts->sources : -1;
    }
    snap.alerts = sql.execAndGet("SELECT count(*) FROM alerts").getInt();
    return snap;
  }

  fs::path dir_;
  std::vector<std::string> files_;
};

TEST_F(IngestCrashTest, KilledMidRunLeavesAConsistentStoreAndFinishesToTheSameEvents) {
  // The reference: one uninterrupted run.
  const std::string clean_db = (dir_ / "clean.db").string();
  auto clean = run_process(ingest_argv(clean_db));
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  const Snapshot want = check_consistent(clean_db);
  ASSERT_FALSE(want.events.empty());

  // The victim: killed once a few articles are stored, well before the end.
  const std::string db = (dir_ / "crash.db").string();
  const fs::path out = dir_ / "victim.out";
  auto argv = ingest_argv(db);
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto lines = [&] {
    std::string s = slurp(out);
    return std::count(s.begin(), s.end(), '\n');
  };
  while (lines() < 10 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  const auto done_before_kill = lines();
  ASSERT_LT(done_before_kill, static_cast<long>(files_.size()));

  const Snapshot after_crash = check_consistent(db);
  EXPECT_LE(after_crash.events.size(), want.events.size());

  // Restart: the same command finishes the job (what was stored is recognised, the rest is
  // added) and ends where the uninterrupted run ended.
  auto resumed = run_process(ingest_argv(db));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const Snapshot final_snap = check_consistent(db);
  EXPECT_EQ(final_snap.events, want.events);
  EXPECT_EQ(final_snap.alerts, want.alerts);
}

}  // namespace
}  // namespace mw
