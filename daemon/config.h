#pragma once
// missionwatch's configuration: the TOML file (default /etc/missionwatch/missionwatch.toml),
// parsed and validated into plain structs. Nothing outside daemon/ reads the config; each stage
// gets its own options struct filled from these values.
//
// Three layers, from pure to shell:
//   parse_config_text(text, source_name)  pure: TOML text -> Config + every diagnostic
//   resolve_config_paths(config, env)     pure: "auto" database path, secret file paths
//   check_config_filesystem(config)       shell: database folder writable, secret/CA files exist
// and load_config_for_cli(ctx), which does the lookup (--config, /etc, built-in default), reads
// the environment and runs all three.
//
// Every default below is also written in systemd/missionwatch.toml (the built-in default
// configuration, compiled into the binary) and in docs/configuration.md; keep the three in step.
//
// Durations are written either as integers (seconds) or as strings of number+unit pairs:
// "500ms", "30s", "15m", "2h", "1d", "1h30m". They are held as milliseconds.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/duration.h"
#include "common/result.h"
#include "daemon/cli_context.h"

namespace mw {

using Duration = std::chrono::milliseconds;

// Where a value was written in the TOML text (1-based). line == 0: not from the file (a default
// or a command-line override).
struct SourcePos {
  int line = 0;
  int column = 0;
  bool known() const { return line > 0; }
};

struct ServiceConfig {
  // SQLite file. Empty in the file means "auto": $STATE_DIRECTORY/missionwatch.db under systemd,
  // else state/missionwatch.db under the working directory (resolve_config_paths fills it in).
  // Relative paths are relative to the working directory. --db overrides it.
  std::string database;
  SourcePos database_pos;
  std::string database_origin = "config";  // "config", "auto" or "--db" (for messages)
  std::string log_level = "info";          // trace, debug, info, warn, error, critical, off
  // Sent with every request. Empty = "missionwatch/<version> (+<contact_url>)".
  std::string user_agent;
  std::string contact_url;  // http(s) or mailto: where site owners can reach the operator
  int concurrency = 16;     // transfers in flight at once, all hosts together (1..256)
  int per_host = 2;         // transfers in flight to one host (1..16, <= concurrency)
  // false: refuse URLs that resolve to loopback, private, link-local or reserved addresses
  // (SSRF guard). Tests and private intranets set true.
  bool allow_private_networks = false;
};

struct HttpConfig {
  Duration connect_timeout = std::chrono::seconds(10);  // TCP+TLS handshake (1s..5m)
  Duration total_timeout = std::chrono::seconds(60);    // whole transfer (1s..1h, >= connect)
  // Abort a transfer slower than low_speed_limit bytes/s for low_speed_time (0 = never).
  std::int64_t low_speed_limit = 100;
  Duration low_speed_time = std::chrono::seconds(30);
  std::int64_t max_body_bytes = 10 * 1024 * 1024;  // after decompression (1 KiB..1 GiB)
  int max_redirects = 5;                           // 0..20
  std::string ca_file;                             // PEM bundle; empty = the system store
  SourcePos ca_file_pos;
  Duration min_host_delay = std::chrono::seconds(1);  // between two requests to one host (0..10m)
};

struct SchedulerConfig {
  Duration interval = std::chrono::minutes(15);     // default poll interval of a feed
  Duration min_interval = std::chrono::minutes(5);  // adaptive polling never goes below
  Duration max_interval = std::chrono::hours(6);    // ... nor above
  Duration max_backoff = std::chrono::hours(24);    // cap of the exponential back-off on errors
  double jitter = 0.1;  // +/- fraction added to each delay so feeds spread out (0..0.5)
};

struct ClassifierConfig {
  double min_confidence = 0.5;       // event mentions below it are dropped (0..1)
  double relevance_threshold = 0.3;  // article relevance score needed to classify (0..1)
  bool prefilter = true;             // cheap keyword pre-filter on title+summary before fetching
  // Case-insensitive phrases the pre-filter looks for (feeds with topical = true skip it).
  std::vector<std::string> keywords = {"north korea", "north korean", "dprk", "pyongyang",
                                       "democratic people's republic of korea"};
};

struct EventsConfig {
  int merge_window_days = 30;  // mentions within this many days join the same event (1..365)
  bool alert_on_status_change = false;  // also alert when an event's status advances
};

struct FeedConfig {
  std::string url;                   // http(s); unique within the file
  std::string name;                  // default: the URL's host
  std::optional<Duration> interval;  // default: [scheduler] interval
  std::vector<std::string> tags;
  bool fetch_articles = true;  // download each entry's article page (false: use feed text)
  bool topical = false;        // every entry is on topic: skip the keyword pre-filter
  bool enabled = true;
  SourcePos pos;  // the [[feeds]] table
};

// Which alerts a channel receives. Empty lists mean "all".
struct AlertRules {
  std::vector<std::string> directions;  // dprk_abroad, foreign_in_dprk
  std::vector<std::string> actions;     // close, open, reopen, suspend, downgrade, relocate
  std::vector<std::string> statuses;  // planned, reported, announced, completed, denied, historical
  std::vector<std::string> countries;           // ISO 3166-1 alpha-2, upper case
  double min_confidence = 0.0;                  // 0..1
  bool status_changes = true;                   // also send "status changed" alerts
  int digest_minutes = 0;                       // 0 = send at once; else batch per period (0..1440)
  Duration timeout = std::chrono::seconds(10);  // per delivery attempt (1s..10m)
  Duration max_age = std::chrono::hours(24 * 7);  // undelivered alerts older than this are dropped
};

// A secret is named by a file, never written in the config. Relative names are looked up in
// $CREDENTIALS_DIRECTORY (systemd LoadCredential=) when set, else beside the config file.
struct SecretRef {
  std::string file;  // as written; empty = none
  std::string path;  // resolved by resolve_config_paths
  SourcePos pos;
  bool empty() const { return file.empty(); }
};

struct ChannelBase {
  std::string name;  // unique among all channels; default "<kind>-<n>" (1-based)
  bool enabled = true;
  AlertRules rules;
  SecretRef secret;  // webhook: signing key (whsec_...); email: SMTP password
  SourcePos pos;
};

struct WebhookChannel : ChannelBase {
  std::string url;  // http(s)
  // "standard": the versioned missionwatch JSON body (docs/alerts.md); "slack": {"text": …}
  // for Slack/Mattermost incoming webhooks. Both carry the Standard Webhooks headers.
  std::string format = "standard";
};

struct EmailChannel : ChannelBase {
  std::string smtp_server;  // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string username;     // empty = no authentication
  // smtp:// only: require STARTTLS (true). false sends in clear text: only for a relay on the
  // same host or a trusted network (smtp://127.0.0.1:25).
  bool starttls = true;
  std::string from;
  std::vector<std::string> to;
};

struct CommandChannel : ChannelBase {
  // argv, run without a shell; the alert JSON arrives on standard input.
  std::vector<std::string> command;
};

struct AlertsConfig {
  std::vector<WebhookChannel> webhook;
  std::vector<EmailChannel> email;
  std::vector<CommandChannel> command;
  std::size_t channel_count() const { return webhook.size() + email.size() + command.size(); }
};

struct Config {
  std::string source_path;  // the file it came from, or kBuiltinConfigName
  ServiceConfig service;
  HttpConfig http;
  SchedulerConfig scheduler;
  ClassifierConfig classifier;
  EventsConfig events;
  std::vector<FeedConfig> feeds;
  AlertsConfig alerts;

