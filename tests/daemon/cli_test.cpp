// The command line, end to end: runs the real missionwatch binary (MW_BINARY) and checks exit
// codes (0 ok, 1 runtime failure, 2 usage or config error) and what it prints.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace mw {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mw_cli_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `missionwatch args...` in dir_ with a clean systemd-free environment plus `env`
  // ("NAME=value ..."), capturing both streams.
  RunResult run(const std::string& args, const std::string& env = "") {
    std::string err_file = (dir_ / "stderr.txt").string();
    std::string cmd = "cd " + quote(dir_.string()) +
                      " && env -u STATE_DIRECTORY -u CREDENTIALS_DIRECTORY -u JOURNAL_STREAM "
                      "-u INVOCATION_ID " +
                      env + " " + quote(MW_BINARY) + " " + args + " 2>" + quote(err_file);
    RunResult r;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) {
      ADD_FAILURE() << "popen failed for " << cmd;
      return r;
    }
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
    int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(err_file);
    std::stringstream ss;
    ss << in.rdbuf();
    r.err = ss.str();
    return r;
  }

  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    std::ofstream(p) << content;
    return p.string();
  }

  static std::string shipped() { return std::string(MW_SOURCE_DIR) + "/systemd/missionwatch.toml"; }

  fs::path dir_;
};

TEST_F(CliTest, HelpExitsZeroAndListsCommands) {
  RunResult r = run("--help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("version"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("check-config"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--config"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--db"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--log-level"), std::string::npos) << r.out;
}

TEST_F(CliTest, CommandHelpExitsZero) {
  RunResult r = run("check-config --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("check-config"), std::string::npos) << r.out;
}

TEST_F(CliTest, UnknownCommandIsAUsageError) {
  RunResult r = run("frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  // CLI11 2.1 reports "A subcommand is required" without naming the word it did not know.
  EXPECT_NE(r.err.find("subcommand"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(CliTest, NoCommandIsAUsageError) {
  EXPECT_EQ(run("").exit_code, 2);
}

TEST_F(CliTest, UnknownLogLevelIsAUsageError) {
  EXPECT_EQ(run("-v chatty version").exit_code, 2);
}

TEST_F(CliTest, VersionPrintsTheVersion) {
  RunResult r = run("version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("missionwatch 0.")) << r.out;
}

TEST_F(CliTest, CheckConfigAcceptsTheShippedFile) {
  RunResult r = run("check-config --config " + quote(shipped()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("ok: " + shipped() + ": ")) << r.out;
  EXPECT_NE(r.out.find("0 alert channels"), std::string::npos) << r.out;
  // No STATE_DIRECTORY: the database goes to a local state folder.
  EXPECT_NE(r.out.find("database state/missionwatch.db (auto)"), std::string::npos) << r.out;
}

TEST_F(CliTest, CheckConfigWithoutConfigUsesTheBuiltInDefault) {
  if (fs::exists("/etc/missionwatch/missionwatch.toml")) {
    GTEST_SKIP() << "/etc/missionwatch/missionwatch.toml exists and takes precedence";
  }
  RunResult r = run("check-config");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("ok: <built-in default>: ")) << r.out;
}

TEST_F(CliTest, StateDirectoryDecidesTheAutoDatabasePath) {
  fs::create_directories(dir_ / "var");
  RunResult r = run("check-config --config " + quote(shipped()),
                    "STATE_DIRECTORY=" + quote((dir_ / "var").string()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("database " + (dir_ / "var" / "missionwatch.db").string() + " (auto)"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, DbOptionOverridesTheConfig) {
  std::string db = (dir_ / "other.db").string();
  // Global options may come before or after the command name.
  RunResult before = run("--db " + quote(db) + " check-config --config " + quote(shipped()));
  RunResult after = run("check-config --config " + quote(shipped()) + " --db " + quote(db));
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(before.out.find("database " + db + " (--db)"), std::string::npos) << before.out;
  EXPECT_EQ(before.out, after.out);
}

TEST_F(CliTest, CheckConfigRejectsABrokenFileWithLineAndColumn) {
  std::string bad =
      write("bad.toml",
            "[service]\nconcurrency = \"16\"\n\n[[feeds]]\nurl = \"ftp://x.example/f\"\n"
            "intervall = \"15m\"\n");
  RunResult r = run("check-config --config " + quote(bad));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(bad + ":2:15: service.concurrency: expected an integer"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(bad + ":5:7: feeds[0].url: bad URL"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad + ":6:1: feeds[0].intervall: unknown key (did you mean `interval`?)"),
            std::string::npos)
      << r.err;
}

TEST_F(CliTest, CheckConfigRejectsTomlSyntaxErrors) {
  std::string bad = write("syntax.toml", "[service]\nlog_level = \"info\n");
  RunResult r = run("check-config --config " + quote(bad));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("TOML syntax error"), std::string::npos) << r.err;
}

TEST_F(CliTest, CheckConfigReportsAMissingConfigFile) {
  RunResult r = run("check-config --config " + quote((dir_ / "absent.toml").string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("absent.toml"), std::string::npos) << r.err;
}

TEST_F(CliTest, CheckConfigReportsAMissingSecretFile) {
  std::string cfg = write("hook.toml",
                          "[[alerts.webhook]]\nurl = \"https://hooks.example.org/x\"\n"
                          "secret_file = \"webhook-secret\"\n");
  RunResult r = run("check-config --config " + quote(cfg));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(cfg + ":3:15: alerts.webhook[0].secret_file: secret file"),
            std::string::npos)
      << r.err;
  write("webhook-secret", "whsec_dGVzdA==\n");  // beside the config: found now
  RunResult ok = run("check-config --config " + quote(cfg));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("1 alert channels"), std::string::npos) << ok.out;
  EXPECT_EQ(ok.out.find("whsec_"), std::string::npos) << "a secret value was printed";
}

}  // namespace
}  // namespace mw
