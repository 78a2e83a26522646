#pragma once
// One registration function per command; each adds its subcommand to the app and sets
// ctx.exit_code from its callback. Defined in daemon/cmd_<name>.cpp.
#include <CLI/CLI.hpp>

#include "daemon/cli_context.h"

namespace mw {

void add_version_command(CLI::App& app, CliContext& ctx);
void add_check_config_command(CLI::App& app, CliContext& ctx);
void add_db_command(CLI::App& app, CliContext& ctx);  // db check | db migrate (daemon/cmd_db.cpp)
void add_classify_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_classify.cpp
void add_eval_command(CLI::App& app, CliContext& ctx);      // daemon/cmd_eval.cpp
void add_parse_feed_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_parse_feed.cpp
void add_run_command(CLI::App& app, CliContext& ctx);    // daemon/cmd_run.cpp
void add_poll_command(CLI::App& app, CliContext& ctx);   // daemon/cmd_poll.cpp
void add_feeds_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_feeds.cpp
void add_extract_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_extract.cpp
void add_ingest_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_ingest.cpp
void add_events_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_events.cpp
void add_export_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_export.cpp
void add_alerts_command(CLI::App& app, CliContext& ctx);  // daemon/cmd_alerts.cpp
// Commands added by later stages register here (one line each, keep the order of the README).

}  // namespace mw
