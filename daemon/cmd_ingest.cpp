// `missionwatch ingest [--url URL] [--published YYYY-MM-DD] [--source NAME] [--json] FILE...`:
// the pipeline on local files, for an analyst adding a report by hand and for tests that drive
// the pipeline without a network. Each file is plain text (first line = headline when it looks
// like one) or an HTML page (detected by content, extracted like a fetched article). A file that
// cannot be used gets an error naming it; the other files are still ingested. Exit 0 when every
// file was ingested (stored, not relevant or already stored), 1 when any failed, 2 on usage.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "classifiers/corpus.h"
#include "common/files.h"
#include "daemon/alerts/alert_outbox.h"
#include "daemon/article_pipeline.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "feeds/article_extractor.h"
#include "feeds/charset.h"
#include "feeds/text_util.h"

namespace mw {

namespace {

struct IngestArgs {
  std::vector<std::string> files;
  std::string url;
  std::string published;
  std::string source;
  bool json = false;
};

// HTML when the text starts (after a BOM and white space) with a tag and its head names one of
// the elements every page has. Plain text that merely starts with "<" stays text.
bool looks_like_html(std::string_view bytes) {
  std::string_view s = bytes;
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && text::is_space(s.front())) s.remove_prefix(1);
  if (!s.starts_with("<")) return false;
  const std::string head = text::lower(s.substr(0, 4096));
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body", "<p>", "<p ", "<article"}) {
    if (head.find(tag) != std::string::npos) return true;
  }
  return false;
}

// Why the bytes are not a text document, or "" when they are.
std::string unusable_reason(std::string_view bytes) {
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return "the file is empty";
  if (bytes.substr(0, 64 * 1024).find('\0') != std::string_view::npos) {
    return "the file is binary (it contains NUL bytes), not text or HTML";
  }
  return "";
}

Result<Document> document_from_file(const std::string& file, const IngestArgs& args) {
  auto bytes = read_file(file, 64u << 20);
  if (!bytes) return tl::unexpected(bytes.error());
  if (auto why = unusable_reason(*bytes); !why.empty()) {
    return fail(ErrorCode::kInvalidArgument, file + ": " + why);
  }
  Document doc;
  if (!args.url.empty()) doc.url = args.url;
  if (looks_like_html(*bytes)) {
    auto article = extract_article(*bytes, {}, args.url);
    if (!article) return tl::unexpected(article.error());
    if (article->text.empty()) {
      return fail(ErrorCode::kParse,
                  file + ": no article text found in the HTML (" + article->no_text_reason + ")");
    }
    doc.title = article->title;
    doc.text = std::move(article->text);
    if (!article->canonical_url.empty()) doc.canonical_url = article->canonical_url;
    doc.published = parse_partial_date(article->published.iso);
    doc.language = article->language;
    doc.site_name = article->site_name;
    doc.authors = article->authors;
  } else {
    // Plain text in another encoding: invalid sequences are replaced, never passed on.
    std::string text =
        charset::is_valid_utf8(*bytes) ? std::move(*bytes) : charset::sanitize_utf8(*bytes);
    SplitArticle split = split_title(text);
    doc.title = std::string(split.title);
    doc.text = std::string(split.body);
  }
  if (!args.published.empty()) doc.published = parse_partial_date(args.published);
  doc.source_name = !args.source.empty() ? args.source : doc.site_name;
  return doc;
}

nlohmann::json result_json(const std::string& file, const DocumentResult& r) {
  nlohmann::json j{{"file", file},
                   {"outcome", std::string(to_string(r.outcome))},
                   {"article_id", r.article_id ? nlohmann::json(r.article_id) : nlohmann::json()},
                   {"mentions", r.mentions},
                   {"events_created", r.events_created},
                   {"events_updated", r.events_updated},
                   {"alerts", r.alerts},
                   {"event_ids", r.event_ids}};
  if (r.copy_of) {
    j["copy_of"] = *r.copy_of;
    j["copy_similarity"] = r.copy_similarity;
  }
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

std::string result_line(const std::string& file, const DocumentResult& r) {
  switch (r.outcome) {
    case DocumentOutcome::kNotRelevant: return fmt::format("{}: not relevant: {}", file, r.reason);
    case DocumentOutcome::kAlreadyStored: return fmt::format("{}: {}", file, r.reason);
    case DocumentOutcome::kStored: break;
  }
  std::string copy = r.copy_of ? fmt::format(" (a copy of article {}, similarity {:.2f})",
                                             *r.copy_of, r.copy_similarity)
                               : "";
  return fmt::format("{}: article {}{}: {} mention(s), {} new event(s), {} updated, {} alert(s)",
                     file, r.article_id, copy, r.mentions, r.events_created, r.events_updated,
                     r.alerts);
}

int run_ingest(const CliContext& ctx, const IngestArgs& args) {
  if (!args.url.empty() && args.files.size() > 1) {
    std::cerr << "missionwatch ingest: --url names one page; give one FILE with it\n";
    return kExitUsage;
  }
  if (!args.published.empty() && !parse_partial_date(args.published)) {
    std::cerr << "missionwatch ingest: --published " << args.published
              << " is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)\n";
    return kExitUsage;
  }
  auto env = open_command_env(ctx, "ingest", {.sync_feeds = false});
  if (!env) return env.error();
  auto classifier = MissionClassifier::create();
  if (!classifier) {
    std::cerr << "missionwatch ingest: " << classifier.error().describe() << "\n";
    return kExitFailure;
  }
  ArticlePipeline pipeline(*env->store, *classifier, pipeline_options(env->config));
  SystemClock clock;

  int rc = kExitOk;
  for (const auto& file : args.files) {
    auto doc = document_from_file(file, args);
    if (!doc) {
      std::cerr << "missionwatch ingest: " << doc.error().message << "\n";
      rc = kExitFailure;
      continue;
    }
    auto result = pipeline.process(*doc, clock.now());
    if (!result) {
      std::cerr << "missionwatch ingest: " << file << ": " << result.error().message << "\n";
      rc = kExitFailure;
      continue;
    }
    std::cout << (args.json ? result_json(file, *result).dump() : result_line(file, *result))
              << "\n";
  }
  // The alerts raised, delivered now for at most a minute; the rest stays in the outbox.
  auto delivered = alerts::deliver_due_alerts(*env->store, env->config, clock,
                                              clock.now() + std::chrono::minutes(1));
  if (!delivered) {
    std::cerr << "missionwatch ingest: alerts: " << delivered.error().message << "\n";
    return kExitFailure;
  }
  if (delivered->delivered + delivered->retried + delivered->failed > 0 && !args.json) {
    std::cerr << fmt::format("alerts: {} delivered, {} to retry, {} failed\n", delivered->delivered,
                             delivered->retried, delivered->failed);
  }
  return rc;
}

}  // namespace

void add_ingest_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest", "Run the pipeline on local files (plain text or HTML): classify, merge, store");
  cmd->add_option("FILE", args->files, "Files to ingest")->required();
  cmd->add_option("--url", args->url, "The page's URL (one FILE only)");
  cmd->add_option("--published", args->published, "Publication date YYYY-MM-DD (or YYYY-MM)");
  cmd->add_option("--source", args->source, "The outlet's name, shown with the event's sources");
  cmd->add_flag("--json", args->json, "One JSON object per file");
  cmd->callback([&ctx, args] { ctx.exit_code = run_ingest(ctx, *args); });
}

}  // namespace mw
