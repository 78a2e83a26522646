#include "daemon/command_env.h"

#include <iostream>

#include "daemon/cli.h"
#include "daemon/logging.h"
#include "daemon/stage_options.h"
#include "daemon/store/feed_repository.h"

namespace mw {

Result<int> sync_config_feeds(store::Store& store, const Config& config, TimePoint now) {
  auto specs = config_feed_specs(config);
  return store.transaction([&]() -> Result<int> {
    std::vector<std::string> urls;
    int enabled = 0;
    for (const auto& spec : specs) {
      auto existing = store::find_feed_by_url(store, spec.url);
      if (!existing) return tl::unexpected(existing.error());
      // A feed the user added by hand keeps its origin; the config only adds what is missing.
      if (*existing && (*existing)->spec.origin != "config") continue;
      if (auto id = store::upsert_feed(store, spec, now); !id) return tl::unexpected(id.error());
      urls.push_back(spec.url);
      if (spec.enabled) ++enabled;
    }
    auto disabled = store::disable_feeds_not_in(store, "config", urls, now);
    if (!disabled) return tl::unexpected(disabled.error());
    return enabled;
  });
}

tl::expected<CommandEnv, int> open_command_env(const CliContext& ctx, const char* command,
                                               const CommandEnvOptions& options) {
  auto config = load_config_for_cli(ctx);
  if (!config) {
    std::cerr << "missionwatch " << command << ": " << config.error().message << "\n";
    return tl::unexpected(config.error().code == ErrorCode::kConfig ? kExitUsage : kExitFailure);
  }
  setup_logging_for_process(config->service.log_level);
  auto store = store::Store::open(config->service.database);
  if (!store) {
    std::cerr << "missionwatch " << command << ": " << store.error().message << "\n";
    return tl::unexpected(kExitFailure);
  }
  if (options.sync_feeds) {
    SystemClock clock;
    if (auto synced = sync_config_feeds(**store, *config, clock.now()); !synced) {
      std::cerr << "missionwatch " << command
                << ": cannot record the configured feeds: " << synced.error().message << "\n";
      return tl::unexpected(kExitFailure);
    }
  }
  return CommandEnv{std::move(*config), std::move(*store)};
}

}  // namespace mw
