// `missionwatch export [--since SEQ] [--format jsonl|csv] [--follow] [--limit N] [--no-header]`:
// the changefeed for downstream databases. Prints every change with a sequence number greater
// than SEQ, in sequence order, each exactly once: as CloudEvents 1.0 JSON envelopes, one per line
// (jsonl), or as CSV rows (daemon/changefeed.h). A loader stores the last sequence it loaded and
// resumes with `--since` that number. With --follow the command keeps its connection and prints
// changes as they are committed, until SIGINT/SIGTERM or until the reader of its output goes
// away (EPIPE), both of which end it with exit code 0.
//
// Why polling and not a notification: the writer is another process (the service), and SQLite
// offers no cross-process change notification; a read of `changes WHERE seq > ?` on its primary
// key every 500 ms costs microseconds and, in WAL mode, never blocks the writer.
#include <poll.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "daemon/changefeed.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "daemon/signals.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/changefeed_repository.h"

namespace mw {

namespace {

struct ExportArgs {
  std::int64_t since = 0;
  std::string format = "jsonl";
  bool follow = false;
  std::int64_t limit = 0;  // 0 = no limit
  bool no_header = false;
  int poll_ms = 500;
};

// Rows read per query: bounds memory on a large backlog without costing round trips.
constexpr int kPageSize = 500;

enum class WriteResult { kOk, kClosed, kFailed };

// stdout through stdio, with the two endings told apart: the reader went away (EPIPE: a normal
// end for a pipeline such as `export --follow | head`) or a real failure (disk full…).
class Output {
 public:
  WriteResult write(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) return failure();
    return WriteResult::kOk;
  }
  WriteResult flush() { return std::fflush(stdout) == 0 ? WriteResult::kOk : failure(); }
  const std::string& error() const { return error_; }

 private:
  WriteResult failure() {
    const int err = errno;
    if (err == EPIPE) return WriteResult::kClosed;
    error_ = std::strerror(err);
    return WriteResult::kFailed;
  }
  std::string error_;
};

// Waits up to `ms` for a stop signal or for the reader of stdout to go away; true if either
// happened. poll() with no requested events still reports POLLERR on a pipe whose read end is
// closed, so an idle `--follow` notices a closed pipe without having to write.
bool wait_for_stop(SignalWatcher& signals, int ms) {
  pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {STDOUT_FILENO, 0, 0}};
  int n = ::poll(fds, 2, ms);
  if (n <= 0) return false;  // timeout, or EINTR: poll again after the next read
  if (fds[1].revents & (POLLERR | POLLHUP)) return true;
  if (fds[0].revents & POLLIN)
    return signals.wait(std::chrono::milliseconds(0)) == SignalEvent::kStop;
  return false;
}

Result<std::string> format_change(const store::ChangeRecord& change, const ExportArgs& args,
                                  const std::string& source) {
  if (args.format == "csv") return change_csv_row(change);
  auto envelope = change_envelope(change, source);
  if (!envelope) return tl::unexpected(envelope.error());
  return envelope->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int run_export(const CliContext& ctx, const ExportArgs& args) {
  constexpr const char* kCommand = "export";
  auto fail_with = [](const std::string& message) {
    std::cerr << "missionwatch export: " << message << "\n";
    return kExitFailure;
  };

  // Block SIGINT/SIGTERM before anything else so that a stop request between two polls is
  // queued for the signalfd instead of killing the process mid-line.
  std::optional<SignalWatcher> signals;
  if (args.follow) {
    auto created = SignalWatcher::create();
    if (!created) return fail_with(created.error().message);
    signals.emplace(std::move(*created));
  }
  // A closed pipe must come back as EPIPE from write(), not kill the process.
  std::signal(SIGPIPE, SIG_IGN);

  CommandEnvOptions options;
  options.sync_feeds = false;  // a reader: leave the feeds table alone
  auto env = open_command_env(ctx, kCommand, options);
  if (!env) return env.error();
  store::Store& db = *env->store;

  std::string source;
  if (args.format == "jsonl") {
    auto id = store::database_instance_id(db);
    if (!id) return fail_with(id.error().message);
    source = changefeed_source(*id);
  }

  Output out;
  auto finish = [&](WriteResult r) {
    if (r == WriteResult::kFailed)
      return fail_with("cannot write to standard output: " + out.error());
    return kExitOk;  // written, or the reader went away
  };

  if (args.format == "csv" && !args.no_header) {
    if (auto r = out.write(changes_csv_header()); r != WriteResult::kOk) return finish(r);
  }

  std::int64_t after = args.since;
  std::int64_t printed = 0;
  for (;;) {
    int page = kPageSize;
    if (args.limit > 0) page = static_cast<int>(std::min<std::int64_t>(page, args.limit - printed));
    auto batch = store::changes_after(db, after, page);
    if (!batch) return fail_with(batch.error().message);
    for (const store::ChangeRecord& change : *batch) {
      auto line = format_change(change, args, source);
      if (!line) return fail_with(line.error().message);
      if (auto r = out.write(*line); r != WriteResult::kOk) return finish(r);
      // Following: one flush per line, so a consumer sees each change as soon as it is read.
      if (args.follow) {
        if (auto r = out.flush(); r != WriteResult::kOk) return finish(r);
      }
      after = change.seq;
      ++printed;
    }
    if (args.limit > 0 && printed >= args.limit) break;
    if (static_cast<int>(batch->size()) == page) continue;  // more may be waiting
    if (!args.follow) break;
    if (auto r = out.flush(); r != WriteResult::kOk) return finish(r);
    if (wait_for_stop(*signals, args.poll_ms)) break;
  }
  return finish(out.flush());
}

}  // namespace

void add_export_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export",
      "Print the changefeed: every change after --since, in order, as CloudEvents JSON lines or "
      "CSV; resume with --since <last seq printed>");
  cmd->add_option("--since", args->since,
                  "Print changes with a sequence number greater than this (default 0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--format", args->format, "jsonl (CloudEvents 1.0 envelopes) or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  cmd->add_flag("--follow", args->follow,
                "Keep running and print new changes as they are committed (stop with SIGINT or "
                "SIGTERM)");
  cmd->add_option("--limit", args->limit, "Stop after this many changes (default: no limit)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--no-header", args->no_header, "csv: leave out the header line");
  cmd->add_option("--poll-interval-ms", args->poll_ms,
                  "--follow: how often to look for new changes, in ms (default 500)")
      ->check(CLI::Range(10, 60000));
  cmd->callback([&ctx, args] { ctx.exit_code = run_export(ctx, *args); });
}

}  // namespace mw
