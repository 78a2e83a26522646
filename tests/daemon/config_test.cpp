// parse_config_text: values, defaults, and one test per error kind asserting the exact
// "file:line:column: key: message (hint)" text.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/config.h"

namespace mw {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Every diagnostic of `text`, formatted, in order.
std::vector<std::string> problems(std::string_view text) {
  std::vector<std::string> out;
  for (const ConfigDiagnostic& d : parse_config_text(text, "t.toml").diagnostics) {
    out.push_back(d.format());
  }
  return out;
}

Config parse_ok(std::string_view text) {
  ConfigParseResult r = parse_config_text(text, "t.toml");
  for (const ConfigDiagnostic& d : r.diagnostics) ADD_FAILURE() << d.format();
  return r.config;
}

TEST(ConfigParse, EmptyFileGivesDocumentedDefaults) {
  Config c = parse_ok("");
  EXPECT_EQ(c.source_path, "t.toml");
  EXPECT_EQ(c.service.database, "");
  EXPECT_EQ(c.service.log_level, "info");
  EXPECT_EQ(c.service.concurrency, 16);
  EXPECT_EQ(c.service.per_host, 2);
  EXPECT_FALSE(c.service.allow_private_networks);
  EXPECT_EQ(c.http.connect_timeout, seconds(10));
  EXPECT_EQ(c.http.total_timeout, seconds(60));
  EXPECT_EQ(c.http.max_redirects, 5);
  EXPECT_EQ(c.http.max_body_bytes, 10 * 1024 * 1024);
  EXPECT_EQ(c.http.min_host_delay, seconds(1));
  EXPECT_EQ(c.scheduler.interval, minutes(15));
  EXPECT_EQ(c.scheduler.max_backoff, hours(24));
  EXPECT_DOUBLE_EQ(c.scheduler.jitter, 0.1);
  EXPECT_DOUBLE_EQ(c.classifier.min_confidence, 0.5);
  EXPECT_TRUE(c.classifier.prefilter);
  EXPECT_FALSE(c.classifier.keywords.empty());
  EXPECT_EQ(c.events.merge_window_days, 30);
  EXPECT_FALSE(c.events.alert_on_status_change);
  EXPECT_TRUE(c.feeds.empty());
  EXPECT_EQ(c.alerts.channel_count(), 0u);
}

TEST(ConfigParse, ValidFileParsesToExpectedValues) {
  Config c = parse_ok(R"([service]
database = "/var/lib/mw/x.db"
log_level = "debug"
user_agent = "mw-test/1"
contact_url = "mailto:ops@example.org"
concurrency = 8
per_host = 1
allow_private_networks = true

[http]
connect_timeout = 5
total_timeout = "2m"
low_speed_limit = 10
low_speed_time = "15s"
max_body_bytes = 2048
max_redirects = 0
min_host_delay = "250ms"

[scheduler]
interval = "30m"
min_interval = "10m"
max_interval = "1d"
max_backoff = "12h"
jitter = 0

[classifier]
min_confidence = 1
relevance_threshold = 0.25
prefilter = false
keywords = []

[events]
merge_window_days = 7
alert_on_status_change = true

[[feeds]]
url = "https://example.org/feed.xml"
interval = "1h"
tags = ["a", "b"]
fetch_articles = false
topical = true
enabled = false

[[feeds]]
url = "http://Example.COM/rss"
name = "Example"

[[alerts.webhook]]
url = "https://hooks.example.org/in"
directions = ["dprk_abroad"]
actions = ["close", "reopen"]
statuses = ["completed"]
countries = ["ES", "HK"]
min_confidence = 0.7
status_changes = false
digest_minutes = 15
timeout = "5s"
max_age = "2d"

[[alerts.email]]
name = "desk"
smtp_server = "smtps://mail.example.org:465"
username = "mw"
from = "mw@example.org"
to = ["a@example.org", "b@example.org"]

[[alerts.command]]
command = ["/bin/true", "--flag"]
enabled = false
)");
  EXPECT_EQ(c.service.database, "/var/lib/mw/x.db");
  EXPECT_EQ(c.service.database_pos.line, 2);
  EXPECT_EQ(c.service.log_level, "debug");
  EXPECT_EQ(c.service.user_agent, "mw-test/1");
  EXPECT_EQ(c.service.contact_url, "mailto:ops@example.org");
  EXPECT_EQ(c.service.concurrency, 8);
  EXPECT_EQ(c.service.per_host, 1);
  EXPECT_TRUE(c.service.allow_private_networks);
  EXPECT_EQ(c.http.connect_timeout, seconds(5));
  EXPECT_EQ(c.http.total_timeout, minutes(2));
  EXPECT_EQ(c.http.low_speed_limit, 10);
  EXPECT_EQ(c.http.low_speed_time, seconds(15));
  EXPECT_EQ(c.http.max_body_bytes, 2048);
  EXPECT_EQ(c.http.max_redirects, 0);
  EXPECT_EQ(c.http.min_host_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(c.scheduler.interval, minutes(30));
  EXPECT_EQ(c.scheduler.min_interval, minutes(10));
  EXPECT_EQ(c.scheduler.max_interval, hours(24));
  EXPECT_EQ(c.scheduler.max_backoff, hours(12));
  EXPECT_DOUBLE_EQ(c.scheduler.jitter, 0.0);
  EXPECT_DOUBLE_EQ(c.classifier.min_confidence, 1.0);
  EXPECT_DOUBLE_EQ(c.classifier.relevance_threshold, 0.25);
  EXPECT_FALSE(c.classifier.prefilter);
  EXPECT_TRUE(c.classifier.keywords.empty());
  EXPECT_EQ(c.events.merge_window_days, 7);
  EXPECT_TRUE(c.events.alert_on_status_change);

  ASSERT_EQ(c.feeds.size(), 2u);
  const FeedConfig& f0 = c.feeds[0];
  EXPECT_EQ(f0.url, "https://example.org/feed.xml");
  EXPECT_EQ(f0.name, "example.org");  // defaults to the host
  EXPECT_EQ(c.feed_interval(f0), hours(1));
  EXPECT_EQ(f0.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(f0.fetch_articles);
  EXPECT_TRUE(f0.topical);
  EXPECT_FALSE(f0.enabled);
  EXPECT_EQ(f0.pos.line, 36);
  const FeedConfig& f1 = c.feeds[1];
  EXPECT_EQ(f1.name, "Example");
  EXPECT_FALSE(f1.interval.has_value());
  EXPECT_EQ(c.feed_interval(f1), minutes(30));  // [scheduler] interval
  EXPECT_TRUE(f1.fetch_articles);
  EXPECT_FALSE(f1.topical);
  EXPECT_TRUE(f1.enabled);

  ASSERT_EQ(c.alerts.webhook.size(), 1u);
  const WebhookChannel& w = c.alerts.webhook[0];
  EXPECT_EQ(w.name, "webhook-1");
  EXPECT_EQ(w.url, "https://hooks.example.org/in");
  EXPECT_EQ(w.rules.directions, (std::vector<std::string>{"dprk_abroad"}));
  EXPECT_EQ(w.rules.actions, (std::vector<std::string>{"close", "reopen"}));
  EXPECT_EQ(w.rules.statuses, (std::vector<std::string>{"completed"}));
  EXPECT_EQ(w.rules.countries, (std::vector<std::string>{"ES", "HK"}));
  EXPECT_DOUBLE_EQ(w.rules.min_confidence, 0.7);
  EXPECT_FALSE(w.rules.status_changes);
  EXPECT_EQ(w.rules.digest_minutes, 15);
  EXPECT_EQ(w.rules.timeout, seconds(5));
  EXPECT_EQ(w.rules.max_age, hours(48));
  EXPECT_TRUE(w.secret.empty());
  ASSERT_EQ(c.alerts.email.size(), 1u);
  const EmailChannel& e = c.alerts.email[0];
  EXPECT_EQ(e.name, "desk");
  EXPECT_EQ(e.smtp_server, "smtps://mail.example.org:465");
  EXPECT_EQ(e.username, "mw");
  EXPECT_EQ(e.from, "mw@example.org");
  EXPECT_EQ(e.to.size(), 2u);
  EXPECT_EQ(e.rules.timeout, seconds(10));
  EXPECT_EQ(e.rules.max_age, hours(24 * 7));
  ASSERT_EQ(c.alerts.command.size(), 1u);
  EXPECT_EQ(c.alerts.command[0].name, "command-1");
  EXPECT_EQ(c.alerts.command[0].command, (std::vector<std::string>{"/bin/true", "--flag"}));
  EXPECT_EQ(c.alerts.command[0].rules.timeout, seconds(30));
  EXPECT_FALSE(c.alerts.command[0].enabled);
  EXPECT_EQ(c.alerts.channel_count(), 3u);
}

TEST(ConfigErrors, SyntaxErrorReportsLineAndColumn) {
  EXPECT_EQ(problems("[service]\nconcurrency = = 3\n"),
            std::vector<std::string>{
                "t.toml:2:15: TOML syntax error: Error while parsing value: could not determine "
                "value type (fix the syntax first; other checks run once the file parses)"});
}

TEST(ConfigErrors, UnclosedTableHeaderIsASyntaxErrorOnItsLine) {
  std::vector<std::string> p = problems("# comment\n\n[service\nconcurrency = 3\n");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].starts_with("t.toml:3:")) << p[0];
  EXPECT_NE(p[0].find("TOML syntax error"), std::string::npos) << p[0];
}

TEST(ConfigErrors, UnknownKeySuggestsTheClosestKnownKey) {
  EXPECT_EQ(problems("[scheduler]\nintervall = \"15m\"\n"),
            std::vector<std::string>{
                "t.toml:2:1: scheduler.intervall: unknown key (did you mean `interval`?)"});
  EXPECT_EQ(problems("[[feeds]]\nurl = \"https://a.example/f\"\n  fetch_article = true\n"),
            std::vector<std::string>{"t.toml:3:3: feeds[0].fetch_article: unknown key (did you "
                                     "mean `fetch_articles`?)"});
}

TEST(ConfigErrors, UnknownKeyDifferingOnlyInCaseIsSuggested) {
  EXPECT_EQ(problems("[service]\nConcurrency = 4\n"),
            std::vector<std::string>{
                "t.toml:2:1: service.Concurrency: unknown key (did you mean `concurrency`?)"});
}

TEST(ConfigErrors, UnknownKeyFarFromAnyListsTheKnownKeys) {
  EXPECT_EQ(problems("[events]\ncolour = 1\n"),
            std::vector<std::string>{"t.toml:2:1: events.colour: unknown key (known keys here: "
                                     "alert_on_status_change, merge_window_days)"});
}

TEST(ConfigErrors, UnknownSectionIsReportedAtItsHeader) {
  EXPECT_EQ(problems("[servce]\nconcurrency = 4\n"),
            std::vector<std::string>{"t.toml:1:2: servce: unknown key (did you mean `service`?)"});
}

TEST(ConfigErrors, WrongTypeNamesBothTypesAndHowToFixIt) {
  EXPECT_EQ(problems("[service]\nconcurrency = \"16\"\nallow_private_networks = \"true\"\n"
                     "user_agent = 5\n"),
            (std::vector<std::string>{
                "t.toml:2:15: service.concurrency: expected an integer, found a string (write it "
                "without quotes: 16)",
                "t.toml:3:26: service.allow_private_networks: expected a boolean, found a string "
                "(write it without quotes: true)",
                "t.toml:4:14: service.user_agent: expected a string, found an integer (put the "
                "value in double quotes)"}));
}

TEST(ConfigErrors, SectionThatIsNotATable) {
  EXPECT_EQ(problems("service = 3\n"),
            std::vector<std::string>{"t.toml:1:11: service: expected a table, found an integer "
                                     "(write it as a section: [service])"});
}

TEST(ConfigErrors, FeedsMustBeAnArrayOfTables) {
  EXPECT_EQ(problems("feeds = [\"https://a.example/f\"]\n"),
            std::vector<std::string>{"t.toml:1:9: feeds: expected an array of tables, found an "
                                     "array (write each entry under its own [[feeds]] header)"});
}

TEST(ConfigErrors, OutOfRangeValuesGiveTheAllowedRange) {
  EXPECT_EQ(problems("[service]\nper_host = 40\n[scheduler]\njitter = 0.9\n"
                     "[http]\nconnect_timeout = \"2h\"\n"),
            (std::vector<std::string>{
                "t.toml:2:12: service.per_host: value 40 out of range (must be between 1 and 16)",
                "t.toml:4:10: scheduler.jitter: value 0.9 out of range (must be between 0 and "
                "0.5)",
                "t.toml:6:19: http.connect_timeout: duration 2h out of range (must be between 1s "
                "and 5m)"}));
}

TEST(ConfigErrors, UnknownEnumValueSuggestsTheClosest) {
  EXPECT_EQ(problems("[service]\nlog_level = \"warning\"\n"),
            std::vector<std::string>{
                "t.toml:2:13: service.log_level: unknown value \"warning\" (use one of \"trace\", "
                "\"debug\", \"info\", \"warn\", \"error\", \"critical\", \"off\")"});
  EXPECT_EQ(problems("[[alerts.command]]\ncommand = [\"/bin/true\"]\nactions = [\"closed\"]\n"),
            std::vector<std::string>{"t.toml:3:12: alerts.command[0].actions[0]: unknown value "
                                     "\"closed\" (did you mean \"close\"?)"});
}

TEST(ConfigErrors, InvalidDurationText) {
  EXPECT_EQ(problems("[scheduler]\ninterval = \"15 minutes\"\n"),
            std::vector<std::string>{
                "t.toml:2:12: scheduler.interval: invalid duration \"15 minutes\" (write e.g. "
                "\"30s\", \"15m\", \"2h\", \"1d\" or an integer of seconds)"});
}

TEST(ConfigErrors, CrossFieldBoundsAreChecked) {
  EXPECT_EQ(problems("[service]\nconcurrency = 2\nper_host = 4\n[scheduler]\ninterval = \"1m\"\n"
                     "[http]\nconnect_timeout = 30\ntotal_timeout = 20\n"),
            (std::vector<std::string>{
                "t.toml:3:12: service.per_host: per_host (4) exceeds concurrency (2) (lower "
                "per_host or raise concurrency)",
                "t.toml:5:12: scheduler.interval: interval 1m is outside "
                "min_interval..max_interval (must be between 5m and 6h)",
                "t.toml:8:17: http.total_timeout: total_timeout (20s) is shorter than "
                "connect_timeout (30s) (raise total_timeout or lower connect_timeout)"}));
}

TEST(ConfigErrors, BadUrlMustBeHttpOrHttps) {
  EXPECT_EQ(problems("[[feeds]]\nurl = \"ftp://example.org/feed\"\n"
                     "[[feeds]]\nurl = \"example.org/feed\"\n"),
            (std::vector<std::string>{
                "t.toml:2:7: feeds[0].url: bad URL \"ftp://example.org/feed\": scheme `ftp` not "
                "allowed: must be https or http (write an absolute URL such as "
                "\"https://example.org/path\")",
                "t.toml:4:7: feeds[1].url: bad URL \"example.org/feed\": not an absolute URL (no "
                "scheme://) (write an absolute URL such as \"https://example.org/path\")"}));
}

TEST(ConfigErrors, MissingRequiredKeyPointsAtTheTableHeader) {
  EXPECT_EQ(problems("[[feeds]]\nurl = \"https://a.example/f\"\n\n[[feeds]]\nname = \"x\"\n"),
            std::vector<std::string>{
                "t.toml:4:1: feeds[1].url: missing required key (add `url = \"https://...\"`)"});
}

TEST(ConfigErrors, DuplicateFeedUrlNamesTheFirstOne) {
  EXPECT_EQ(problems("[[feeds]]\nurl = \"https://example.org/feed\"\n"
                     "[[feeds]]\nurl = \"https://example.org/other\"\n"
                     "[[feeds]]\nurl = \"HTTPS://Example.ORG:443/feed#top\"\n"),
            std::vector<std::string>{
                "t.toml:6:7: feeds[2].url: duplicate feed URL \"HTTPS://Example.ORG:443/feed#top\" "
                "(already listed as feeds[0] at line 1; remove one)"});
}

TEST(ConfigErrors, AlertChannelProblems) {
  EXPECT_EQ(problems(R"([[alerts.webhook]]
url = "https://hooks.example.org/a"
countries = ["es"]
[[alerts.webhook]]
name = "webhook-1"
url = "https://hooks.example.org/b"
[[alerts.email]]
smtp_server = "https://mail.example.org"
from = "nobody"
to = []
[[alerts.command]]
name = "c"
)"),
            (std::vector<std::string>{
                "t.toml:3:13: alerts.webhook[0].countries: countries[0] \"es\" is not a country "
                "code (use ISO 3166-1 alpha-2 codes in upper case, e.g. \"ES\", \"AO\", \"HK\")",
                "t.toml:5:8: alerts.webhook[1].name: duplicate channel name \"webhook-1\" "
                "(already used by alerts.webhook[0]; names must be unique)",
                "t.toml:8:15: alerts.email[0].smtp_server: bad URL \"https://mail.example.org\": "
                "scheme `https` not allowed: must be smtp or smtps (write an absolute URL such as "
                "\"smtp://example.org/path\")",
                "t.toml:9:8: alerts.email[0].from: \"nobody\" is not an e-mail address (write "
                "name@domain)",
                "t.toml:10:6: alerts.email[0].to: no recipients (list at least one address)",
                "t.toml:11:1: alerts.command[0].command: missing required key (add `command = "
                "[\"/usr/local/bin/notify\", \"--json\"]`)"}));
}

TEST(ConfigErrors, EveryErrorIsReportedNotJustTheFirst) {
  std::vector<std::string> p = problems(
      "[service]\nconcurrency = 0\nlog_levl = \"info\"\n[http]\nmax_redirects = 99\n"
      "[[feeds]]\nurl = \"gopher://x\"\n");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_TRUE(p[0].starts_with("t.toml:2:15: service.concurrency")) << p[0];
  EXPECT_TRUE(p[1].starts_with("t.toml:3:1: service.log_levl")) << p[1];
  EXPECT_TRUE(p[2].starts_with("t.toml:5:17: http.max_redirects")) << p[2];
  EXPECT_TRUE(p[3].starts_with("t.toml:7:7: feeds[0].url")) << p[3];
}

TEST(ConfigErrors, PrefilterWithoutKeywordsWouldDropEverything) {
  EXPECT_EQ(problems("[classifier]\nkeywords = []\n"),
            std::vector<std::string>{
                "t.toml:2:12: classifier.keywords: the pre-filter is on but has no keywords: it "
                "would drop every entry (add keywords or set prefilter = false)"});
}

TEST(ConfigParse, ResultFormListsEveryDiagnosticOnItsOwnLine) {
  auto r = parse_config("[service]\nconcurrency = 0\nper_host = 0\n", "x.toml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_EQ(r.error().message,
            "x.toml:2:15: service.concurrency: value 0 out of range (must be between 1 and 256)\n"
            "x.toml:3:12: service.per_host: value 0 out of range (must be between 1 and 16)");
}

}  // namespace
}  // namespace mw
