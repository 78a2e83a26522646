#include "daemon/service.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/entry_processor.h"
#include "daemon/logging.h"
#include "daemon/poller.h"
#include "daemon/signals.h"
#include "daemon/stage_options.h"
#include "daemon/store/stats_repository.h"

namespace mw {

// State shared by the main thread and the worker.
struct Service::Shared {
  std::mutex mu;
  std::condition_variable_any wake;
  std::shared_ptr<const Config> config;  // replaced whole on reload
  bool reloaded = false;
  // Figures of the last finished cycle, for STATUS.
  std::atomic<long> last_cycle_ms{-1};
  std::atomic<long> cycles{0};
  std::atomic<long> last_cycle_failed{0};
  std::string worker_error;  // a fatal worker error (guarded by mu)

  std::shared_ptr<const Config> current() {
    std::lock_guard lock(mu);
    return config;
  }
};

namespace {

// One worker: its own store connection and HTTP client, cycles until stopped.
void worker_loop(std::stop_token stop, std::shared_ptr<Service::Shared> shared, const Clock& clock,
                 std::chrono::milliseconds tick) {
  auto config = shared->current();
  auto store = store::Store::open(config->service.database);
  if (!store) {
    std::lock_guard lock(shared->mu);
    shared->worker_error = store.error().message;
    return;
  }
  auto classifier = MissionClassifier::create();
  if (!classifier) {
    std::lock_guard lock(shared->mu);
    shared->worker_error = classifier.error().message;
    return;
  }
  std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  while (!stop.stop_requested()) {
    config = shared->current();
    auto http = make_http_client(http_client_options(*config));
    if (!http) {
      // Validated at load, so this is a CA file that vanished or libcurl failing to start.
      spdlog::error("service: cannot set up HTTP: {}", http.error().message);
    } else {
      Poller poller(**store, **http, poller_options(*config), [&] { return uniform(rng); });
      auto summary = poller.poll_due(clock, {}, stop);
      if (!summary) {
        spdlog::error("service: poll cycle failed: {}", summary.error().message);
      } else if (summary->due > 0) {
        shared->last_cycle_ms = static_cast<long>(summary->duration.count());
        shared->last_cycle_failed = summary->failed;
        ++shared->cycles;
        spdlog::info(
            "poll cycle: {} feeds in {} ms: {} updated, {} unchanged, {} failed, {} new "
            "entries",
            summary->due, summary->duration.count(), summary->updated, summary->unchanged,
            summary->failed, summary->new_entries);
      }
      // New entries (and any left pending by a stop or a crash) through the pipeline; the
      // batch in hand finishes its transaction when stop is requested.
      if (!stop.stop_requested()) {
        auto processed = run_pipeline_cycle(**store, **http, *config, *classifier, clock, stop);
        if (!processed) {
          spdlog::error("service: pipeline cycle failed: {}", processed.error().message);
        } else if (processed->entries > 0) {
          spdlog::info("pipeline: {}", describe(*processed));
        }
      }
    }
    std::unique_lock lock(shared->mu);
    shared->wake.wait_for(lock, stop, tick, [&] { return shared->reloaded; });
    shared->reloaded = false;
  }
}

std::string status_line(const store::StoreFigures& f, const Service::Shared& shared,
                        const std::string& problem) {
  std::string s = fmt::format("{} feeds ({} due), {} events, {} entries queued, {} alerts pending",
                              f.feeds, f.due, f.events, f.pending_entries, f.pending_deliveries);
  if (shared.last_cycle_ms >= 0) {
    s += fmt::format("; last cycle {:.1f} s, {} failed", shared.last_cycle_ms / 1000.0,
                     shared.last_cycle_failed.load());
  }
  if (!problem.empty()) s = problem + " | " + s;
  return s;
}

}  // namespace

Service::Service(CliContext ctx, Config config, ServiceManager& manager, const Clock& clock,
                 ServiceOptions options)
    : ctx_(std::move(ctx)),
      manager_(manager),
      clock_(clock),
      options_(options),
      shared_(std::make_shared<Shared>()) {
  shared_->config = std::make_shared<const Config>(std::move(config));
}

Service::~Service() = default;

int Service::run() {
  // Block the signals before any thread starts, so only the signalfd sees them.
  auto signals = SignalWatcher::create();
  if (!signals) {
    spdlog::critical("service: {}", signals.error().message);
    return kExitFailure;
  }
  auto config = shared_->current();
  auto store = store::Store::open(config->service.database);
  if (!store) {
    spdlog::critical("service: {}", store.error().message);
    return kExitFailure;
  }
  if (auto synced = sync_config_feeds(**store, *config, clock_.now()); !synced) {
    spdlog::critical("service: cannot record the configured feeds: {}", synced.error().message);
    return kExitFailure;
  } else {
    spdlog::info("missionwatch running: {} feeds from {}, database {} (schema {})", *synced,
                 config->source_path, (*store)->path(), (*store)->schema_version());
  }

  std::jthread worker(worker_loop, shared_, std::cref(clock_), options_.tick);
  // Alert delivery beside the poll cycle: its own thread and store connection, channels rebuilt
  // on reload (daemon/alerts/alert_outbox.h).
  std::jthread alert_worker(
      alerts::run_alert_worker, [shared = shared_] { return shared->current(); },
      std::cref(clock_), alerts::AlertWorkerOptions{});
  manager_.ready();

  const auto watchdog = manager_.watchdog_interval();
  const auto wait = std::min<std::chrono::milliseconds>(watchdog.value_or(std::chrono::seconds(2)),
                                                        std::chrono::seconds(2));
  std::string problem;
  for (;;) {
    SignalEvent ev = signals->wait(wait);
    if (ev == SignalEvent::kStop) break;
    if (ev == SignalEvent::kReload) {
      manager_.reloading();
      auto fresh = load_config_for_cli(ctx_);
      if (!fresh) {
        problem = "config reload failed, running on the previous one";
        spdlog::error("reload: {}: {}", problem, fresh.error().message);
      } else if (auto synced = sync_config_feeds(**store, *fresh, clock_.now()); !synced) {
        problem = "config reload failed: " + synced.error().message;
        spdlog::error("reload: {}", problem);
      } else {
        problem.clear();
        setup_logging_for_process(fresh->service.log_level);
        {
          std::lock_guard lock(shared_->mu);
          shared_->config = std::make_shared<const Config>(std::move(*fresh));
          shared_->reloaded = true;
        }
        shared_->wake.notify_all();
        spdlog::info("reload: configuration applied: {} feeds enabled", *synced);
      }
      manager_.ready();
    }
    {
      std::lock_guard lock(shared_->mu);
      if (!shared_->worker_error.empty()) {
        spdlog::critical("service: worker stopped: {}", shared_->worker_error);
        manager_.stopping();
        return kExitFailure;
      }
    }
    // Health: the watchdog is fed only while the database answers.
    auto figures = store::store_figures(**store, clock_.now());
    if (figures) {
      manager_.watchdog();
      manager_.status(status_line(*figures, *shared_, problem));
    } else {
      spdlog::error("service: database not answering: {}", figures.error().message);
      manager_.status("database not answering: " + figures.error().message);
    }
  }

  spdlog::info("missionwatch stopping");
  manager_.stopping();
  worker.request_stop();
  alert_worker.request_stop();
  shared_->wake.notify_all();
  worker.join();
  alert_worker.join();
  spdlog::info("missionwatch stopped");
  return kExitOk;
}

}  // namespace mw
