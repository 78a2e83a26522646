#pragma once
// What every command receives: the global options (--config, --db, --log-level) and the exit
// code it sets. Commands that need the configuration or the store load them through here so
// that --config / --db are honoured the same way everywhere.
#include <string>

namespace mw {

struct CliContext {
  std::string config_path;  // --config; empty = the default lookup (see config.h)
  std::string db_path;      // --db; empty = the database path from the config
  std::string log_level;    // -v/--log-level; empty = from the config
  int exit_code = 0;        // set by the command's callback
};

}  // namespace mw
