// `missionwatch poll --once [--all] [--json]`: one poll cycle over the due feeds, then exit.
#include <unistd.h>
#include <cstdio>
#include <iostream>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "daemon/entry_processor.h"
#include "daemon/poller.h"
#include "daemon/stage_options.h"
#include "daemon/store/feed_repository.h"

namespace mw {

namespace {

struct PollArgs {
  bool once = false;
  bool all = false;
  bool json = false;
};

nlohmann::json report_json(const FeedPollReport& r) {
  nlohmann::json j{{"feed_id", r.feed_id},
                   {"name", r.name},
                   {"url", r.url},
                   {"outcome", std::string(to_string(r.outcome))},
                   {"http_status", r.http_status},
                   {"entries", r.entries},
                   {"new_entries", r.new_entries},
                   {"bozo", r.bozo},
                   {"next", r.next}};
  if (!r.error.empty()) j["error"] = r.error;
  if (!r.moved_to.empty()) j["moved_to"] = r.moved_to;
  return j;
}

int run_poll(const CliContext& ctx, const PollArgs& args) {
  if (!args.once) {
    std::cerr << "missionwatch poll: only --once is supported here; the service (`missionwatch "
                 "run`) polls continuously\n";
    return kExitUsage;
  }
  auto env = open_command_env(ctx, "poll");
  if (!env) return env.error();

  auto http = make_http_client(http_client_options(env->config));
  if (!http) {
    std::cerr << "missionwatch poll: " << http.error().message << "\n";
    return kExitUsage;
  }
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Poller poller(*env->store, **http, poller_options(env->config), [&] { return uniform(rng); });

  // A progress line only for a person watching a terminal, never in logs or pipes.
  const bool show_progress = !args.json && isatty(STDERR_FILENO);
  Poller::Progress progress;
  if (show_progress) {
    progress = [](int done, int total, int new_entries, int errors) {
      std::fprintf(stderr, "\r\033[Kpolling: %d/%d feeds, %d new entries, %d errors", done, total,
                   new_entries, errors);
      std::fflush(stderr);
    };
  }

  SystemClock clock;
  Result<PollCycleSummary> summary;
  if (args.all) {
    auto feeds = store::list_feeds(*env->store);
    if (!feeds) {
      std::cerr << "missionwatch poll: " << feeds.error().message << "\n";
      return kExitFailure;
    }
    std::erase_if(*feeds,
                  [](const store::FeedRecord& f) { return !f.spec.enabled || f.state.gone; });
    summary = poller.poll(std::move(*feeds), clock, progress);
  } else {
    summary = poller.poll_due(clock, progress);
  }
  if (show_progress) std::fprintf(stderr, "\r\033[K");
  if (!summary) {
    std::cerr << "missionwatch poll: " << summary.error().message << "\n";
    return kExitFailure;
  }

  // The pipeline: the new entries (and any left pending by an earlier run) to events.
  auto classifier = MissionClassifier::create();
  if (!classifier) {
    std::cerr << "missionwatch poll: " << classifier.error().describe() << "\n";
    return kExitFailure;
  }
  auto pipeline = run_pipeline_cycle(*env->store, **http, env->config, *classifier, clock);
  if (!pipeline) {
    std::cerr << "missionwatch poll: pipeline: " << pipeline.error().message << "\n";
    return kExitFailure;
  }
  // The alerts it raised (and any still due from before): delivered now, for at most a minute;
  // what is left stays in the outbox for the service or `alerts deliver`.
  auto delivered = alerts::deliver_due_alerts(*env->store, env->config, clock,
                                              clock.now() + std::chrono::minutes(1));
  if (!delivered) {
    std::cerr << "missionwatch poll: alerts: " << delivered.error().message << "\n";
    return kExitFailure;
  }

  if (args.json) {
    for (const auto& r : summary->feeds) std::cout << report_json(r).dump() << "\n";
    std::cout << nlohmann::json{{"summary", true},
                                {"feeds", summary->due},
                                {"updated", summary->updated},
                                {"unchanged", summary->unchanged},
                                {"failed", summary->failed},
                                {"new_entries", summary->new_entries},
                                {"duration_ms", summary->duration.count()},
                                {"pipeline",
                                 {{"entries", pipeline->entries},
                                  {"skipped", pipeline->skipped},
                                  {"fetched", pipeline->fetched},
                                  {"from_feed_text", pipeline->from_feed_text},
                                  {"stored", pipeline->stored},
                                  {"not_relevant", pipeline->not_relevant},
                                  {"already_stored", pipeline->already_stored},
                                  {"failed", pipeline->failed},
                                  {"events_created", pipeline->events_created},
                                  {"events_updated", pipeline->events_updated},
                                  {"alerts", pipeline->alerts}}}}
                     .dump()
              << "\n";
  } else {
    for (const auto& r : summary->feeds) {
      if (r.outcome == FeedOutcome::kFailed || r.outcome == FeedOutcome::kGone) {
        std::cout << fmt::format("{:<7} {}: {}\n", to_string(r.outcome), r.name, r.error);
      }
    }
    std::cout << fmt::format(
        "polled {} feeds in {:.1f} s: {} updated, {} unchanged, {} failed; {} new entries\n",
        summary->due, summary->duration.count() / 1000.0, summary->updated, summary->unchanged,
        summary->failed, summary->new_entries);
    std::cout << "pipeline: " << describe(*pipeline) << "\n";
    std::cout << fmt::format("alerts: {} delivered, {} to retry, {} failed\n", delivered->delivered,
                             delivered->retried, delivered->failed);
  }
  return summary->failed > 0 || pipeline->failed > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void add_poll_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<PollArgs>();
  auto* cmd = app.add_subcommand("poll", "Poll the due feeds once, store new entries, and exit");
  cmd->add_flag("--once", args->once, "Run one poll cycle and exit (required)");
  cmd->add_flag("--all", args->all, "Poll every enabled feed, due or not");
  cmd->add_flag("--json", args->json, "One JSON object per feed, then a summary object");
  cmd->callback([&ctx, args] { ctx.exit_code = run_poll(ctx, *args); });
}

}  // namespace mw
