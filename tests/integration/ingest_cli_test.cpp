// `missionwatch ingest` on bad input: each unusable file gets an error naming it, the others are
// still ingested; HTML is recognised by content; usage errors exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using testing::run_process;

const char* kReport =
    "North Korea closes embassy in Spain\n\n"
    "North Korea has closed its embassy in Madrid, Spain's foreign ministry said on Thursday. "
    "The embassy's staff left the country last week, officials said.\n";

class IngestCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mw-ingest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "mw.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
  std::string db_;
};

TEST_F(IngestCliTest, BadFilesAreNamedAndTheOthersStillIngested) {
  const std::string good = write("good.txt", kReport);
  const std::string empty = write("empty.txt", "  \n\n");
  const std::string binary = write("binary.bin", std::string("\x7f"
                                                             "ELF\0\0\x01\x02",
                                                             8));
  const std::string missing = (dir_ / "missing.txt").string();
  auto r = run_process({MW_BINARY, "--db", db_, "ingest", "--published", "2023-11-02", missing,
                        empty, binary, good});
  EXPECT_EQ(r.exit_code, 1) << "exit 1 when any file failed";
  EXPECT_NE(r.err.find(missing), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(empty + ": the file is empty"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(binary + ": the file is binary"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(good + ": article 1: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 new event(s)"), std::string::npos) << r.out;
}

TEST_F(IngestCliTest, HtmlIsRecognisedByContentAndExtracted) {
  const std::string page = write(
      "page.dat",
      "<!doctype html><html><head><title>North Korea closes embassy in Spain | Wire</title>"
      "<meta property=\"article:published_time\" content=\"2023-11-02T09:00:00Z\"></head>"
      "<body><nav><a href=\"/\">Home</a></nav><article><h1>North Korea closes embassy in "
      "Spain</h1><p>North Korea has closed its embassy in Madrid, Spain's foreign ministry said "
      "on Thursday.</p><p>The embassy's staff left the country last week, officials said, "
      "and the building has been handed back to its owner.</p></article></body></html>");
  auto r = run_process({MW_BINARY, "--db", db_, "ingest", "--json", page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["outcome"], "stored");
  EXPECT_EQ(j["events_created"], 1);
}

TEST_F(IngestCliTest, IrrelevantTextIsNotStored) {
  const std::string other = write("other.txt",
                                  "Rain expected\n\nHeavy rain is expected across the region "
                                  "on Friday, forecasters said.\n");
  auto r = run_process({MW_BINARY, "--db", db_, "ingest", "--json", other});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["outcome"], "not_relevant");
  EXPECT_TRUE(j["article_id"].is_null());
}

TEST_F(IngestCliTest, UsageErrorsExitTwo) {
  const std::string a = write("a.txt", kReport), b = write("b.txt", kReport);
  auto two_urls =
      run_process({MW_BINARY, "--db", db_, "ingest", "--url", "https://x.example/", a, b});
  EXPECT_EQ(two_urls.exit_code, 2);
  EXPECT_NE(two_urls.err.find("one FILE"), std::string::npos) << two_urls.err;
  auto bad_date = run_process({MW_BINARY, "--db", db_, "ingest", "--published", "yesterday", a});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("yesterday"), std::string::npos) << bad_date.err;
}

TEST_F(IngestCliTest, TheSamePageAtAnotherUrlIsACopyNotANewStory) {
  const std::string a = write("a.txt", kReport);
  ASSERT_EQ(run_process({MW_BINARY, "--db", db_, "ingest", "--url", "https://one.example/a", a})
                .exit_code,
            0);
  auto r = run_process(
      {MW_BINARY, "--db", db_, "ingest", "--json", "--url", "https://two.example/b", a});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["outcome"], "stored");
  EXPECT_EQ(j["copy_of"], 1);
  EXPECT_EQ(j["events_created"], 0);
  auto again = run_process(
      {MW_BINARY, "--db", db_, "ingest", "--json", "--url", "https://two.example/b", a});
  EXPECT_EQ(nlohmann::json::parse(again.out)["outcome"], "already_stored");
}

}  // namespace
}  // namespace mw
