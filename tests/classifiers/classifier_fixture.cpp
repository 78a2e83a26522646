#include "classifier_fixture.h"

#include <filesystem>

#include "classifiers/eval.h"

namespace mw::testing {

const MissionClassifier& classifier() {
  static const MissionClassifier clf = [] {
    auto c = MissionClassifier::create();
    if (!c) {
      ADD_FAILURE() << c.error().describe();
      std::abort();
    }
    return std::move(*c);
  }();
  return clf;
}

Classification classify_text(std::string_view body, std::string_view published,
                             std::string_view title) {
  ArticleInput in;
  in.title = title;
  in.body = body;
  if (!published.empty()) in.published = parse_partial_date(published);
  return classifier().classify(in);
}

std::string events(std::string_view body, std::string_view published, std::string_view title) {
  Classification c = classify_text(body, published, title);
  std::string out;
  for (const auto& e : c.events) {
    if (e.confidence >= classifier().options().relevance_threshold) out += event_line(e) + "\n";
  }
  return out;
}

std::string changes(std::string_view body, std::string_view published) {
  Classification c = classify_text(body, published);
  std::string out;
  for (const auto& e : c.events) {
    if (e.confidence < classifier().options().relevance_threshold) continue;
    out += std::string(to_string(e.direction)) + " " + e.country + " " +
           std::string(to_string(e.action)) + "\n";
  }
  return out;
}

std::string shared_dir() {
  std::string dir = MW_SHARED_DIR;
  return std::filesystem::is_directory(dir) ? dir : "";
}

}  // namespace mw::testing
