// Runs the article extractor over the shared article-extraction benchmark (181 real news pages)
// in-process, scores the predictions with the benchmark's own evaluator (evaluate.py: word
// 4-gram precision, recall, F1) and fails below the floor recorded in
// tests/data/extract/floor.json. A regression guard; the target is in the benchmark's README.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "feeds/article_extractor.h"

namespace mw {
namespace {

namespace fs = std::filesystem;

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

TEST(ExtractionCorpus, ScoresAtLeastTheRecordedFloor) {
  const fs::path corpus = fs::path(MW_SHARED_DIR) / "bench" / "article-extraction";
  if (!fs::exists(corpus / "ground-truth.json")) {
    GTEST_SKIP() << "article-extraction corpus absent at " << corpus << " (MW_SHARED_DIR)";
  }
  if (std::system("command -v python3 >/dev/null 2>&1 && command -v gzip >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3 or gzip absent: cannot run evaluate.py";
  }
  std::ifstream floor_file(fs::path(MW_SOURCE_DIR) / "tests/data/extract/floor.json");
  ASSERT_TRUE(floor_file) << "tests/data/extract/floor.json missing";
  nlohmann::json floor = nlohmann::json::parse(floor_file)["floor"];

  std::ifstream gt_file(corpus / "ground-truth.json");
  nlohmann::json gt = nlohmann::json::parse(gt_file);
  nlohmann::json pred = nlohmann::json::object();
  int failures = 0;
  for (auto& [id, page] : gt.items()) {
    std::string html = run("gzip -dc '" + (corpus / "html" / (id + ".html.gz")).string() + "'");
    ASSERT_FALSE(html.empty()) << "cannot read page " << id;
    auto article = extract_article(html, ExtractOptions{}, page.value("url", ""));
    if (!article) {
      ++failures;
      ADD_FAILURE() << id << ": " << article.error().describe();
      pred[id] = {{"articleBody", ""}};
      continue;
    }
    pred[id] = {{"articleBody", article->text}};
  }
  EXPECT_EQ(failures, 0);

  fs::path dir = fs::temp_directory_path() / ("mw-extract-corpus-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "mw.json") << pred.dump();
  std::string cmd = "python3 '" + (corpus / "evaluate.py").string() + "' '" +
                    (dir / "mw.json").string() + "' --n-bootstrap 0 --json '" +
                    (dir / "scores.json").string() + "' 2>&1";
  std::string report = run(cmd);
  std::ifstream scores_file(dir / "scores.json");
  ASSERT_TRUE(scores_file) << "evaluate.py failed:\n" << report;
  nlohmann::json scores = nlohmann::json::parse(scores_file)["mw"];
  fs::remove_all(dir);

  double f1 = scores["f1"], precision = scores["precision"], recall = scores["recall"];
  std::printf("article-extraction corpus: F1 %.4f  precision %.4f  recall %.4f\n", f1, precision,
              recall);
  EXPECT_GE(f1, floor["f1"].get<double>()) << report;
  EXPECT_GE(precision, floor["precision"].get<double>()) << report;
  EXPECT_GE(recall, floor["recall"].get<double>()) << report;
}

}  // namespace
}  // namespace mw
