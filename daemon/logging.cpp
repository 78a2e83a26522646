#include "daemon/logging.h"

#include <sys/stat.h>
#include <sys/uio.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mw {

namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

thread_local LogContext t_log_context;

// Sends each record to the journal with its priority and the thread's LogContext fields.
// (spdlog's own systemd_sink sends only MESSAGE, PRIORITY and SYSLOG_IDENTIFIER.)
class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit JournalSink(std::string identifier) : identifier_(std::move(identifier)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t text;
    formatter_->format(msg, text);
    std::string_view message(text.data(), text.size());
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) {
      message.remove_suffix(1);
    }
    // The record belongs to the thread that logs it: spdlog calls sinks synchronously.
    const std::vector<std::string> fields =
        journal_fields(msg.level, message, t_log_context, identifier_);
    std::vector<iovec> iov;
    iov.reserve(fields.size());
    for (const std::string& f : fields) {
      iov.push_back({const_cast<char*>(f.data()), f.size()});
    }
    // A journal that is not there (a container without journald) loses the record rather
    // than failing the caller; there is nowhere better to report it.
    sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
  }
  void flush_() override {}

 private:
  std::string identifier_;
};

}  // namespace

ScopedLogContext::ScopedLogContext(const LogContext& fields) : previous_(t_log_context) {
  if (!fields.feed.empty()) t_log_context.feed = fields.feed;
  if (!fields.url.empty()) t_log_context.url = fields.url;
  if (!fields.event_id.empty()) t_log_context.event_id = fields.event_id;
}

ScopedLogContext::~ScopedLogContext() {
  t_log_context = std::move(previous_);
}

const LogContext& current_log_context() {
  return t_log_context;
}

int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug: return 7;     // LOG_DEBUG
    case spdlog::level::info: return 6;      // LOG_INFO
    case spdlog::level::warn: return 4;      // LOG_WARNING
    case spdlog::level::err: return 3;       // LOG_ERR
    case spdlog::level::critical: return 2;  // LOG_CRIT
    default: return 6;
  }
}

std::vector<std::string> journal_fields(spdlog::level::level_enum level, std::string_view message,
                                        const LogContext& context, std::string_view identifier) {
  std::vector<std::string> fields;
  fields.push_back("MESSAGE=" + std::string(message));
  fields.push_back("PRIORITY=" + std::to_string(syslog_priority(level)));
  fields.push_back("SYSLOG_IDENTIFIER=" + std::string(identifier));
  if (!context.feed.empty()) fields.push_back("FEED=" + context.feed);
  if (!context.url.empty()) fields.push_back("URL=" + context.url);
  if (!context.event_id.empty()) fields.push_back("EVENT_ID=" + context.event_id);
  return fields;
}

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
    // The journal stamps time, PID and unit itself; each record carries its syslog priority
    // (so `journalctl -p warning` works) and the thread's FEED=/URL=/EVENT_ID= fields.
    sink = std::make_shared<JournalSink>("missionwatch");
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
