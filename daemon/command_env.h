#pragma once
// What the commands that touch the database share: load the configuration (honouring --config,
// --db, --log-level), set up logging, open (and migrate) the store, and make the configured
// feeds match the store's. Errors are printed once, here, with the exit code they deserve.
#include <memory>

#include "common/clock.h"
#include "daemon/cli_context.h"
#include "daemon/config.h"
#include "daemon/store/store.h"

namespace mw {

struct CommandEnv {
  Config config;
  std::unique_ptr<store::Store> store;
};

struct CommandEnvOptions {
  bool sync_feeds = true;  // upsert [[feeds]] from the config, disable the ones removed from it
};

// On failure prints the error to stderr and returns the exit code to use (2 for configuration
// errors, 1 otherwise) in the error slot.
tl::expected<CommandEnv, int> open_command_env(const CliContext& ctx, const char* command,
                                               const CommandEnvOptions& options = {});

// Makes the store's config-origin feeds match the configuration: new ones are added (due at
// once), changed ones updated, removed ones disabled (their history is kept). Returns how many
// config feeds are now enabled.
Result<int> sync_config_feeds(store::Store& store, const Config& config, TimePoint now);

}  // namespace mw
