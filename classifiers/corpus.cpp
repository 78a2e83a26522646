#include "classifiers/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mw {
namespace {

namespace fs = std::filesystem;

Result<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "eval: cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<std::vector<CorpusArticle>> load_corpus(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return fail(ErrorCode::kNotFound, "eval: " + dir + " is not a directory");
  }
  std::vector<fs::path> texts;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".txt") texts.push_back(entry.path());
  }
  std::sort(texts.begin(), texts.end());
  std::vector<CorpusArticle> out;
  fs::path seeds_json = fs::path(dir) / "expected.json";
  if (fs::exists(seeds_json)) {
    auto json = slurp(seeds_json);
    if (!json) return tl::unexpected(json.error());
    auto labels = parse_expected_seeds(*json);
    if (!labels) return tl::unexpected(labels.error());
    for (auto& label : *labels) {
      auto text = slurp(fs::path(dir) / label.file);
      if (!text) return tl::unexpected(text.error());
      out.push_back({std::move(label), std::move(*text)});
    }
    std::sort(out.begin(), out.end(), [](const CorpusArticle& a, const CorpusArticle& b) {
      return a.expected.file < b.expected.file;
    });
    return out;
  }
  for (const auto& t : texts) {
    fs::path label_path = t;
    label_path.replace_extension(".json");
    auto json = slurp(label_path);
    if (!json) {
      return fail(ErrorCode::kNotFound,
                  "eval: " + t.string() + " has no labels file " + label_path.filename().string());
    }
    auto label = parse_expected_article(t.filename().string(), *json);
    if (!label) return tl::unexpected(label.error());
    auto text = slurp(t);
    if (!text) return tl::unexpected(text.error());
    out.push_back({std::move(*label), std::move(*text)});
  }
  if (out.empty()) return fail(ErrorCode::kNotFound, "eval: no .txt articles in " + dir);
  return out;
}

SplitArticle split_title(std::string_view text) {
  SplitArticle s;
  s.body = text;
  std::size_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\n' || text[start] == '\r' ||
                                 text[start] == '\t')) {
    ++start;
  }
  std::size_t nl = text.find('\n', start);
  if (nl == std::string_view::npos) return s;
  std::string_view line = text.substr(start, nl - start);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
  std::size_t words = std::count(line.begin(), line.end(), ' ') + 1;
  bool rest = text.find_first_not_of(" \r\n\t", nl) != std::string_view::npos;
  if (line.empty() || line.size() > 200 || words > 25 || line.back() == '.' || !rest) return s;
  s.title = line;
  s.title_offset = start;
  s.body = text.substr(nl + 1);
  s.body_offset = nl + 1;
  return s;
}

EvalReport evaluate_corpus(const MissionClassifier& clf, const std::vector<CorpusArticle>& corpus) {
  EvalReport report;
  for (const auto& a : corpus) {
    SplitArticle sp = split_title(a.text);
    ArticleInput in;
    in.title = sp.title;
    in.body = sp.body;
    in.published = a.expected.published;
    report.add(a.expected, clf.classify(in), clf.options().relevance_threshold);
  }
  return report;
}

}  // namespace mw
