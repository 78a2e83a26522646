// End to end: `missionwatch classify` and `missionwatch eval` on real files, through the built
// binary (MW_BINARY).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

struct CmdResult {
  int rc = -1;
  std::string out;
};

CmdResult run(const std::string& args) {
  CmdResult r;
  std::string cmd = std::string(MW_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class ClassifyCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mw_classify_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    auto p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  std::filesystem::path dir_;
};

TEST_F(ClassifyCommand, PrintsOneJsonLinePerFileWithEvidenceOffsetsIntoTheFile) {
  std::string text =
      "North Korea shuts embassy in Uganda\n"
      "Officials said on Monday that North Korea has closed its embassy in Kampala.\n";
  std::string a = write("a.txt", text);
  std::string b = write("b.txt", "North Korea fired a missile on Thursday, officials said.\n");
  CmdResult r = run("classify --published 2023-10-30 " + a + " " + b);
  ASSERT_EQ(r.rc, 0) << r.out;
  std::size_t nl = r.out.find('\n');
  auto first = nlohmann::json::parse(r.out.substr(0, nl));
  auto second = nlohmann::json::parse(r.out.substr(nl + 1));
  EXPECT_EQ(first["file"], a);
  EXPECT_TRUE(first["relevant"]);
  ASSERT_EQ(first["events"].size(), 1u);
  const auto& e = first["events"][0];
  EXPECT_EQ(e["direction"], "dprk_abroad");
  EXPECT_EQ(e["country"], "UG");
  EXPECT_EQ(e["action"], "close");
  std::size_t start = e["evidence"]["start"], end = e["evidence"]["end"];
  EXPECT_EQ(text.substr(start, end - start), e["evidence"]["text"].get<std::string>());
  EXPECT_FALSE(second["relevant"]);
  EXPECT_EQ(second["reason"], "no mission change found");
  EXPECT_EQ(second["events"].size(), 0u);
}

TEST_F(ClassifyCommand, MissingFileIsARuntimeFailureAndBadDateAUsageError) {
  CmdResult missing = run("classify " + (dir_ / "nope.txt").string());
  EXPECT_EQ(missing.rc, 1) << missing.out;
  EXPECT_NE(missing.out.find("nope.txt"), std::string::npos) << missing.out;
  CmdResult bad = run("classify --published yesterday " + write("c.txt", "text\n"));
  EXPECT_EQ(bad.rc, 2) << bad.out;
  EXPECT_NE(bad.out.find("--published yesterday is not a date"), std::string::npos) << bad.out;
}

TEST(EvalCommand, ScoresTheDevelopmentCorpusAndListsProblems) {
  CmdResult r = run(std::string("eval ") + MW_SOURCE_DIR + "/tests/fixtures/classifier");
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_NE(r.out.find("article relevance"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("events (dir+country+act): precision"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("status accuracy"), std::string::npos) << r.out;
}

TEST(EvalCommand, ScoresTheSeedsLayout) {
  std::string seeds = std::string(MW_SHARED_DIR) + "/seeds";
  if (!std::filesystem::is_directory(seeds)) GTEST_SKIP() << seeds << " is absent";
  CmdResult r = run("eval --seeds " + seeds);
  ASSERT_EQ(r.rc, 0) << r.out;
  EXPECT_NE(r.out.find("articles: 5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(tp 28, fp 0, fn 0)"), std::string::npos) << r.out;
}

TEST(EvalCommand, FolderWithoutLabelsIsAUsageError) {
  CmdResult r = run("eval /nonexistent-folder");
  EXPECT_EQ(r.rc, 2) << r.out;
  EXPECT_NE(r.out.find("/nonexistent-folder is not a directory"), std::string::npos) << r.out;
}

}  // namespace
