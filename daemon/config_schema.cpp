// The configuration schema: which keys each section has, their types, ranges and defaults (the
// defaults themselves live in the structs of daemon/config.h), and the checks that span keys
// (duplicate feeds, interval bounds). Pure: text in, Config and diagnostics out.
#include <array>
#include <map>
#include <string>

#include <toml++/toml.h>

#include "daemon/config.h"
#include "daemon/config_reader.h"
#include "daemon/config_values.h"

namespace mw {

namespace {

using config::DiagnosticSink;
using config::pos_of;
using config::TableReader;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kHttpSchemes[] = {"https", "http"};  // first = the example
constexpr std::string_view kContactSchemes[] = {"https", "http", "mailto"};
constexpr std::string_view kSmtpSchemes[] = {"smtp", "smtps"};
constexpr std::string_view kLogLevels[] = {"trace", "debug",    "info", "warn",
                                           "error", "critical", "off"};
constexpr std::string_view kDirections[] = {"dprk_abroad", "foreign_in_dprk"};
constexpr std::string_view kActions[] = {"close",   "open",      "reopen",
                                         "suspend", "downgrade", "relocate"};
constexpr std::string_view kStatuses[] = {"planned",   "reported", "announced",
                                          "completed", "denied",   "historical"};

// The table at `key` of `parent`, reporting a wrong type; null when absent or wrong.
const toml::table* sub_table(TableReader& parent, std::string_view key, std::string_view example) {
  const toml::node* n = parent.node(key);
  if (!n) return nullptr;
  if (!n->is_table()) {
    parent.error(key, "expected a table, found " + std::string(config::type_phrase(*n)),
                 "write it as a section: [" + std::string(example) + "]");
    return nullptr;
  }
  return n->as_table();
}

// The tables of an array of tables ([[feeds]]), reporting a wrong type.
std::vector<const toml::table*> table_array(TableReader& parent, std::string_view key,
                                            std::string_view header) {
  std::vector<const toml::table*> tables;
  const toml::node* n = parent.node(key);
  if (!n) return tables;
  if (!n->is_array() || !n->as_array()->is_array_of_tables()) {
    parent.error(key, "expected an array of tables, found " + std::string(config::type_phrase(*n)),
                 "write each entry under its own [[" + std::string(header) + "]] header");
    return tables;
  }
  for (const toml::node& element : *n->as_array()) tables.push_back(element.as_table());
  return tables;
}

void read_service(TableReader r, ServiceConfig& s) {
  r.read("database", s.database, &s.database_pos);
  r.read_choice("log_level", s.log_level, kLogLevels);
  r.read("user_agent", s.user_agent);
  r.read_url("contact_url", s.contact_url, kContactSchemes, false);
  r.read("concurrency", s.concurrency, 1, 256);
  r.read("per_host", s.per_host, 1, 16);
  r.read("allow_private_networks", s.allow_private_networks);
  if (s.per_host > s.concurrency) {
    r.error("per_host",
            "per_host (" + std::to_string(s.per_host) + ") exceeds concurrency (" +
                std::to_string(s.concurrency) + ")",
            "lower per_host or raise concurrency");
  }
  for (char c : s.user_agent) {
    if (static_cast<unsigned char>(c) < 0x20) {
      r.error("user_agent", "contains a control character", "use printable text only");
      break;
    }
  }
  r.finish();
}

void read_http(TableReader r, HttpConfig& h) {
  r.read_duration("connect_timeout", h.connect_timeout, seconds(1), minutes(5));
  r.read_duration("total_timeout", h.total_timeout, seconds(1), hours(1));
  r.read("low_speed_limit", h.low_speed_limit, 0, std::int64_t{1} << 30);
  r.read_duration("low_speed_time", h.low_speed_time, seconds(0), hours(1));
  r.read("max_body_bytes", h.max_body_bytes, 1024, std::int64_t{1} << 30);
  r.read("max_redirects", h.max_redirects, 0, 20);
  r.read("ca_file", h.ca_file, &h.ca_file_pos);
  r.read_duration("min_host_delay", h.min_host_delay, seconds(0), minutes(10));
  if (h.total_timeout < h.connect_timeout) {
    r.error("total_timeout",
            "total_timeout (" + format_duration(h.total_timeout) +
                ") is shorter than connect_timeout (" + format_duration(h.connect_timeout) + ")",
            "raise total_timeout or lower connect_timeout");
  }
  r.finish();
}

void read_scheduler(TableReader r, SchedulerConfig& s) {
  r.read_duration("interval", s.interval, minutes(1), hours(24 * 7));
  r.read_duration("min_interval", s.min_interval, seconds(30), hours(24 * 7));
  r.read_duration("max_interval", s.max_interval, minutes(1), hours(24 * 30));
  r.read_duration("max_backoff", s.max_backoff, minutes(1), hours(24 * 30));
  r.read("jitter", s.jitter, 0.0, 0.5);
  if (s.min_interval > s.max_interval) {
    r.error("max_interval",
            "max_interval (" + format_duration(s.max_interval) +
                ") is shorter than min_interval (" + format_duration(s.min_interval) + ")",
            "raise max_interval or lower min_interval");
  } else if (s.interval < s.min_interval || s.interval > s.max_interval) {
    r.error("interval",
            "interval " + format_duration(s.interval) + " is outside min_interval..max_interval",
            "must be between " + format_duration(s.min_interval) + " and " +
                format_duration(s.max_interval));
  }
  r.finish();
}

void read_classifier(TableReader r, ClassifierConfig& c) {
  r.read("min_confidence", c.min_confidence, 0.0, 1.0);
  r.read("relevance_threshold", c.relevance_threshold, 0.0, 1.0);
  r.read("prefilter", c.prefilter);
  r.read_strings("keywords", c.keywords);
  if (c.prefilter && c.keywords.empty()) {
    r.error("keywords", "the pre-filter is on but has no keywords: it would drop every entry",
            "add keywords or set prefilter = false");
  }
  r.finish();
}

void read_events(TableReader r, EventsConfig& e) {
  r.read("merge_window_days", e.merge_window_days, 1, 365);
  r.read("alert_on_status_change", e.alert_on_status_change);
  r.finish();
}

void read_feed(TableReader& r, FeedConfig& f) {
  r.read_url("url", f.url, kHttpSchemes, true);
  r.read("name", f.name);
  if (f.name.empty()) f.name = config::url_host(f.url);
  r.read_duration("interval", f.interval, minutes(1), hours(24 * 7));
  r.read_strings("tags", f.tags);
  r.read("fetch_articles", f.fetch_articles);
  r.read("topical", f.topical);
  r.read("enabled", f.enabled);
}

void read_feeds(TableReader& root, DiagnosticSink& sink, std::vector<FeedConfig>& feeds) {
  std::vector<const toml::table*> tables = table_array(root, "feeds", "feeds");
  std::map<std::string, std::size_t> seen;  // url identity -> index
  for (std::size_t i = 0; i < tables.size(); ++i) {
    FeedConfig feed;
    feed.pos = pos_of(tables[i]->source());
    TableReader r(tables[i], "feeds[" + std::to_string(i) + "]", sink, feed.pos);
    read_feed(r, feed);
    r.finish();
    if (!feed.url.empty()) {
      auto [it, inserted] = seen.emplace(config::url_identity(feed.url), i);
      if (!inserted) {
        const FeedConfig& first = feeds[it->second];
        r.error("url", "duplicate feed URL \"" + feed.url + "\"",
                "already listed as feeds[" + std::to_string(it->second) + "] at line " +
                    std::to_string(first.pos.line) + "; remove one");
      }
    }
    feeds.push_back(std::move(feed));
  }
}

void read_channel_common(TableReader& r, ChannelBase& c, std::string_view kind, std::size_t n) {
  c.name = std::string(kind) + "-" + std::to_string(n + 1);
  r.read("name", c.name);
  r.read("enabled", c.enabled);
  r.read("secret_file", c.secret.file, &c.secret.pos);
  AlertRules& rules = c.rules;
  r.read_strings("directions", rules.directions, kDirections);
  r.read_strings("actions", rules.actions, kActions);
  r.read_strings("statuses", rules.statuses, kStatuses);
  r.read_strings("countries", rules.countries);
  if (const toml::node* list = r.node("countries"); list && list->is_array()) {
    std::size_t index = 0;
    for (const toml::node& element : *list->as_array()) {
      if (element.is_string() && !config::looks_like_country_code(element.as_string()->get())) {
        r.error("countries",
                "countries[" + std::to_string(index) + "] \"" + element.as_string()->get() +
                    "\" is not a country code",
                "use ISO 3166-1 alpha-2 codes in upper case, e.g. \"ES\", \"AO\", \"HK\"");
      }
      ++index;
    }
  }
  r.read("min_confidence", rules.min_confidence, 0.0, 1.0);
  r.read("status_changes", rules.status_changes);
  r.read("digest_minutes", rules.digest_minutes, 0, 1440);
  r.read_duration("timeout", rules.timeout, seconds(1), minutes(10));
  r.read_duration("max_age", rules.max_age, minutes(1), hours(24 * 90));
}

void read_alerts(TableReader& root, DiagnosticSink& sink, AlertsConfig& alerts) {
  const toml::table* table = sub_table(root, "alerts", "alerts");
  TableReader r(table, "alerts", sink, table ? pos_of(table->source()) : SourcePos{});
  // name -> key path of its first use; "journal" is the built-in channel (alert_rules.h)
  std::map<std::string, std::string> names{{"journal", "the built-in journal channel"}};
  auto check_name = [&](TableReader& channel_reader, const ChannelBase& c,
                        const std::string& path) {
    auto [it, inserted] = names.emplace(c.name, path);
    if (!inserted) {
      channel_reader.error("name", "duplicate channel name \"" + c.name + "\"",
                           "already used by " + it->second + "; names must be unique");
    }
  };

  std::vector<const toml::table*> webhooks = table_array(r, "webhook", "alerts.webhook");
  for (std::size_t i = 0; i < webhooks.size(); ++i) {
    WebhookChannel c;
    c.pos = pos_of(webhooks[i]->source());
    std::string path = "alerts.webhook[" + std::to_string(i) + "]";
    TableReader cr(webhooks[i], path, sink, c.pos);
    read_channel_common(cr, c, "webhook", i);
    cr.read_url("url", c.url, kHttpSchemes, true);
    static constexpr std::string_view kWebhookFormats[] = {"standard", "slack"};
    cr.read_choice("format", c.format, kWebhookFormats);
    cr.finish();
    check_name(cr, c, path);
    alerts.webhook.push_back(std::move(c));
  }

  std::vector<const toml::table*> emails = table_array(r, "email", "alerts.email");
  for (std::size_t i = 0; i < emails.size(); ++i) {
    EmailChannel c;
    c.pos = pos_of(emails[i]->source());
    std::string path = "alerts.email[" + std::to_string(i) + "]";
    TableReader cr(emails[i], path, sink, c.pos);
    read_channel_common(cr, c, "email", i);
    cr.read_url("smtp_server", c.smtp_server, kSmtpSchemes, true);
    cr.read("username", c.username);
    cr.read("starttls", c.starttls);
    const toml::node* from = cr.node("from");
    cr.read("from", c.from);
    if (!from)
      cr.missing("from", "\"missionwatch@example.org\"");
    else if (from->is_string() && c.from.find('@') == std::string::npos) {
      cr.error("from", "\"" + c.from + "\" is not an e-mail address", "write name@domain");
    }
    const toml::node* to = cr.node("to");
    cr.read_strings("to", c.to);
    if (!to) {
      cr.missing("to", "[\"analyst@example.org\"]");
    } else if (to->is_array() && to->as_array()->empty()) {
      cr.error("to", "no recipients", "list at least one address");
    }
    for (const std::string& address : c.to) {
      if (address.find('@') == std::string::npos) {
        cr.error("to", "\"" + address + "\" is not an e-mail address", "write name@domain");
      }
    }
    cr.finish();
    check_name(cr, c, path);
    alerts.email.push_back(std::move(c));
  }

  std::vector<const toml::table*> commands = table_array(r, "command", "alerts.command");
  for (std::size_t i = 0; i < commands.size(); ++i) {
    CommandChannel c;
    c.pos = pos_of(commands[i]->source());
    c.rules.timeout = seconds(30);  // a local program gets longer than a network call
    std::string path = "alerts.command[" + std::to_string(i) + "]";
    TableReader cr(commands[i], path, sink, c.pos);
    read_channel_common(cr, c, "command", i);
    const toml::node* command = cr.node("command");
    cr.read_strings("command", c.command);
    if (!command) {
      cr.missing("command", "[\"/usr/local/bin/notify\", \"--json\"]");
    } else if (command->is_array() && command->as_array()->empty()) {
      cr.error("command", "empty command", "give the program and its arguments as a list");
    }
    cr.finish();
    check_name(cr, c, path);
    alerts.command.push_back(std::move(c));
  }
  r.finish();
}

}  // namespace

std::string ConfigDiagnostic::format() const {
  std::string out = file;
  if (pos.known()) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

Error config_error(const std::vector<ConfigDiagnostic>& diagnostics) {
  std::string message;
  for (const ConfigDiagnostic& d : diagnostics) {
    if (!message.empty()) message += "\n";
    message += d.format();
  }
  return Error{ErrorCode::kConfig, message};
}

ConfigParseResult parse_config_text(std::string_view text, std::string_view source_name) {
  ConfigParseResult result;
  result.config.source_path = std::string(source_name);
  DiagnosticSink sink{std::string(source_name)};
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    sink.add(pos_of(e.source()), "", "TOML syntax error: " + std::string(e.description()),
             "fix the syntax first; other checks run once the file parses");
    result.diagnostics = sink.take();
    return result;
  }

  Config& c = result.config;
  TableReader r(&root, "", sink, SourcePos{1, 1});
  auto section = [&](std::string_view key) {
    const toml::table* table = sub_table(r, key, key);
    return TableReader(table, std::string(key), sink,
                       table ? pos_of(table->source()) : SourcePos{});
  };
  read_service(section("service"), c.service);
  read_http(section("http"), c.http);
  read_scheduler(section("scheduler"), c.scheduler);
  read_classifier(section("classifier"), c.classifier);
  read_events(section("events"), c.events);
  read_feeds(r, sink, c.feeds);
  read_alerts(r, sink, c.alerts);
  r.finish();
  result.diagnostics = sink.take();
  return result;
}

Result<Config> parse_config(std::string_view text, std::string_view source_name) {
  ConfigParseResult parsed = parse_config_text(text, source_name);
  if (!parsed.ok()) return tl::unexpected(config_error(parsed.diagnostics));
  return std::move(parsed.config);
}

}  // namespace mw