  // The interval a feed is polled at: its own, else [scheduler] interval.
  Duration feed_interval(const FeedConfig& feed) const {
    return feed.interval.value_or(scheduler.interval);
  }
};

// One problem found in a configuration, e.g.
//   missionwatch.toml:12:3: feeds[0].intervall: unknown key (did you mean `interval`?)
struct ConfigDiagnostic {
  std::string file;     // source name
  SourcePos pos;        // unknown position: "file: key: message"
  std::string key;      // dotted path: service.concurrency, feeds[2].url
  std::string message;  // what is wrong
  std::string hint;     // what to do; may be empty

  // "FILE:LINE:COLUMN: KEY.PATH: message (hint)"
  std::string format() const;
};

struct ConfigParseResult {
  Config config;                              // best effort when diagnostics is not empty
  std::vector<ConfigDiagnostic> diagnostics;  // sorted by position; empty = valid
  bool ok() const { return diagnostics.empty(); }
};

inline constexpr char kProductionConfigPath[] = "/etc/missionwatch/missionwatch.toml";
inline constexpr char kBuiltinConfigName[] = "<built-in default>";

// Parses and validates TOML text. Pure: no file system, no environment. Collects every problem
// (a TOML syntax error stops at the first one, since the rest cannot be read).
ConfigParseResult parse_config_text(std::string_view text, std::string_view source_name);

// Same, as a Result: the error (kConfig) lists every diagnostic, one per line.
Result<Config> parse_config(std::string_view text, std::string_view source_name);

// What resolve_config_paths needs from the environment; read by the shell.
struct ConfigEnvironment {
  std::string state_directory;        // $STATE_DIRECTORY (first entry), may be empty
  std::string credentials_directory;  // $CREDENTIALS_DIRECTORY, may be empty
  std::string config_directory;       // folder of the config file; empty for the built-in default
};

// Fills in the "auto" database path and the secret files' paths. Pure.
void resolve_config_paths(Config& config, const ConfigEnvironment& env);

// Checks what only the file system can tell: the database folder exists or can be created and
// is writable (an existing database file is writable), secret files and ca_file are readable.
std::vector<ConfigDiagnostic> check_config_filesystem(const Config& config);

// Joins diagnostics into one kConfig error message, one per line.
Error config_error(const std::vector<ConfigDiagnostic>& diagnostics);

// "15m" -> 15 minutes. Accepts number+unit pairs with units ms, s, m, h, d ("1h30m"); no sign,
// no spaces, no fractions. (A bare TOML integer is seconds; the TOML reader handles that.)
// Fails with kInvalidArgument.
Result<Duration> parse_duration(std::string_view text);
// format_duration (the inverse) is common/duration.h.

// The built-in default configuration: systemd/missionwatch.toml, compiled in at build time.
std::string_view default_config_text();

// Loads the configuration for a command: --config if given, else the production path if it
// exists, else the built-in default; then applies --db and --log-level, resolves paths from the
// environment ($STATE_DIRECTORY, $CREDENTIALS_DIRECTORY) and checks the file system. Errors are
// kConfig with every problem listed as "file:line:column: key: message (hint)", one per line.
Result<Config> load_config_for_cli(const CliContext& ctx);

}  // namespace mw
