// `missionwatch check-config [--config PATH] [--db PATH]`: loads the configuration exactly as
// `run` would (same lookup, same environment, same file-system checks) and reports every
// problem, so `ExecStartPre=` and a person editing the file see the same verdict.
#include <iostream>

#include "daemon/cli.h"
#include "daemon/commands.h"
#include "daemon/config.h"

namespace mw {

void add_check_config_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "check-config",
      "Validate the configuration: prints a summary and exits 0, or lists every problem as "
      "FILE:LINE:COLUMN: KEY: message (hint) and exits 2");
  cmd->callback([&ctx] {
    auto config = load_config_for_cli(ctx);
    if (!config) {
      std::cerr << config.error().message << "\n";
      ctx.exit_code = kExitUsage;
      return;
    }
    std::size_t enabled = 0;
    for (const FeedConfig& feed : config->feeds) enabled += feed.enabled ? 1 : 0;
    std::cout << "ok: " << config->source_path << ": " << config->feeds.size() << " feeds ("
              << enabled << " enabled), " << config->alerts.channel_count()
              << " alert channels, database " << config->service.database << " ("
              << config->service.database_origin << ")\n";
    ctx.exit_code = kExitOk;
  });
}

}  // namespace mw
