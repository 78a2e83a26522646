// Quality gates: the shared seeds yield exactly expected.json, and the development corpus in
// tests/fixtures/classifier/ stays above the floors pinned in tests/classifiers/floors.json.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "classifier_fixture.h"
#include "classifiers/corpus.h"

namespace mw::testing {
namespace {

TEST(ClassifierSeeds, YieldExactlyTheExpectedEvents) {
  std::string shared = shared_dir();
  if (shared.empty()) GTEST_SKIP() << "shared corpora folder " << MW_SHARED_DIR << " is absent";
  auto corpus = load_corpus(shared + "/seeds");
  ASSERT_TRUE(corpus) << corpus.error().describe();
  ASSERT_EQ(corpus->size(), 5u);
  EvalReport r = evaluate_corpus(classifier(), *corpus);
  std::string problems;
  for (const auto& p : r.problems) problems += p + "\n";
  EXPECT_EQ(problems, "");  // every current event with an accepted status, historical as such
  EXPECT_EQ(r.event.tp, 28);
  EXPECT_EQ(r.article.tp, 5);
}

TEST(ClassifierCorpus, HasEnoughPositivesAndHardNegatives) {
  auto corpus = load_corpus(std::string(MW_SOURCE_DIR) + "/tests/fixtures/classifier");
  ASSERT_TRUE(corpus) << corpus.error().describe();
  int pos = 0, neg = 0;
  for (const auto& a : *corpus) (a.expected.relevant ? pos : neg)++;
  EXPECT_GE(pos + neg, 100);
  EXPECT_GE(pos, 50);
  EXPECT_GE(neg, 50);
}

TEST(ClassifierCorpus, MeetsPinnedFloors) {
  std::ifstream in(std::string(MW_SOURCE_DIR) + "/tests/classifiers/floors.json");
  ASSERT_TRUE(in) << "tests/classifiers/floors.json is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  auto floors = nlohmann::json::parse(ss.str());
  auto corpus = load_corpus(std::string(MW_SOURCE_DIR) + "/tests/fixtures/classifier");
  ASSERT_TRUE(corpus) << corpus.error().describe();
  EvalReport r = evaluate_corpus(classifier(), *corpus);
  std::string report = r.to_text();
  EXPECT_GE(r.article.f1(), floors.at("article_f1").get<double>()) << report;
  EXPECT_GE(r.event.precision(), floors.at("event_precision").get<double>()) << report;
  EXPECT_GE(r.event.recall(), floors.at("event_recall").get<double>()) << report;
  EXPECT_GE(r.status_accuracy(), floors.at("status_accuracy").get<double>()) << report;
}

}  // namespace
}  // namespace mw::testing
