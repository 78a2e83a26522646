// `missionwatch extract FILE|URL`: extracts the article of one news page and prints it as one
// JSON object: {"title","text","published","modified","authors":[],"canonical_url","language",
// "site_name"} (ISO 8601 dates, absent fields null), plus where each date came from and, when no
// text was found, why. A URL is fetched with the configured HTTP client (same limits,
// politeness and SSRF guard as feed polling).
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "common/files.h"
#include "daemon/commands.h"
#include "daemon/config.h"
#include "daemon/stage_options.h"
#include "feeds/article_extractor.h"
#include "feeds/http_client.h"

namespace mw {
namespace {

nlohmann::json or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

nlohmann::json article_json(const Article& a) {
  nlohmann::json j = {
      {"title", or_null(a.title)},
      {"text", or_null(a.text)},
      {"published", or_null(a.published.iso)},
      {"modified", or_null(a.modified.iso)},
      {"authors", a.authors},
      {"canonical_url", or_null(a.canonical_url)},
      {"language", or_null(a.language)},
      {"site_name", or_null(a.site_name)},
      {"published_source", or_null(a.published.source)},
      {"modified_source", or_null(a.modified.source)},
      {"text_source", or_null(a.text_source)},
      {"charset", or_null(a.charset)},
  };
  if (!a.no_text_reason.empty()) j["no_text_reason"] = a.no_text_reason;
  if (!a.warnings.empty()) j["warnings"] = a.warnings;
  return j;
}

bool looks_like_url(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

}  // namespace

void add_extract_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "extract",
      "Extract the article (main text, title, dates, authors, canonical URL) of a news "
      "page, from a FILE or an http(s) URL, and print it as JSON");
  struct Args {
    std::string source, url, content_type;
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("FILE|URL", args->source, "HTML file ('-' for standard input) or http(s) URL")
      ->required();
  cmd->add_option("--url", args->url,
                  "With a FILE: the page's address (resolves relative links, dates in the URL)");
  cmd->add_option("--content-type", args->content_type,
                  "With a FILE: the Content-Type header it came with (charset)");
  cmd->callback([&ctx, args] {
    std::string body, url = args->url, content_type = args->content_type;
    if (looks_like_url(args->source)) {
      auto config = load_config_for_cli(ctx);
      if (!config) {
        std::cerr << "extract: " << config.error().message << "\n";
        ctx.exit_code = 2;
        return;
      }
      HttpClientOptions http = http_client_options(*config);
      http.default_accept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5";
      auto client = make_http_client(http);
      if (!client) {
        std::cerr << "extract: " << client.error().message << "\n";
        ctx.exit_code = 2;
        return;
      }
      HttpResponse r = (*client)->fetch(HttpRequest{.url = args->source});
      if (!r.ok()) {
        std::cerr << "extract: " << r.error_message << "\n";
        ctx.exit_code = 1;
        return;
      }
      if (r.status < 200 || r.status >= 300) {
        std::cerr << "extract: " << args->source << ": HTTP status " << r.status
                  << "; check the URL\n";
        ctx.exit_code = 1;
        return;
      }
      body = std::move(r.body);
      if (url.empty()) url = r.final_url.empty() ? args->source : r.final_url;
      if (auto ct = r.header("content-type"); ct && content_type.empty()) content_type = *ct;
    } else {
      auto file = args->source == "-" ? read_stdin() : read_file(args->source);
      if (!file) {
        std::cerr << "extract: " << file.error().message << "\n";
        ctx.exit_code = 1;
        return;
      }
      body = std::move(*file);
    }
    auto article = extract_article(body, ExtractOptions{}, url, content_type);
    if (!article) {
      std::cerr << "extract: " << article.error().message << "\n";
      ctx.exit_code = 1;
      return;
    }
    std::cout << article_json(*article).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace)
              << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace mw
