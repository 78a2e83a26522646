// `missionwatch events list|show`: the canonical events in the database, for people (a table,
// a detail view with every source and the change history) and for scripts (--json: the event
// record of daemon/event_record.h, one per line).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "daemon/event_record.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/event_repository.h"
#include "daemon/store/sql_time.h"
#include "feeds/feed_dates.h"

namespace mw {

namespace {

struct EventsArgs {
  std::string since;
  std::string country;
  std::string status;
  std::string direction;
  bool historical = false;
  bool current = false;
  int limit = 1000;
  bool json = false;
  std::int64_t id = 0;
};

// How many changes `events show` lists (newest are what people look for; an event has a
// handful in practice).
constexpr int kShowChangesLimit = 1000;

int usage_error(const char* command, const std::string& message) {
  std::cerr << "missionwatch events " << command << ": " << message << "\n";
  return kExitUsage;
}

int runtime_error(const char* command, const std::string& message) {
  std::cerr << "missionwatch events " << command << ": " << message << "\n";
  return kExitFailure;
}

// "2026-11-23T20:15:19.123Z" → "2026-11-23 20:15" (what a table needs).
std::string short_time(TimePoint t) {
  std::string s = store::to_sql_time(t);
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

std::string or_dash(const std::optional<std::string>& s) {
  return s && !s->empty() ? *s : "-";
}

// Validates the filters into an EventFilter; the error text is for the user.
Result<store::EventFilter> make_filter(const EventsArgs& args) {
  store::EventFilter f;
  f.limit = args.limit;
  if (!args.since.empty()) {
    auto seconds = parse_feed_date(args.since);
    if (!seconds) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("--since: cannot read the date \"{}\"; use "
                              "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ",
                              args.since));
    }
    f.seen_since = TimePoint{std::chrono::seconds{*seconds}};
  }
  if (!args.country.empty()) {
    std::string cc = args.country;
    const bool two_letters = cc.size() == 2 && std::all_of(cc.begin(), cc.end(), [](char c) {
                               return std::isalpha(static_cast<unsigned char>(c)) != 0;
                             });
    if (!two_letters) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("--country: \"{}\" is not an ISO 3166-1 alpha-2 code (two "
                              "letters, e.g. ES, HK)",
                              args.country));
    }
    std::transform(cc.begin(), cc.end(), cc.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    f.country = cc;
  }
  if (!args.status.empty()) f.status = args.status;
  if (!args.direction.empty()) f.direction = args.direction;
  if (args.historical) f.historical = true;
  if (args.current) f.historical = false;
  return f;
}

Status print_table(store::Store& db, const std::vector<store::EventRecord>& events) {
  struct Row {
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
  rows.push_back({{"ID", "STATUS", "ACTION", "DIRECTION", "COUNTRY", "CITY", "KIND", "DATE",
                   "SOURCES", "LAST SEEN"}});
  for (const auto& e : events) {
    auto counts = store::count_event_sources(db, e.id);
    if (!counts) return tl::unexpected(counts.error());
    rows.push_back(
        {{std::to_string(e.id), e.status, e.action, e.direction, e.country, or_dash(e.city),
          e.mission_kind, or_dash(e.effective_date),
          fmt::format("{}/{}", counts->sources, counts->independent), short_time(e.last_seen_at)}});
  }
  std::vector<std::size_t> width(rows[0].cells.size(), 0);
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < r.cells.size(); ++i)
      width[i] = std::max(width[i], r.cells[i].size());
  }
  for (const Row& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      if (i + 1 == r.cells.size()) {
        line += r.cells[i];
      } else {
        line += fmt::format("{:<{}}  ", r.cells[i], width[i]);
      }
    }
    std::cout << line << "\n";
  }
  std::cout << fmt::format("{} event(s); SOURCES = all/independent\n", events.size());
  return ok();
}

