// Structured journal records: priorities and the FEED=/URL=/EVENT_ID= fields a thread attaches
// with ScopedLogContext (daemon/logging.h). The fields are built by a pure function, so the
// test needs no running journald.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <string>
#include <thread>
#include <vector>

#include "daemon/logging.h"

namespace mw {
namespace {

using Fields = std::vector<std::string>;

TEST(JournalFields, CarryMessagePriorityAndIdentifierOutsideAnyScope) {
  EXPECT_EQ(journal_fields(spdlog::level::warn, "feed x: HTTP 503", current_log_context(),
                           "missionwatch"),
            (Fields{"MESSAGE=feed x: HTTP 503", "PRIORITY=4", "SYSLOG_IDENTIFIER=missionwatch"}));
}

TEST(JournalFields, PrioritiesFollowSyslog) {
  EXPECT_EQ(syslog_priority(spdlog::level::trace), 7);
  EXPECT_EQ(syslog_priority(spdlog::level::debug), 7);
  EXPECT_EQ(syslog_priority(spdlog::level::info), 6);
  EXPECT_EQ(syslog_priority(spdlog::level::warn), 4);
  EXPECT_EQ(syslog_priority(spdlog::level::err), 3);
  EXPECT_EQ(syslog_priority(spdlog::level::critical), 2);
}

TEST(JournalFields, ScopeAddsFeedUrlAndEventIdAndNestedScopesInherit) {
  {
    ScopedLogContext feed({.feed = "NK News", .url = "https://www.nknews.org/feed/"});
    EXPECT_EQ(journal_fields(spdlog::level::info, "m", current_log_context(), "mw"),
              (Fields{"MESSAGE=m", "PRIORITY=6", "SYSLOG_IDENTIFIER=mw", "FEED=NK News",
                      "URL=https://www.nknews.org/feed/"}));
    {
      ScopedLogContext event({.url = "https://www.nknews.org/2026/11/a/", .event_id = "42"});
      EXPECT_EQ(journal_fields(spdlog::level::err, "m", current_log_context(), "mw"),
                (Fields{"MESSAGE=m", "PRIORITY=3", "SYSLOG_IDENTIFIER=mw", "FEED=NK News",
                        "URL=https://www.nknews.org/2026/11/a/", "EVENT_ID=42"}));
    }
    // The inner scope's fields are gone, the outer ones are back.
    EXPECT_EQ(current_log_context().url, "https://www.nknews.org/feed/");
    EXPECT_EQ(current_log_context().event_id, "");
  }
  EXPECT_EQ(current_log_context().feed, "");
  EXPECT_EQ(current_log_context().url, "");
}

TEST(JournalFields, ContextBelongsToTheThreadThatSetIt) {
  ScopedLogContext mine({.feed = "main thread feed"});
  std::string seen_by_other = "unset";
  std::thread other([&] { seen_by_other = current_log_context().feed; });
  other.join();
  EXPECT_EQ(seen_by_other, "");
  EXPECT_EQ(current_log_context().feed, "main thread feed");
}

TEST(JournalFields, MultiLineMessagesStayOneField) {
  Fields f = journal_fields(spdlog::level::info, "line one\nline two", LogContext{}, "mw");
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0], "MESSAGE=line one\nline two");
}

TEST(JournalLogging, JournalSinkAcceptsRecordsWithOrWithoutAJournal) {
  // Without journald (a container, CI) the records are dropped, never an error or a crash;
  // with one, they land there. Either way logging through the real sink must be safe.
  setup_logging("debug", /*to_journal=*/true);
  {
    ScopedLogContext ctx({.feed = "test feed", .url = "http://127.0.0.1/x", .event_id = "7"});
    spdlog::info("systemd_journal_test: structured record");
    spdlog::warn("systemd_journal_test: warning with\na second line");
  }
  spdlog::default_logger()->flush();
  setup_logging("info", /*to_journal=*/false);
  SUCCEED();
}

}  // namespace
}  // namespace mw
