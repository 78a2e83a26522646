#pragma once
// missionwatch's configuration: the TOML file (default /etc/missionwatch/missionwatch.toml),
// parsed and validated into plain structs. Nothing outside daemon/ reads the config; each stage
// gets its own options struct filled from these values.
//
// OWNER NOTE (skeleton): the loader, every section and its validation are being written;
// the function below is the entry point commands use.
#include <string>

#include "common/result.h"
#include "daemon/cli_context.h"

namespace mw {

struct ServiceConfig {
  std::string database;  // SQLite file
  std::string log_level = "info";
};

struct Config {
  std::string source_path;  // the file it came from, or "<built-in default>"
  ServiceConfig service;
};

// Loads the configuration for a command: --config if given, else the production path if it
// exists, else the built-in default; then applies --db and --log-level. Errors are kConfig with
// every problem listed as "file:line:column: key: message (hint)".
Result<Config> load_config_for_cli(const CliContext& ctx);

}  // namespace mw