int list_events(const CliContext& ctx, const EventsArgs& args) {
  constexpr const char* kCmd = "list";
  if (args.historical && args.current) {
    return usage_error(kCmd, "--historical and --current exclude each other; give one or none");
  }
  auto filter = make_filter(args);
  if (!filter) return usage_error(kCmd, filter.error().message);

  CommandEnvOptions options;
  options.sync_feeds = false;
  auto env = open_command_env(ctx, "events list", options);
  if (!env) return env.error();
  store::Store& db = *env->store;

  auto events = store::list_events(db, *filter);
  if (!events) return runtime_error(kCmd, events.error().message);
  if (args.json) {
    for (const auto& e : *events) {
      auto sources = store::event_sources(db, e.id);
      if (!sources) return runtime_error(kCmd, sources.error().message);
      std::cout << event_record_json(e, *sources)
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    return kExitOk;
  }
  if (auto st = print_table(db, *events); !st) return runtime_error(kCmd, st.error().message);
  return kExitOk;
}

// One line of the change history: what the change left the event at.
std::string history_line(const store::ChangeRecord& c) {
  std::string detail;
  auto data = nlohmann::json::parse(c.data, nullptr, /*allow_exceptions=*/false);
  if (data.is_object()) {
    auto text = [&](const char* key) {
      auto it = data.find(key);
      return it != data.end() && !it->is_null()
                 ? (it->is_string() ? it->get<std::string>() : it->dump())
                 : std::string("-");
    };
    detail = fmt::format("status {}, {} source(s) ({} independent)", text("status"),
                         text("source_count"), text("independent_source_count"));
  }
  return fmt::format("  #{:<6} {}  {:<13} {}", c.seq, store::to_sql_time(c.time), c.type, detail);
}

int show_event(const CliContext& ctx, const EventsArgs& args) {
  constexpr const char* kCmd = "show";
  CommandEnvOptions options;
  options.sync_feeds = false;
  auto env = open_command_env(ctx, "events show", options);
  if (!env) return env.error();
  store::Store& db = *env->store;

  auto event = store::get_event(db, args.id);
  if (!event) return runtime_error(kCmd, event.error().message);
  if (!*event) {
    return runtime_error(kCmd, fmt::format("no such event: {} (in {}; list them with "
                                           "`missionwatch events list`)",
                                           args.id, db.path()));
  }
  const store::EventRecord& e = **event;
  auto sources = store::event_sources(db, e.id);
  if (!sources) return runtime_error(kCmd, sources.error().message);
  auto changes = store::event_changes(db, e.id, kShowChangesLimit);
  if (!changes) return runtime_error(kCmd, changes.error().message);

  if (args.json) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& c : *changes) {
      history.push_back({{"seq", c.seq}, {"type", c.type}, {"time", store::to_sql_time(c.time)}});
    }
    nlohmann::json out = {{"event", event_record_json(e, *sources)}, {"changes", history}};
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }

  int independent = 0;
  for (const auto& s : *sources) independent += s.source.independent ? 1 : 0;
  std::cout << fmt::format("event {}: {} {} {}{}\n", e.id, e.action, e.mission_kind, e.country,
                           e.city ? " (" + *e.city + ")" : std::string());
  std::cout << fmt::format("  direction:      {}\n", e.direction);
  std::cout << fmt::format("  status:         {}{}\n", e.status,
                           e.historical ? " (historical: never alerts)" : "");
  std::cout << fmt::format("  effective date: {}\n", or_dash(e.effective_date));
  std::cout << fmt::format("  confidence:     {:.2f}\n", e.confidence);
  std::cout << fmt::format("  first seen:     {}\n", store::to_sql_time(e.first_seen_at));
  std::cout << fmt::format("  last seen:      {}\n", store::to_sql_time(e.last_seen_at));
  std::cout << fmt::format("sources: {} ({} independent)\n", sources->size(), independent);
  int n = 0;
  for (const auto& s : *sources) {
    std::cout << fmt::format("  {}. {}\n", ++n, s.title.empty() ? "(no title)" : s.title);
    std::cout << fmt::format("     outlet: {}  published: {}  independent: {}\n", or_dash(s.outlet),
                             s.published_at ? store::to_sql_time(*s.published_at) : "-",
                             s.source.independent ? "yes" : "no (a copy of another source)");
    std::cout << fmt::format("     url: {}\n", or_dash(s.url));
    if (!s.source.evidence.empty()) {
      std::cout << fmt::format("     evidence: \"{}\"\n", s.source.evidence);
    }
  }
  std::cout << fmt::format("changes: {}\n", changes->size());
  for (const auto& c : *changes) std::cout << history_line(c) << "\n";
  return kExitOk;
}

}  // namespace

void add_events_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand("events", "List or show the events in the database");
  cmd->require_subcommand(1);

  auto args = std::make_shared<EventsArgs>();
  auto* list = cmd->add_subcommand(
      "list", "Events, most recently seen first: a table, or --json one event record per line");
  list->add_option("--since", args->since,
                   "Only events seen on or after this date (YYYY-MM-DD or RFC 3339)");
  list->add_option("--country", args->country, "Only this country (ISO 3166-1 alpha-2, e.g. ES)");
  list->add_option("--status", args->status, "Only events with this status")
      ->check(
          CLI::IsMember({"planned", "reported", "announced", "completed", "denied", "historical"}));
  list->add_option("--direction", args->direction,
                   "dprk_abroad (North Korean missions abroad) or foreign_in_dprk (missions in "
                   "Pyongyang)")
      ->check(CLI::IsMember({"dprk_abroad", "foreign_in_dprk"}));
  list->add_flag("--historical", args->historical, "Only historical events (never alerted)");
  list->add_flag("--current", args->current, "Only current (non-historical) events");
  list->add_option("--limit", args->limit, "At most this many events (default 1000)")
      ->check(CLI::PositiveNumber);
  list->add_flag("--json", args->json, "One event record (JSON) per line");
  list->callback([&ctx, args] { ctx.exit_code = list_events(ctx, *args); });

  auto* show = cmd->add_subcommand("show", "One event with every source and its change history");
  show->add_option("id", args->id, "Event id (from `events list`)")
      ->required()
      ->check(CLI::PositiveNumber);
  show->add_flag("--json", args->json,
                 "One JSON object: {\"event\": <event record>, \"changes\": [{seq, type, time}]}");
  show->callback([&ctx, args] { ctx.exit_code = show_event(ctx, *args); });
}

}  // namespace mw
