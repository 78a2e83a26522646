// `missionwatch parse-feed`: parses one feed file as if an HTTP response had delivered it and
// prints feedparser-compatible JSON (the contract of ../shared/conformance/feedparser/README.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/commands.h"
#include "feeds/feed_parser.h"

namespace mw {

void add_parse_feed_command(CLI::App& app, CliContext& ctx) {
  auto* cmd = app.add_subcommand(
      "parse-feed",
      "Parse a feed file (RSS, Atom, RDF, JSON Feed) and print it as feedparser-style JSON");
  struct Args {
    std::string file, url, content_type, content_location, content_language;
    std::vector<std::string> headers;
  };
  auto args = std::make_shared<Args>();
  auto* ct = cmd->add_option("--content-type", args->content_type,
                             "Content-Type header the file came with (selects the encoding)");
  auto* cl = cmd->add_option("--content-location", args->content_location,
                             "Content-Location header (base URI for relative links)");
  auto* lang = cmd->add_option("--content-language", args->content_language,
                               "Content-Language header (default language)");
  cmd->add_option("--header", args->headers, "Any other response header, 'Name: value'");
  cmd->add_option("--url", args->url, "URL the file was fetched from (base URI, reported as href)");
  cmd->add_option("FILE", args->file, "Feed file to parse")->required();
  cmd->callback([&ctx, args, ct, cl, lang] {
    std::ifstream in(args->file, std::ios::binary);
    if (!in) {
      std::cerr << "parse-feed: cannot read '" << args->file
                << "': check the path and permissions\n";
      ctx.exit_code = 1;
      return;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    FeedParseOptions opt;
    opt.build_detail = true;  // the feedparser view prints every entry key
    opt.url = args->url;
    if (ct->count() > 0) opt.content_type = args->content_type;
    if (cl->count() > 0) opt.content_location = args->content_location;
    if (lang->count() > 0) opt.content_language = args->content_language;
    for (const auto& h : args->headers) {
      size_t colon = h.find(':');
      if (colon == std::string::npos) {
        std::cerr << "parse-feed: --header '" << h << "' is not 'Name: value'\n";
        ctx.exit_code = 2;
        return;
      }
      std::string name = h.substr(0, colon), value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == "content-type")
        opt.content_type = value;
      else if (name == "content-location")
        opt.content_location = value;
      else if (name == "content-language")
        opt.content_language = value;
      else
        opt.headers[name] = value;
    }
    if (!opt.headers.empty()) opt.over_http = true;
    Feed feed = parse_feed(buf.str(), opt);
    std::cout << to_feedparser_json(feed, opt).dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace)
              << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace mw
