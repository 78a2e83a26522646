// `missionwatch feeds list|add|remove|import-opml|export-opml`: the feeds the service polls.
// Feeds from the configuration are kept in step with it at every start; feeds added here
// (origin "cli") or imported ("opml") live only in the database.
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/files.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "daemon/stage_options.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/sql_time.h"
#include "feeds/feed_discovery.h"
#include "feeds/feed_parser.h"
#include "feeds/opml.h"
#include "feeds/url.h"

namespace mw {

namespace {

struct FeedsArgs {
  bool json = false;
  std::string url;
  std::string name;
  std::string interval;
  std::vector<std::string> tags;
  bool topical = false;
  bool no_articles = false;
  bool no_check = false;
  std::string file;
};

std::string when(const std::optional<TimePoint>& t) {
  return t ? store::to_sql_time(*t).substr(0, 19) + "Z" : "-";
}

nlohmann::json feed_json(const store::FeedRecord& f) {
  nlohmann::json j{{"id", f.id},
                   {"url", f.spec.url},
                   {"name", f.spec.name},
                   {"origin", f.spec.origin},
                   {"tags", f.spec.tags},
                   {"interval_s", f.spec.interval_s},
                   {"fetch_articles", f.spec.fetch_articles},
                   {"topical", f.spec.topical},
                   {"enabled", f.spec.enabled},
                   {"gone", f.state.gone},
                   {"failure_count", f.state.failure_count},
                   {"next_poll_at", when(f.state.next_poll_at)},
                   {"last_polled_at", when(f.state.last_polled_at)},
                   {"last_success_at", when(f.state.last_success_at)}};
  j["last_status"] = f.state.last_status ? nlohmann::json(*f.state.last_status) : nullptr;
  j["last_error"] = f.state.last_error ? nlohmann::json(*f.state.last_error) : nullptr;
  j["etag"] = f.state.etag ? nlohmann::json(*f.state.etag) : nullptr;
  j["last_modified"] = f.state.last_modified ? nlohmann::json(*f.state.last_modified) : nullptr;
  return j;
}

std::string status_word(const store::FeedRecord& f) {
  if (f.state.gone) return "gone";
  if (!f.spec.enabled) return "disabled";
  if (f.state.failure_count > 0) return fmt::format("failing({})", f.state.failure_count);
  if (!f.state.last_polled_at) return "new";
  return "ok";
}

int list_feeds(const CliContext& ctx, const FeedsArgs& args) {
  auto env = open_command_env(ctx, "feeds list");
  if (!env) return env.error();
  auto feeds = store::list_feeds(*env->store);
  if (!feeds) {
    std::cerr << "missionwatch feeds list: " << feeds.error().message << "\n";
    return kExitFailure;
  }
  if (args.json) {
    for (const auto& f : *feeds) std::cout << feed_json(f).dump() << "\n";
    return kExitOk;
  }
  std::cout << fmt::format("{:>4}  {:<12} {:<20} {:<28} {:<4} {:<20} {}\n", "ID", "STATUS", "NAME",
                           "URL", "HTTP", "NEXT POLL", "LAST ERROR");
  for (const auto& f : *feeds) {
    std::string name = f.spec.name.size() > 20 ? f.spec.name.substr(0, 19) + "~" : f.spec.name;
    std::string u = f.spec.url.size() > 28 ? f.spec.url.substr(0, 27) + "~" : f.spec.url;
    std::cout << fmt::format("{:>4}  {:<12} {:<20} {:<28} {:<4} {:<20} {}\n", f.id, status_word(f),
                             name, u,
                             f.state.last_status ? std::to_string(*f.state.last_status) : "-",
                             f.state.gone || !f.spec.enabled ? "-" : when(f.state.next_poll_at),
                             f.state.last_error.value_or(""));
  }
  return kExitOk;
}

// Fetches `url`; if it is a feed, returns it; if it is a web page that names feeds
// (<link rel="alternate">), returns the first of those that parses as a feed.
Result<std::string> resolve_feed_url(HttpClient& http, const std::string& url) {
  HttpRequest page_request;
  page_request.url = url;
  HttpResponse page = http.fetch(std::move(page_request));
  if (!page.ok()) return fail(ErrorCode::kNetwork, page.error_message);
  if (page.status < 200 || page.status >= 300) {
    return fail(ErrorCode::kNetwork, fmt::format("{}: HTTP {}", url, page.status));
  }
  const std::string final_url = page.final_url.empty() ? url : page.final_url;
  FeedParseOptions popt;
  popt.url = final_url;
  if (auto ct = page.header("content-type")) popt.content_type = std::string(*ct);
  Feed feed = parse_feed(page.body, popt);
  if (!feed.version.empty()) return url;
  auto candidates = discover_feeds(page.body, final_url);
  for (const auto& c : candidates) {
    HttpRequest request;
    request.url = c.url;
    HttpResponse r = http.fetch(std::move(request));
    if (!r.ok() || r.status < 200 || r.status >= 300) continue;
    FeedParseOptions o;
    o.url = r.final_url.empty() ? c.url : r.final_url;
    if (auto ct = r.header("content-type")) o.content_type = std::string(*ct);
    if (!parse_feed(r.body, o).version.empty()) return c.url;
  }
  return fail(ErrorCode::kNotFound,
              fmt::format("{}: not a feed, and the page names no working feed "
                          "(<link rel=\"alternate\" type=\"application/rss+xml\" ...>); "
                          "give the feed's own URL",
                          url));
}

int add_feed(const CliContext& ctx, const FeedsArgs& args) {
  auto env = open_command_env(ctx, "feeds add");
  if (!env) return env.error();
  const std::string s = url::scheme(args.url);
  if (s != "http" && s != "https") {
    std::cerr << "missionwatch feeds add: " << args.url << ": not an http(s) URL\n";
    return kExitUsage;
  }
  std::string feed_url = args.url;
  if (!args.no_check) {
    auto http = make_http_client(http_client_options(env->config));
    if (!http) {
      std::cerr << "missionwatch feeds add: " << http.error().message << "\n";
      return kExitUsage;
    }
    auto resolved = resolve_feed_url(**http, args.url);
    if (!resolved) {
      std::cerr << "missionwatch feeds add: " << resolved.error().message << "\n";
      return kExitFailure;
    }
    if (*resolved != args.url)
      std::cout << "found feed " << *resolved << " on " << args.url << "\n";
    feed_url = *resolved;
  }
  store::FeedSpec spec;
  spec.url = feed_url;
  spec.name = args.name.empty() ? url::host(feed_url) : args.name;
  spec.origin = "cli";
  spec.tags = args.tags;
  spec.interval_s = std::chrono::duration_cast<Seconds>(env->config.scheduler.interval).count();
  if (!args.interval.empty()) {
    auto d = parse_duration(args.interval);
    if (!d || d->count() < 60'000) {
      std::cerr << "missionwatch feeds add: --interval " << args.interval
                << ": expected a duration of at least 1m such as 15m or 2h\n";
      return kExitUsage;
    }
    spec.interval_s = std::chrono::duration_cast<Seconds>(*d).count();
  }
  spec.topical = args.topical;
  spec.fetch_articles = !args.no_articles;
  SystemClock clock;
  auto id = store::upsert_feed(*env->store, spec, clock.now());
  if (!id) {
    std::cerr << "missionwatch feeds add: " << id.error().message << "\n";
    return kExitFailure;
  }
  std::cout << "added feed " << *id << ": " << feed_url << "\n";
  return kExitOk;
}

int remove_feed(const CliContext& ctx, const FeedsArgs& args) {
  auto env = open_command_env(ctx, "feeds remove");
  if (!env) return env.error();
  auto feeds = store::list_feeds(*env->store);
  if (!feeds) {
    std::cerr << "missionwatch feeds remove: " << feeds.error().message << "\n";
    return kExitFailure;
  }
  for (const auto& f : *feeds) {
    if (f.spec.url != args.url && std::to_string(f.id) != args.url) continue;
    if (f.spec.origin == "config") {
      std::cerr << "missionwatch feeds remove: " << f.spec.url << " comes from the configuration ("
                << env->config.source_path << "): remove it there\n";
      return kExitUsage;
    }
    if (auto st = store::delete_feed(*env->store, f.id); !st) {
      std::cerr << "missionwatch feeds remove: " << st.error().message << "\n";
      return kExitFailure;
    }
    std::cout << "removed feed " << f.id << ": " << f.spec.url << "\n";
    return kExitOk;
  }
  std::cerr << "missionwatch feeds remove: no feed with URL or id " << args.url
            << " (see `missionwatch feeds list`)\n";
  return kExitFailure;
}

int import_opml(const CliContext& ctx, const FeedsArgs& args) {
  auto text = read_file(args.file);
  if (!text) {
    std::cerr << "missionwatch feeds import-opml: " << text.error().message << "\n";
    return kExitFailure;
  }
  auto outlines = parse_opml(*text);
  if (!outlines) {
    std::cerr << "missionwatch feeds import-opml: " << args.file << ": " << outlines.error().message
              << "\n";
    return kExitFailure;
  }
  auto env = open_command_env(ctx, "feeds import-opml");
  if (!env) return env.error();
  SystemClock clock;
  int added = 0, skipped = 0;
  for (const auto& o : *outlines) {
    const std::string s = url::scheme(o.url);
    if (s != "http" && s != "https") {
      std::cerr << "skipped " << o.url << ": not an http(s) URL\n";
      ++skipped;
      continue;
    }
    auto existing = store::find_feed_by_url(*env->store, o.url);
    if (existing && *existing) {
      ++skipped;
      continue;
    }
    store::FeedSpec spec;
    spec.url = o.url;
    spec.name = o.title.empty() ? url::host(o.url) : o.title;
    spec.origin = "opml";
    spec.tags = o.categories;
    spec.interval_s = std::chrono::duration_cast<Seconds>(env->config.scheduler.interval).count();
    if (auto id = store::upsert_feed(*env->store, spec, clock.now()); !id) {
      std::cerr << "missionwatch feeds import-opml: " << id.error().message << "\n";
      return kExitFailure;
    }
    ++added;
  }
  std::cout << fmt::format("imported {} feeds from {} ({} already present or skipped)\n", added,
                           args.file, skipped);
  return kExitOk;
}

int export_opml(const CliContext& ctx, const FeedsArgs&) {
  auto env = open_command_env(ctx, "feeds export-opml");
  if (!env) return env.error();
  auto feeds = store::list_feeds(*env->store);
  if (!feeds) {
    std::cerr << "missionwatch feeds export-opml: " << feeds.error().message << "\n";
    return kExitFailure;
  }
  std::vector<OpmlFeed> out;
  for (const auto& f : *feeds) {
    if (!f.spec.enabled || f.state.gone) continue;
    out.push_back({f.spec.url, f.spec.name, "", f.spec.tags});
  }
  std::cout << write_opml(out, "missionwatch feeds");
  return kExitOk;
}

}  // namespace

void add_feeds_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<FeedsArgs>();
  auto* feeds = app.add_subcommand("feeds", "List and manage the polled feeds");
  feeds->require_subcommand(1);

