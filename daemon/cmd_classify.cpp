// missionwatch classify [--published YYYY-MM-DD] [--language en] FILE... | -
// Prints one JSON object per file: {"file","relevant","score","events":[...]} (+ "reason").
#include <iostream>

#include <nlohmann/json.hpp>

#include "classifiers/corpus.h"
#include "classifiers/mission_classifier.h"
#include "common/files.h"
#include "daemon/cli.h"
#include "daemon/commands.h"

namespace mw {
namespace {

struct ClassifyArgs {
  std::vector<std::string> files;
  std::string published;
  std::string language;
  bool all = false;
};

nlohmann::ordered_json to_json(const std::string& file, const Classification& c,
                               const SplitArticle& sp, double threshold, bool all) {
  nlohmann::ordered_json out = {{"file", file}, {"relevant", c.relevant}, {"score", c.score}};
  if (!c.relevant) out["reason"] = c.reason;
  auto events = nlohmann::ordered_json::array();
  for (const auto& e : c.events) {
    if (!all && e.confidence < threshold) continue;
    std::size_t base = e.evidence.in_title ? sp.title_offset : sp.body_offset;
    events.push_back(
        {{"direction", to_string(e.direction)},
         {"country", e.country},
         {"city", e.city},
         {"mission_kind", to_string(e.mission_kind)},
         {"action", to_string(e.action)},
         {"status", to_string(e.status)},
         {"effective_date", e.effective_date.empty() ? nlohmann::ordered_json(nullptr)
                                                     : nlohmann::ordered_json(e.effective_date)},
         {"confidence", e.confidence},
         {"evidence",
          {{"text", e.evidence.text},
           {"start", e.evidence.start + base},
           {"end", e.evidence.end + base}}}});
  }
  out["events"] = std::move(events);
  return out;
}

int run_classify(const ClassifyArgs& args) {
  std::optional<PartialDate> published;
  if (!args.published.empty()) {
    published = parse_partial_date(args.published);
    if (!published) {
      std::cerr << "classify: --published " << args.published
                << " is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)\n";
      return kExitUsage;
    }
  }
  auto clf = MissionClassifier::create();
  if (!clf) {
    std::cerr << "classify: " << clf.error().describe() << "\n";
    return kExitFailure;
  }
  int rc = kExitOk;
  for (const auto& file : args.files) {
    auto text = file == "-" ? read_stdin() : read_file(file);
    if (!text) {
      std::cerr << "classify: " << file << ": " << text.error().describe() << "\n";
      rc = kExitFailure;
      continue;
    }
    SplitArticle sp = split_title(*text);
    ArticleInput in;
    in.title = sp.title;
    in.body = sp.body;
    in.published = published;
    in.language = args.language;
    Classification c = clf->classify(in);
    // Evidence may contain bytes that are not UTF-8; replace them rather than fail to print.
    std::cout << to_json(file, c, sp, clf->options().relevance_threshold, args.all)
                     .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  }
  return rc;
}

}  // namespace

void add_classify_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<ClassifyArgs>();
  auto* cmd = app.add_subcommand(
      "classify",
      "Classify plain-text articles: one JSON line per file with the mission changes "
      "they report (FILE '-' reads standard input)");
  cmd->add_option("files", args->files, "Article files (plain text; first line may be the title)")
      ->required();
  cmd->add_option("--published", args->published,
                  "Publication date YYYY-MM-DD (decides what counts as historical)");
  cmd->add_option("--language", args->language, "Language of the articles (default: detect)");
  cmd->add_flag("--all", args->all, "Also print events below the relevance threshold");
  cmd->callback([args, &ctx] { ctx.exit_code = run_classify(*args); });
}

}  // namespace mw
