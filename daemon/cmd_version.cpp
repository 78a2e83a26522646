#include <iostream>

#include <curl/curl.h>

#include "common/version.h"
#include "daemon/commands.h"

namespace mw {

void add_version_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("version", "Print the version of missionwatch and its libraries");
  cmd->callback([&ctx] {
    std::cout << "missionwatch " << kVersion << "\n"
              << "libcurl " << curl_version_info(CURLVERSION_NOW)->version << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace mw
