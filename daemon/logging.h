#pragma once
// Logging for the service and the commands: spdlog, to the systemd journal (with syslog
// priorities) when systemd started us, otherwise to standard error with timestamps.
//
//   setup_logging_for_process(config.service.log_level);   // once, after the config is loaded
//   spdlog::info("feed {}: {} new entries", feed.url, n);
//
// Secrets are never logged: pass a mw::Secret (it formats as "[redacted]"), log
// describe_secret(ref) ("secret from file X"), and run text that may quote a secret (an
// upstream error body) through redact().
#include <span>
#include <string>
#include <string_view>

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

// `text` with every occurrence of each secret (of 4 characters or more: shorter ones would blot
// out ordinary words) replaced by "[redacted]".
std::string redact(std::string_view text, std::span<const std::string> secrets);

}  // namespace mw
