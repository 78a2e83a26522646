// `missionwatch run`: the service in the foreground (systemd runs it as Type=notify).
#include <iostream>

#include "daemon/cli.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/logging.h"
#include "daemon/service.h"
#include "daemon/service_manager.h"

namespace mw {

void add_run_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("run", "Run the service in the foreground until SIGTERM/SIGINT");
  cmd->callback([&ctx] {
    auto config = load_config_for_cli(ctx);
    if (!config) {
      std::cerr << "missionwatch run: " << config.error().message << "\n";
      ctx.exit_code = config.error().code == ErrorCode::kConfig ? kExitUsage : kExitFailure;
      return;
    }
    setup_logging_for_process(config->service.log_level);
    SystemdServiceManager manager;
    SystemClock clock;
    Service service(ctx, std::move(*config), manager, clock);
    ctx.exit_code = service.run();
  });
}

}  // namespace mw
