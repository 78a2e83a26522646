#pragma once
// `missionwatch run`: the long-running service.
//
// Threads: the main thread owns signals, the supervisor protocol (READY/STATUS/WATCHDOG/
// STOPPING) and reloads; one worker thread runs the work cycles (poll due feeds, then the later
// stages), each with its own SQLite connection. The main thread feeds the watchdog only while
// its own connection answers, so a wedged database gets the service restarted.
//
// Stop (SIGTERM/SIGINT): the worker is asked to stop, in-flight transfers are cancelled, the
// feed in hand finishes its transaction, and run() returns 0 — well inside systemd's 10 s.
// Reload (SIGHUP): the configuration is read and validated again; a valid one replaces the old
// (feeds added, changed, disabled; HTTP limits and intervals from the next cycle); an invalid
// one is logged error by error and shown in STATUS while the old one keeps running.
#include <memory>

#include "common/clock.h"
#include "daemon/cli_context.h"
#include "daemon/config.h"
#include "daemon/service_manager.h"
#include "daemon/store/store.h"

namespace mw {

struct ServiceOptions {
  // How often the worker looks for due feeds when idle. Feeds are due at most once per
  // min_interval (minutes), so a few seconds costs nothing and keeps stop/reload latency low.
  std::chrono::milliseconds tick{std::chrono::seconds(5)};
};

class Service {
 public:
  Service(CliContext ctx, Config config, ServiceManager& manager, const Clock& clock,
          ServiceOptions options = {});
  ~Service();

  // Runs until SIGTERM/SIGINT. Returns the process exit code.
  int run();

 // State shared with the worker thread; defined in service.cpp.
  struct Shared;

 private:
  CliContext ctx_;
  ServiceManager& manager_;
  const Clock& clock_;
  ServiceOptions options_;
  std::shared_ptr<Shared> shared_;
};

}  // namespace mw
