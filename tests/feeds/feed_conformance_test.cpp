// Runs the feedparser conformance corpus (../shared/conformance/feedparser, see its README)
// against the built `missionwatch parse-feed` and fails below a pinned floor. The floor sits
// about one point under the measured rate (99.3 % of 3,796 checks on 2026-11-23); raise it
// when the parser improves, never lower it silently. The failing checks are kept in
// tests/data/conformance/failing.jsonl; regenerate it with the command in docs/feeds.md.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace {

constexpr double kFloorPercent = 98.3;

std::string run(const std::string& cmd, int& status) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) {
    status = -1;
    return out;
  }
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  status = pclose(pipe.release());
  return out;
}

TEST(FeedConformance, FeedparserCorpusPassRateStaysAboveFloor) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(MW_SHARED_DIR) / "conformance" / "feedparser";
  if (!fs::exists(dir / "score.py")) {
    GTEST_SKIP() << "conformance corpus absent at " << dir
                 << " (set -DMW_SHARED_DIR=...); feedparser conformance NOT checked";
  }
  int status = 0;
  run("python3 --version >/dev/null 2>&1", status);
  if (status != 0) GTEST_SKIP() << "python3 missing; feedparser conformance NOT checked";
  // ASan makes every run slower: generous per-fixture timeout, 2 jobs for the 2-core machine.
  const std::string cmd = "python3 '" + (dir / "score.py").string() + "' --cmd '" +
                          std::string(MW_BINARY) + " parse-feed {args} {file}' -j 2 --timeout 30" +
                          " -q --floor " + std::to_string(kFloorPercent) + " 2>&1";
  std::string out = run(cmd, status);
  // The measured rate is part of the test output on purpose.
  std::printf("%s", out.c_str());
  EXPECT_EQ(status, 0) << "pass rate below the floor of " << kFloorPercent << " %:\n" << out;
  EXPECT_NE(out.find("checks passed"), std::string::npos) << out;
}

}  // namespace
