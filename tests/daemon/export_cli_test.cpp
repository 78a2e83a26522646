// `missionwatch export`, run as the real binary (MW_BINARY): every change after --since exactly
// once and in order, resuming, CSV quoting, a stable source, and --follow seeing a change that
// another connection commits, then ending on SIGTERM or on a closed pipe.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/changefeed.h"
#include "daemon/store/changefeed_repository.h"
#include "daemon/store/migrations.h"
#include "tests/daemon/changefeed_fixture.h"
#include "tests/support/run_process.h"

extern char** environ;

namespace mw {
namespace {

using changefeed_testing::World;
using mw::testing::ProcessResult;
using mw::testing::run_process;
using store::testing::at;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::int64_t> seqs_of(const std::string& jsonl) {
  std::vector<std::int64_t> out;
  for (const auto& line : lines_of(jsonl)) {
    auto j = nlohmann::json::parse(line);
    out.push_back(std::stoll(j["id"].get<std::string>()));
  }
  return out;
}

// "urn:missionwatch:" + a lower-case version 4 UUID.
bool is_instance_source(const std::string& s) {
  const std::string prefix = "urn:missionwatch:";
  if (s.rfind(prefix, 0) != 0) return false;
  const std::string uuid = s.substr(prefix.size());
  if (uuid.size() != 36) return false;
  for (std::size_t i = 0; i < uuid.size(); ++i) {
    const char c = uuid[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return uuid[14] == '4' && std::string("89ab").find(uuid[19]) != std::string::npos;
}

// missionwatch export --follow as a child whose stdout is a pipe we read line by line.
class FollowProcess {
 public:
  FollowProcess(const std::vector<std::string>& argv) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    read_fd_ = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
  }
  ~FollowProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    close_pipe();
  }
  bool started() const { return pid_ > 0; }

  // The next line, or "" when none came within `timeout`.
  std::string read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return "";
      pollfd p{read_fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::read(read_fd_, buf, sizeof buf);
      if (n <= 0) return "";
      buffer_.append(buf, static_cast<std::size_t>(n));
    }
  }

  void close_pipe() {
    if (read_fd_ >= 0) ::close(read_fd_);
    read_fd_ = -1;
  }

  // Exit code after waiting up to `timeout` (-1 if it is still running, 128+N for signal N).
  int wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
  std::string buffer_;
};

class ExportCli : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    world_ = changefeed_testing::seed_world(store());
  }
  ProcessResult exported(std::vector<std::string> args) {
    std::vector<std::string> argv = {MW_BINARY, "--db", db_path(), "export"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }
  std::vector<std::string> follow_argv(const std::string& since) {
    return {MW_BINARY,  "--db",    db_path(), "export",
            "--follow", "--since", since,     "--poll-interval-ms",
            "100"};
  }
  World world_;
};

