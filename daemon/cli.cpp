#include "daemon/cli.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "common/version.h"
#include "daemon/cli_context.h"
#include "daemon/commands.h"

namespace mw {

int run_cli(int argc, char** argv) {
  CliContext ctx;
  CLI::App app{"missionwatch: watches the news for changes to North Korea's diplomatic missions",
               "missionwatch"};
  app.set_version_flag("--version", std::string("missionwatch ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the command name too
  app.add_option("--config", ctx.config_path,
                 "Configuration file (default: /etc/missionwatch/missionwatch.toml if it exists, "
                 "else the built-in default)");
  app.add_option("--db", ctx.db_path, "SQLite database file (overrides [service] database)");
  app.add_option("-v,--log-level", ctx.log_level,
                 "Log level: trace, debug, info, warn, error, critical, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  add_version_command(app, ctx);
  add_classify_command(app, ctx);
  add_eval_command(app, ctx);
  add_check_config_command(app, ctx);
  add_db_command(app, ctx);
  add_parse_feed_command(app, ctx);
  add_run_command(app, ctx);
  add_poll_command(app, ctx);
  add_feeds_command(app, ctx);
  add_extract_command(app, ctx);
  add_ingest_command(app, ctx);
  add_events_command(app, ctx);
  add_export_command(app, ctx);
  add_alerts_command(app, ctx);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    // CLI11 returns 0 for --help/--version; every real usage error maps to our exit code 2.
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return ctx.exit_code;
}

}  // namespace mw
