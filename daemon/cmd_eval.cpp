// missionwatch eval DIR [--seeds] [--quiet]
// Scores the classifier on a labelled folder: article-level and event-level precision, recall
// and F1, status accuracy, then every miss and false alarm.
#include <filesystem>
#include <iostream>

#include "classifiers/corpus.h"
#include "classifiers/mission_classifier.h"
#include "daemon/cli.h"
#include "daemon/commands.h"

namespace mw {
namespace {

struct EvalArgs {
  std::string dir;
  bool seeds = false;
  bool quiet = false;
};

int run_eval(const EvalArgs& args) {
  const std::string& dir = args.dir;
  if (args.seeds && !std::filesystem::exists(std::filesystem::path(dir) / "expected.json")) {
    std::cerr << "eval: --seeds: " << dir
              << " has no expected.json (the seeds layout: *.txt plus one expected.json)\n";
    return kExitUsage;
  }
  auto corpus = load_corpus(dir);
  if (!corpus) {
    std::cerr << corpus.error().describe() << "\n";
    return corpus.error().code == ErrorCode::kNotFound ? kExitUsage : kExitFailure;
  }
  auto clf = MissionClassifier::create();
  if (!clf) {
    std::cerr << "eval: " << clf.error().describe() << "\n";
    return kExitFailure;
  }
  EvalReport report = evaluate_corpus(*clf, *corpus);
  std::string text = report.to_text();
  if (args.quiet) text = text.substr(0, text.find("\n", text.find("status accuracy")) + 1);
  std::cout << "corpus: " << dir << "\n" << text;
  return kExitOk;
}

}  // namespace

void add_eval_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<EvalArgs>();
  auto* cmd = app.add_subcommand(
      "eval",
      "Score the classifier on a labelled folder (<slug>.txt + <slug>.json, or *.txt + "
      "expected.json as in the shared seeds)");
  cmd->add_option("dir", args->dir, "Folder of labelled articles")->required();
  cmd->add_flag("--seeds", args->seeds,
                "DIR is in the seeds layout (*.txt plus one expected.json); checked");
  cmd->add_flag("-q,--quiet", args->quiet, "Print the figures only, not every miss");
  cmd->callback([args, &ctx] { ctx.exit_code = run_eval(*args); });
}

}  // namespace mw
