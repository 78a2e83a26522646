// Logging set-up decisions and secret redaction.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "daemon/logging.h"

namespace mw {
namespace {

TEST(LogLevel, ParsesEveryDocumentedName) {
  EXPECT_EQ(*parse_log_level("trace"), spdlog::level::trace);
  EXPECT_EQ(*parse_log_level("debug"), spdlog::level::debug);
  EXPECT_EQ(*parse_log_level("info"), spdlog::level::info);
  EXPECT_EQ(*parse_log_level("warn"), spdlog::level::warn);
  EXPECT_EQ(*parse_log_level("error"), spdlog::level::err);
  EXPECT_EQ(*parse_log_level("critical"), spdlog::level::critical);
  EXPECT_EQ(*parse_log_level("off"), spdlog::level::off);
  auto bad = parse_log_level("verbose");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("verbose"), std::string::npos);
}

TEST(LogTarget, JournalWhenStderrIsTheJournalStream) {
  LogEnvironment env;
  env.journal_stream = "8:12345";
  env.stderr_valid = true;
  env.stderr_device = 8;
  env.stderr_inode = 12345;
  EXPECT_TRUE(should_log_to_journal(env));
}

TEST(LogTarget, InheritedJournalStreamOfAnotherFileIsIgnored) {
  // A terminal opened from a desktop session inherits JOURNAL_STREAM; stderr is the tty.
  LogEnvironment env;
  env.journal_stream = "8:12345";
  env.stderr_valid = true;
  env.stderr_device = 25;
  env.stderr_inode = 3;
  env.stderr_is_terminal = true;
  EXPECT_FALSE(should_log_to_journal(env));
}

TEST(LogTarget, SystemdUnitWithoutTerminalUsesJournal) {
  LogEnvironment env;
  env.invocation_id = "0123456789abcdef";
  EXPECT_TRUE(should_log_to_journal(env));
  env.stderr_is_terminal = true;  // e.g. StandardError=tty: a person is watching
  EXPECT_FALSE(should_log_to_journal(env));
}

TEST(LogTarget, PlainShellUsesStderr) {
  LogEnvironment env;
  env.stderr_valid = true;
  EXPECT_FALSE(should_log_to_journal(env));
}

TEST(Logging, SetupInstallsDefaultLoggerAtLevel) {
  setup_logging("warn", false);
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::warn);
  EXPECT_EQ(spdlog::default_logger()->name(), "missionwatch");
  setup_logging("nonsense", false);  // falls back, does not throw
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info);
}

TEST(Redact, ReplacesEveryOccurrenceOfEachSecret) {
  std::vector<std::string> secrets = {"whsec_abc123", "pa55word", "ab"};
  EXPECT_EQ(redact("sig whsec_abc123 and pa55word, again whsec_abc123; ab stays", secrets),
            "sig [redacted] and [redacted], again [redacted]; ab stays");
  EXPECT_EQ(redact("nothing here", secrets), "nothing here");
  EXPECT_EQ(redact("", secrets), "");
}

}  // namespace
}  // namespace mw
