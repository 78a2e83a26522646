// The shell around the configuration: where the file is looked up, what the environment adds
// (systemd's STATE_DIRECTORY and CREDENTIALS_DIRECTORY) and what only the file system can tell.
#include "daemon/config.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "common/files.h"
#include "daemon/default_config.h"  // generated from systemd/missionwatch.toml

namespace mw {

namespace fs = std::filesystem;

namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// Secret names and relative paths: $CREDENTIALS_DIRECTORY (systemd LoadCredential=) first, since
// that is where a hardened unit's secrets live; else beside the config file, so that a config
// and its key files can be moved together.
std::string resolve_secret(const std::string& file, const ConfigEnvironment& env) {
  if (file.empty() || fs::path(file).is_absolute()) return file;
  if (!env.credentials_directory.empty()) {
    return (fs::path(env.credentials_directory) / file).string();
  }
  if (!env.config_directory.empty()) return (fs::path(env.config_directory) / file).string();
  return file;
}

// "" when a file named `path` can be created or written; else why not.
std::string database_location_problem(const std::string& path) {
  std::error_code ec;
  fs::path file(path);
  if (fs::exists(file, ec)) {
    if (fs::is_directory(file, ec)) return "is a directory, not a database file";
    if (access(file.c_str(), R_OK | W_OK) != 0) {
      return std::string("database file is not writable: ") + std::strerror(errno);
    }
    return "";
  }
  // The store creates missing folders, so walk up to the first one that exists and check that
  // it is a folder this process can create entries in.
  fs::path folder = fs::absolute(file, ec).parent_path();
  if (ec || folder.empty()) folder = ".";
  while (!fs::exists(folder, ec)) {
    fs::path parent = folder.parent_path();
    if (parent.empty() || parent == folder) return "no existing parent folder";
    folder = parent;
  }
  if (!fs::is_directory(folder, ec)) return "\"" + folder.string() + "\" is not a folder";
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return "folder \"" + folder.string() + "\" is not writable: " + std::strerror(errno);
  }
  return "";
}

void check_secret(const Config& config, const ChannelBase& channel, const std::string& path,
                  std::vector<ConfigDiagnostic>& out) {
  if (channel.secret.empty()) return;
  const std::string& resolved =
      channel.secret.path.empty() ? channel.secret.file : channel.secret.path;
  std::error_code ec;
  std::string problem;
  if (!fs::exists(resolved, ec)) {
    problem = "secret file \"" + resolved + "\" not found";
  } else if (fs::is_directory(resolved, ec)) {
    problem = "secret file \"" + resolved + "\" is a directory";
  } else if (access(resolved.c_str(), R_OK) != 0) {
    problem = "secret file \"" + resolved + "\" is not readable: " + std::strerror(errno);
  }
  if (problem.empty()) return;
  out.push_back(
      ConfigDiagnostic{config.source_path, channel.secret.pos, path + ".secret_file", problem,
                       "create it (mode 0600) or, under systemd, provide it with LoadCredential=" +
                           channel.secret.file + ":/path/to/file"});
}

}  // namespace

std::string_view default_config_text() {
  return std::string_view(reinterpret_cast<const char*>(kDefaultConfigToml),
                          sizeof(kDefaultConfigToml));
}

void resolve_config_paths(Config& config, const ConfigEnvironment& env) {
  ServiceConfig& service = config.service;
  if (service.database.empty()) {
    service.database_origin = "auto";
    service.database = env.state_directory.empty()
                           ? std::string("state/missionwatch.db")
                           : (fs::path(env.state_directory) / "missionwatch.db").string();
  }
  auto resolve_all = [&](auto& channels) {
    for (auto& channel : channels) channel.secret.path = resolve_secret(channel.secret.file, env);
  };
  resolve_all(config.alerts.webhook);
  resolve_all(config.alerts.email);
  resolve_all(config.alerts.command);
}

std::vector<ConfigDiagnostic> check_config_filesystem(const Config& config) {
  std::vector<ConfigDiagnostic> out;
  const ServiceConfig& service = config.service;
  if (std::string problem = database_location_problem(service.database); !problem.empty()) {
    std::string hint = service.database_origin == "--db" ? "choose another --db path"
                       : service.database_origin == "auto"
                           ? "run from a writable folder, or set [service] database or --db"
                           : "create the folder with write access for this user, or choose "
                             "another path";
    std::string source =
        service.database_origin == "--db" ? std::string("--db") : config.source_path;
    out.push_back(ConfigDiagnostic{
        source, service.database_origin == "config" ? service.database_pos : SourcePos{},
        "service.database", "\"" + service.database + "\": " + problem, hint});
  }
  if (!config.http.ca_file.empty() && access(config.http.ca_file.c_str(), R_OK) != 0) {
    out.push_back(ConfigDiagnostic{
        config.source_path, config.http.ca_file_pos, "http.ca_file",
        "CA file \"" + config.http.ca_file + "\" is not readable: " + std::strerror(errno),
        "give a PEM bundle, or leave it empty for the system store"});
  }
  for (std::size_t i = 0; i < config.alerts.webhook.size(); ++i) {
    check_secret(config, config.alerts.webhook[i], "alerts.webhook[" + std::to_string(i) + "]",
                 out);
  }
  for (std::size_t i = 0; i < config.alerts.email.size(); ++i) {
    check_secret(config, config.alerts.email[i], "alerts.email[" + std::to_string(i) + "]", out);
  }
  for (std::size_t i = 0; i < config.alerts.command.size(); ++i) {
    check_secret(config, config.alerts.command[i], "alerts.command[" + std::to_string(i) + "]",
                 out);
  }
  return out;
}

Result<Config> load_config_for_cli(const CliContext& ctx) {
  std::string path = ctx.config_path;
  if (path.empty()) {
    std::error_code ec;
    if (fs::exists(kProductionConfigPath, ec)) path = kProductionConfigPath;
  }
  std::string text;
  ConfigEnvironment env;
  env.state_directory = env_or_empty("STATE_DIRECTORY");
  // systemd passes one path per StateDirectory= entry, separated by ':'; ours is the first.
  env.state_directory = env.state_directory.substr(0, env.state_directory.find(':'));
  env.credentials_directory = env_or_empty("CREDENTIALS_DIRECTORY");
  if (path.empty()) {
    text = std::string(default_config_text());
    path = kBuiltinConfigName;
  } else {
    auto content = read_file(path, 16u << 20);
    if (!content) {
      return fail(ErrorCode::kConfig, "cannot read configuration " + content.error().message +
                                          " (check --config, or omit it to use the default)");
    }
    text = std::move(*content);
    env.config_directory = fs::path(path).parent_path().string();
    if (env.config_directory.empty()) env.config_directory = ".";
  }

  ConfigParseResult parsed = parse_config_text(text, path);
  if (!parsed.ok()) return tl::unexpected(config_error(parsed.diagnostics));
  Config config = std::move(parsed.config);
  if (!ctx.db_path.empty()) {
    config.service.database = ctx.db_path;
    config.service.database_origin = "--db";
    config.service.database_pos = SourcePos{};
  }
  if (!ctx.log_level.empty()) config.service.log_level = ctx.log_level;
  resolve_config_paths(config, env);
  std::vector<ConfigDiagnostic> problems = check_config_filesystem(config);
  if (!problems.empty()) return tl::unexpected(config_error(problems));
  return config;
}

}  // namespace mw