  auto* list = feeds->add_subcommand("list", "Every feed with its state, last error and next poll");
  list->add_flag("--json", args->json, "One JSON object per feed");
  list->callback([&ctx, args] { ctx.exit_code = list_feeds(ctx, *args); });

  auto* add = feeds->add_subcommand(
      "add", "Add a feed (a web page's URL works too: its <link rel=alternate> feed is found)");
  add->add_option("URL", args->url, "Feed or web page URL")->required();
  add->add_option("--name", args->name, "Display name (default: the host)");
  add->add_option("--interval", args->interval, "Poll interval, e.g. 15m (default: [scheduler])");
  add->add_option("--tag", args->tags, "A tag (repeatable)");
  add->add_flag("--topical", args->topical, "Every entry is on topic: skip the pre-filter");
  add->add_flag("--no-articles", args->no_articles, "Classify the feed text, don't fetch pages");
  add->add_flag("--no-check", args->no_check, "Add without fetching the URL first");
  add->callback([&ctx, args] { ctx.exit_code = add_feed(ctx, *args); });

  auto* remove = feeds->add_subcommand("remove", "Remove a feed added with `feeds add` or OPML");
  remove->add_option("FEED", args->url, "The feed's URL or id")->required();
  remove->callback([&ctx, args] { ctx.exit_code = remove_feed(ctx, *args); });

  auto* import = feeds->add_subcommand("import-opml", "Add every feed of an OPML file");
  import->add_option("FILE", args->file, "OPML file")->required();
  import->callback([&ctx, args] { ctx.exit_code = import_opml(ctx, *args);
});

auto* exp = feeds->add_subcommand("export-opml", "Print the enabled feeds as OPML 2.0");
exp->callback([&ctx, args] { ctx.exit_code = export_opml(ctx, *args); });
}  // namespace mw

}  // namespace mw