TEST_F(ExportCli, SinceZeroThenSinceNReturnsEveryChangeOnceInOrder) {
  auto all = exported({"--since", "0"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(seqs_of(all.out), world_.seqs);

  // A loader that stored the first two resumes after the second, then a new change arrives.
  auto rest = exported({"--since", std::to_string(world_.seqs[1])});
  ASSERT_EQ(rest.exit_code, 0) << rest.err;
  EXPECT_EQ(seqs_of(rest.out),
            std::vector<std::int64_t>(world_.seqs.begin() + 2, world_.seqs.end()));

  const std::int64_t last = world_.seqs.back();
  const std::int64_t next =
      changefeed_testing::record_change(store(), world_.angola, "updated", at(900));
  auto more = exported({"--since", std::to_string(last)});
  ASSERT_EQ(more.exit_code, 0) << more.err;
  EXPECT_EQ(seqs_of(more.out), std::vector<std::int64_t>{next});

  auto none = exported({"--since", std::to_string(next)});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "");
}

TEST_F(ExportCli, LimitThenResumeFromTheLastPrintedSequenceContinuesExactly) {
  std::vector<std::int64_t> seen;
  std::int64_t since = 0;
  for (int round = 0; round < 10; ++round) {
    auto r = exported({"--since", std::to_string(since), "--limit", "2"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto got = seqs_of(r.out);
    EXPECT_LE(got.size(), 2u);
    if (got.empty()) break;
    seen.insert(seen.end(), got.begin(), got.end());
    since = got.back();
  }
  EXPECT_EQ(seen, world_.seqs);
}

TEST_F(ExportCli, EnvelopesCarryAStableSourceAndTheRecordAtEachChange) {
  auto a = exported({});
  auto b = exported({"--format", "jsonl"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, b.out);  // the same bytes every time: consumers dedupe on (source, id)
  auto lines = lines_of(a.out);
  ASSERT_EQ(lines.size(), world_.seqs.size());
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_TRUE(is_instance_source(first["source"].get<std::string>())) << first["source"];
  EXPECT_EQ(first["type"], "org.missionwatch.event.created");
  EXPECT_EQ(first["subject"], std::to_string(world_.spain));
  EXPECT_EQ(first["data"]["source_count"], 1);
  EXPECT_EQ(first["data"]["status"], "announced");
  auto last = nlohmann::json::parse(lines.back());
  EXPECT_EQ(last["source"], first["source"]);
  EXPECT_EQ(last["type"], "org.missionwatch.event.updated");
  EXPECT_EQ(last["data"]["status"], "completed");
  EXPECT_EQ(last["data"]["source_count"], 2);
  EXPECT_EQ(last["sequence"], sequence_string(world_.seqs.back()));
}

TEST_F(ExportCli, EachDatabaseHasItsOwnSource) {
  store::testing::TempDir other;
  const std::string other_db = other.file("other.db");
  {
    auto opened = store::Store::open(other_db);
    ASSERT_TRUE(opened);
    changefeed_testing::seed_world(**opened);
  }
  auto a = exported({"--limit", "1"});
  auto b = run_process({MW_BINARY, "--db", other_db, "export", "--limit", "1"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(nlohmann::json::parse(a.out)["source"], nlohmann::json::parse(b.out)["source"]);
  EXPECT_EQ(nlohmann::json::parse(a.out)["id"], nlohmann::json::parse(b.out)["id"]);
}

TEST_F(ExportCli, CsvHasAHeaderAndQuotesWhatNeedsQuoting) {
  auto r = exported({"--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("\r\n") + 2), changes_csv_header());
  // The first change: Spain created; its data holds the title with a comma and quotes and the
  // evidence with a line break, so the data field is quoted with doubled quotes.
  const std::string row1 = r.out.substr(changes_csv_header().size());
  EXPECT_EQ(row1.rfind(std::to_string(world_.seqs[0]) + ",2026-03-01T12:00:00.000Z,created," +
                           std::to_string(world_.spain) +
                           ",dprk_abroad,ES,Madrid,close,announced,,1,1,\"{",
                       0),
            0u)
      << row1;
  EXPECT_NE(r.out.find(R"(Spain, \""for good\"")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("it said, \\\"\"will close\\\"\".\\nIt did."), std::string::npos) << r.out;
  // One row per change: data holds no raw line break (JSON escapes it), so rows are lines.
  std::size_t rows = 0;
  for (std::size_t p = 0; (p = r.out.find("\r\n", p)) != std::string::npos; p += 2) ++rows;
  EXPECT_EQ(rows, world_.seqs.size() + 1);

  auto no_header =
      exported({"--format", "csv", "--no-header", "--since", std::to_string(world_.seqs[3])});
  ASSERT_EQ(no_header.exit_code, 0);
  EXPECT_EQ(no_header.out.rfind(std::to_string(world_.seqs[4]) + ",", 0), 0u) << no_header.out;
}

TEST_F(ExportCli, BadArgumentsExitTwo) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--since", "-1"},
                                             {"--since", "ten"},
                                             {"--format", "xml"},
                                             {"--limit", "0"},
                                             {"--poll-interval-ms", "0"}}) {
    auto r = exported(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(args) << "\n" << r.err;
    EXPECT_FALSE(r.err.empty());
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(ExportCli, FollowPrintsTheBacklogThenChangesCommittedByAnotherConnectionAndStopsOnSigterm) {
  FollowProcess p(follow_argv(std::to_string(world_.seqs[2])));
  ASSERT_TRUE(p.started());
  using std::chrono::milliseconds;
  EXPECT_EQ(seqs_of(p.read_line(milliseconds(10000))), std::vector<std::int64_t>{world_.seqs[3]});
  EXPECT_EQ(seqs_of(p.read_line(milliseconds(10000))), std::vector<std::int64_t>{world_.seqs[4]});
  EXPECT_EQ(p.read_line(milliseconds(300)), "");  // caught up: nothing more yet

  // Another connection (a second Store on the same file, as the service would be) commits.
  std::int64_t s1 = 0, s2 = 0;
  {
    auto writer = store::Store::open(db_path());
    ASSERT_TRUE(writer);
    auto st = (*writer)->transaction([&]() -> Status {
      s1 = changefeed_testing::record_change(**writer, world_.angola, "updated", at(1000));
      s2 = changefeed_testing::record_change(**writer, world_.denmark, "updated", at(1001));
      return ok();
    });
    ASSERT_TRUE(st);
  }
  EXPECT_EQ(seqs_of(p.read_line(milliseconds(10000))), std::vector<std::int64_t>{s1});
  EXPECT_EQ(seqs_of(p.read_line(milliseconds(10000))), std::vector<std::int64_t>{s2});

  ASSERT_EQ(::kill(p.pid(), SIGTERM), 0);
  EXPECT_EQ(p.wait_exit(milliseconds(10000)), 0);
}

TEST_F(ExportCli, FollowStopsOnSigintToo) {
  // Its first line shows it is up (signals are blocked before anything is printed).
  FollowProcess p(follow_argv(std::to_string(world_.seqs[3])));
  ASSERT_TRUE(p.started());
  EXPECT_FALSE(p.read_line(std::chrono::milliseconds(10000)).empty());
  EXPECT_EQ(p.read_line(std::chrono::milliseconds(300)), "");
  ASSERT_EQ(::kill(p.pid(), SIGINT), 0);
  EXPECT_EQ(p.wait_exit(std::chrono::milliseconds(10000)), 0);
}

TEST_F(ExportCli, FollowEndsWithExitZeroWhenTheReaderClosesThePipe) {
  FollowProcess p(follow_argv("0"));
  ASSERT_TRUE(p.started());
  EXPECT_FALSE(p.read_line(std::chrono::milliseconds(10000)).empty());
  p.close_pipe();  // like `export --follow | head -1` once head has its line
  EXPECT_EQ(p.wait_exit(std::chrono::milliseconds(10000)), 0);
}

}  // namespace
}  // namespace mw

namespace mw {
namespace {

// The source's instance id: minted by migration 5, the same after reopening, and given to a
// database upgraded from version 4 too.
TEST(InstanceId, IsMintedOnceAndKeptAcrossReopenAndUpgrade) {
  store::testing::TempDir dir;
  std::string first;
  {
    auto db = store::Store::open(dir.file("a.db"));
    ASSERT_TRUE(db);
    auto id = store::database_instance_id(**db);
    ASSERT_TRUE(id) << id.error().describe();
    EXPECT_TRUE(is_instance_source(changefeed_source(*id))) << *id;
    first = *id;
  }
  {
    auto again = store::Store::open(dir.file("a.db"));
    ASSERT_TRUE(again);
    auto id = store::database_instance_id(**again);
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, first);
  }
  auto migrations = store::schema_migrations();
  {
    auto v4 = store::Store::open_with_migrations(dir.file("old.db"), {}, migrations.first(4));
    ASSERT_TRUE(v4);
  }
  auto upgraded = store::Store::open(dir.file("old.db"));
  ASSERT_TRUE(upgraded);
  EXPECT_EQ((*upgraded)->opened_at_version(), 4);
  auto id = store::database_instance_id(**upgraded);
  ASSERT_TRUE(id) << id.error().describe();
  EXPECT_TRUE(is_instance_source(changefeed_source(*id))) << *id;
  EXPECT_NE(*id, first);
}

}  // namespace
}  // namespace mw
