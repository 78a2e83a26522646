// End to end: `missionwatch extract FILE --url URL` on the golden pages in tests/data/extract/
// (each folder: page.html as a server would send it, expected.json with the page URL and the
// expected output fields).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mw {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int status = -1;
  std::string out;
};

RunResult run(const std::string& command) {
  RunResult r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int rc = pclose(p);
  r.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return r;
}

std::string quote(const std::string& s) {
  return "'" + s + "'";
}

TEST(ExtractCommand, GoldenPagesGiveTheExpectedJson) {
  const fs::path data = fs::path(MW_SOURCE_DIR) / "tests/data/extract";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    if (!entry.is_directory()) continue;
    std::ifstream expected_file(entry.path() / "expected.json");
    ASSERT_TRUE(expected_file) << entry.path();
    nlohmann::json expected = nlohmann::json::parse(expected_file);
    RunResult r =
        run(quote(MW_BINARY) + " extract " + quote((entry.path() / "page.html").string()) +
            " --url " + quote(expected["url"].get<std::string>()));
    ASSERT_EQ(r.status, 0) << entry.path() << "\n" << r.out;
    nlohmann::json got = nlohmann::json::parse(r.out);
    for (const char* key : {"title", "text", "published", "modified", "authors", "canonical_url",
                            "language", "site_name"}) {
      EXPECT_EQ(got[key], expected[key]) << entry.path().filename() << ": " << key;
    }
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

TEST(ExtractCommand, AbsentFieldsAreNull) {
  fs::path file = fs::temp_directory_path() / ("mw-extract-" + std::to_string(getpid()) + ".html");
  std::ofstream(file) << "<html><body><p>Short.</p></body></html>";
  RunResult r = run(quote(MW_BINARY) + " extract " + quote(file.string()));
  fs::remove(file);
  ASSERT_EQ(r.status, 0) << r.out;
  nlohmann::json got = nlohmann::json::parse(r.out);
  EXPECT_TRUE(got["text"].is_null());
  EXPECT_TRUE(got["published"].is_null());
  EXPECT_TRUE(got["title"].is_null());
  EXPECT_EQ(got["authors"], nlohmann::json::array());
  EXPECT_TRUE(got.contains("no_text_reason"));
}

TEST(ExtractCommand, MissingFileIsARuntimeFailureNamingThePath) {
  RunResult r = run(quote(MW_BINARY) + " extract /nonexistent/page.html 2>&1");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("/nonexistent/page.html"), std::string::npos) << r.out;
}

TEST(ExtractCommand, NoArgumentIsAUsageError) {
  RunResult r = run(quote(MW_BINARY) + " extract 2>&1");
  EXPECT_EQ(r.status, 2) << r.out;
}

}  // namespace
}  // namespace mw
