// `missionwatch db check|migrate`: the database's health and schema version, for people and for
// scripts (`--json`). The database is --db if given, else [service] database of the config.
#include <sys/stat.h>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/cli.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/store/migrations.h"
#include "daemon/store/store.h"

namespace mw {

namespace {

// --db wins without loading the configuration, so `db check --db FILE` works even when the
// configuration is broken or absent. Exit code 2 when the configuration cannot be loaded.
Result<std::string> database_path(const CliContext& ctx) {
  if (!ctx.db_path.empty()) return ctx.db_path;
  auto config = load_config_for_cli(ctx);
  if (!config) return tl::unexpected(config.error());
  return config->service.database;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

int report_open_error(const char* command, const Error& error) {
  std::cerr << "missionwatch db " << command << ": " << error.message << "\n";
  return error.code == ErrorCode::kConfig ? kExitUsage : kExitFailure;
}

int run_check(const CliContext& ctx, bool json) {
  auto path = database_path(ctx);
  if (!path) return report_open_error("check", path.error());
  // A missing database is created at the latest version (what `run` would do); an existing one
  // is inspected as it is, not migrated.
  store::StoreOptions options;
  options.migrate = !file_exists(*path);
  auto opened = store::Store::open(*path, options);
  if (!opened) return report_open_error("check", opened.error());
  store::Store& db = **opened;
  auto problems = db.check_integrity();
  if (!problems) return report_open_error("check", problems.error());

  const int latest = store::latest_schema_version();
  if (json) {
    nlohmann::json out = {{"database", db.path()},
                          {"integrity", problems->empty() ? "ok" : "failed"},
                          {"problems", *problems},
                          {"schema_version", db.schema_version()},
                          {"latest_schema_version", latest}};
    std::cout << out.dump() << "\n";
  } else {
    std::cout << "database: " << db.path() << "\n";
    if (problems->empty()) {
      std::cout << "integrity: ok\n";
    } else {
      std::cout << "integrity: " << problems->size() << " problem(s)\n";
      for (const std::string& p : *problems) std::cout << "  " << p << "\n";
    }
    std::cout << "schema_version: " << db.schema_version() << "\n";
    if (db.schema_version() < latest) {
      std::cout << fmt::format(
          "note: this missionwatch uses schema version {}; `missionwatch db migrate` (or "
          "starting the service) upgrades the file\n",
          latest);
    }
  }
  return problems->empty() ? kExitOk : kExitFailure;
}

int run_migrate(const CliContext& ctx) {
  auto path = database_path(ctx);
  if (!path) return report_open_error("migrate", path.error());
  auto opened = store::Store::open(*path, {});
  if (!opened) return report_open_error("migrate", opened.error());
  const store::Store& db = **opened;
  if (db.opened_at_version() == db.schema_version()) {
    std::cout << "schema_version: " << db.schema_version() << " (already the latest)\n";
  } else {
    std::cout << "schema_version: " << db.schema_version() << " (migrated from "
              << db.opened_at_version() << ")\n";
  }
  return kExitOk;
}

}  // namespace

void add_db_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("db", "Inspect or upgrade the SQLite database");
  cmd->require_subcommand(1);

  auto* check = cmd->add_subcommand(
      "check",
      "Run PRAGMA integrity_check and foreign_key_check and print the schema version; exit 0 "
      "when healthy, 1 when not (or when the file is from a newer missionwatch)");
  auto json = std::make_shared<bool>(false);
  check->add_flag("--json", *json, "One JSON object instead of text");
  check->callback([&ctx, json] { ctx.exit_code = run_check(ctx, *json); });

  auto* migrate = cmd->add_subcommand(
      "migrate", "Apply pending schema migrations (the service also does this at start)");
  migrate->callback([&ctx] { ctx.exit_code = run_migrate(ctx); });
}

}  // namespace mw
