#pragma once
// Logging for the service and the commands: spdlog, to the systemd journal (with syslog
// priorities and structured fields) when systemd started us, otherwise to standard error with
// timestamps.
//
//   setup_logging_for_process(config.service.log_level);   // once, after the config is loaded
//   ScopedLogContext log_ctx({.feed = feed.name, .url = feed.url});  // this thread, this scope
//   spdlog::info("feed {}: {} new entries", feed.name, n);
//   // journal: MESSAGE=feed NK News: 3 new entries  PRIORITY=6  FEED=NK News  URL=https://...
//
// `journalctl -u missionwatch FEED="NK News"` then selects one feed's records, and
// `journalctl -u missionwatch EVENT_ID=42` one event's.
//
// Secrets are never logged: pass a mw::Secret (it formats as "[redacted]"), log
// describe_secret(ref) ("secret from file X"), and run text that may quote a secret (an
// upstream error body) through redact().
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>

#include "common/result.h"

namespace mw {

// "info" -> spdlog::level::info; accepts trace, debug, info, warn, error, critical, off.
Result<spdlog::level::level_enum> parse_log_level(std::string_view name);

// Replaces the default logger with one writing to the journal (to_journal) or to stderr, at
// `level` (an unknown name falls back to info, with a warning). Safe to call again (SIGHUP).
void setup_logging(std::string_view level, bool to_journal);

// The decision of setup_logging_for_process, pure so it can be tested. systemd sets
// JOURNAL_STREAM ("DEVICE:INODE") when stderr is connected to the journal; since a terminal
// started from a desktop session inherits that variable, it only counts when it names the
// stderr we actually have. INVOCATION_ID marks a systemd unit: then the journal is wanted even
// if stderr goes elsewhere, unless a person is watching a terminal.
struct LogEnvironment {
  std::string journal_stream;  // $JOURNAL_STREAM
  std::string invocation_id;   // $INVOCATION_ID
  unsigned long long stderr_device = 0;
  unsigned long long stderr_inode = 0;
  bool stderr_valid = false;  // fstat(2) succeeded
  bool stderr_is_terminal = false;
};
bool should_log_to_journal(const LogEnvironment& env);

// Reads the environment and stderr, then calls setup_logging.
void setup_logging_for_process(std::string_view level);

// Structured journal fields of the records logged by one thread (FEED=, URL=, EVENT_ID=). Empty
// members are not sent. The message text should still name the feed or event: on a terminal the
// fields are not shown.
struct LogContext {
  std::string feed{};      // FEED=: the feed's name
  std::string url{};       // URL=: the feed's or article's URL
  std::string event_id{};  // EVENT_ID=: the event's id in the store
};

// Sets the calling thread's LogContext for its lifetime: non-empty members replace the
// enclosing scope's, empty ones inherit them (a feed scope, then an event scope inside it).
// The previous context comes back on destruction. Not movable: a scope is a block.
class ScopedLogContext {
 public:
  explicit ScopedLogContext(const LogContext& fields);
  ~ScopedLogContext();
  ScopedLogContext(const ScopedLogContext&) = delete;
  ScopedLogContext& operator=(const ScopedLogContext&) = delete;

 private:
  LogContext previous_;
};

// The calling thread's current context (all empty outside any scope).
const LogContext& current_log_context();

// syslog priority of a spdlog level (trace/debug -> 7, info -> 6, warn -> 4, error -> 3,
// critical -> 2).
int syslog_priority(spdlog::level::level_enum level);

// The fields of one journal record, "NAME=value" each: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER,
// then FEED, URL, EVENT_ID when set. Pure, for tests; the journal sink sends exactly these.
std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view message,
                                        const LogContext& context, std::string_view identifier);

// `text` with every occurrence of each secret (of 4 characters or more: shorter ones would blot
// out ordinary words) replaced by "[redacted]".
std::string redact(std::string_view text, std::span<const std::string> secrets);

}  // namespace mw
