#include "daemon/logging.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/sinks/systemd_sink.h>
#include <spdlog/spdlog.h>

namespace mw {

namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

}  // namespace

Result<spdlog::level::level_enum> parse_log_level(std::string_view name) {
  using spdlog::level::level_enum;
  static constexpr std::pair<std::string_view, level_enum> kLevels[] = {
      {"trace", level_enum::trace}, {"debug", level_enum::debug},
      {"info", level_enum::info},   {"warn", level_enum::warn},
      {"error", level_enum::err},   {"critical", level_enum::critical},
      {"off", level_enum::off}};
  for (const auto& [text, level] : kLevels) {
    if (name == text) return level;
  }
  return fail(ErrorCode::kInvalidArgument,
              "unknown log level \"" + std::string(name) +
                  "\" (use trace, debug, info, warn, error, critical or off)");
}

void setup_logging(std::string_view level, bool to_journal) {
  spdlog::sink_ptr sink;
  if (to_journal) {
    // The journal stamps time, PID and unit itself, and maps spdlog levels to syslog
    // priorities (warn -> LOG_WARNING, ...), so `journalctl -p warning` works.
    sink = std::make_shared<spdlog::sinks::systemd_sink_mt>("missionwatch");
    sink->set_pattern("%v");
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %-5l %v");
  }
  auto logger = std::make_shared<spdlog::logger>("missionwatch", sink);
  auto parsed = parse_log_level(level);
  logger->set_level(parsed ? *parsed : spdlog::level::info);
  // Warnings and errors reach the journal or terminal at once; info may batch.
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  if (!parsed) spdlog::warn("{}; logging at info", parsed.error().message);
}

bool should_log_to_journal(const LogEnvironment& env) {
  if (!env.journal_stream.empty() && env.stderr_valid) {
    std::string ours = std::to_string(env.stderr_device) + ":" + std::to_string(env.stderr_inode);
    if (env.journal_stream == ours) return true;
  }
  return !env.invocation_id.empty() && !env.stderr_is_terminal;
}

void setup_logging_for_process(std::string_view level) {
  LogEnvironment env;
  env.journal_stream = env_or_empty("JOURNAL_STREAM");
  env.invocation_id = env_or_empty("INVOCATION_ID");
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) == 0) {
    env.stderr_valid = true;
    env.stderr_device = static_cast<unsigned long long>(st.st_dev);
    env.stderr_inode = static_cast<unsigned long long>(st.st_ino);
  }
  env.stderr_is_terminal = isatty(STDERR_FILENO) == 1;
  setup_logging(level, should_log_to_journal(env));
}

std::string redact(std::string_view text, std::span<const std::string> secrets) {
  std::string out(text);
  for (const std::string& secret : secrets) {
    if (secret.size() < 4) continue;
    std::size_t at = 0;
    while ((at = out.find(secret, at)) != std::string::npos) {
      out.replace(at, secret.size(), "[redacted]");
      at += 10;
    }
  }
  return out;
}

}  // namespace mw
