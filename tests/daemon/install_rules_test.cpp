// The CMake install rules (cmake/install.cmake) run for real: `cmake --install` of the build
// tree this test belongs to, into a scratch prefix or with DESTDIR, and the files that land.
// Also checks that the man pages are well-formed roff.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/support/run_process.h"

namespace mw {
namespace {

namespace fs = std::filesystem;
using testing::run_process;
using testing::slurp;

// The build tree: the folder above MW_BINARY that holds CMakeCache.txt.
fs::path build_dir() {
  for (fs::path p = fs::path(MW_BINARY).parent_path(); !p.empty() && p != p.root_path();
       p = p.parent_path()) {
    if (fs::exists(p / "CMakeCache.txt")) return p;
  }
  return {};
}

// The value of a CMakeCache.txt entry (KEY:TYPE=VALUE).
std::string cache_value(const std::string& key) {
  std::ifstream in(build_dir() / "CMakeCache.txt");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ":", 0) == 0) return line.substr(line.find('=') + 1);
  }
  return "";
}

// A GNUInstallDirs folder as this build configured it ("" in the cache means the default).
std::string install_dir(const std::string& name, const std::string& fallback) {
  std::string v = cache_value("CMAKE_INSTALL_" + name);
  return v.empty() ? fallback : v;
}

std::string cmake() {
  std::string c = cache_value("CMAKE_COMMAND");
  return c.empty() ? "/usr/bin/cmake" : c;
}

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "mw-install-XXXXXX").string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~ScratchDir() {
    if (!path_.empty()) fs::remove_all(path_);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Every regular file under `root`, relative and sorted.
std::set<std::string> files_under(const fs::path& root) {
  std::set<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) files.insert(fs::relative(e.path(), root).string());
  }
  return files;
}

std::string unit_line(const std::string& unit, const std::string& key) {
  std::istringstream in(unit);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

class InstallRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(build_dir().empty()) << "no CMakeCache.txt above " << MW_BINARY;
    ASSERT_FALSE(scratch_.path().empty());
    // The unit folder can be forced for every prefix; these tests check the defaults.
    if (!cache_value("MW_SYSTEMD_UNITDIR").empty()) {
      GTEST_SKIP() << "MW_SYSTEMD_UNITDIR is set in this build: default layout not checked";
    }
  }
  // `cmake --install BUILD --prefix PREFIX`, with DESTDIR when `destdir` is not empty.
  testing::ProcessResult install(const std::string& prefix, const std::string& destdir = "") {
    std::vector<std::string> argv{"/usr/bin/env"};
    if (!destdir.empty()) argv.push_back("DESTDIR=" + destdir);
    for (const std::string& a : {cmake(), std::string("--install"), build_dir().string(),
                                 std::string("--prefix"), prefix}) {
      argv.push_back(a);
    }
    return run_process(argv);
  }
  ScratchDir scratch_;
};

TEST_F(InstallRulesTest, PrefixInstallPutsEveryFileUnderThePrefixAndTheUnitNamesThem) {
  const fs::path prefix = scratch_.path() / "p";
  auto r = install(prefix.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string man = install_dir("MANDIR", install_dir("DATAROOTDIR", "share") + "/man");
  const std::string data = install_dir("DATADIR", install_dir("DATAROOTDIR", "share"));
  const std::string bin = install_dir("BINDIR", "bin");
  const std::set<std::string> expected{
      bin + "/missionwatch",
      "etc/missionwatch/missionwatch.toml",
      "lib/systemd/system/missionwatch.service",
      "lib/sysusers.d/missionwatch.conf",
      "lib/tmpfiles.d/missionwatch.conf",
      man + "/man5/missionwatch.toml.5",
      man + "/man8/missionwatch.8",
      data + "/missionwatch/missionwatch.toml",
  };
  EXPECT_EQ(files_under(prefix), expected);

  const std::string unit = slurp(prefix / "lib/systemd/system/missionwatch.service");
  const std::string config = (prefix / "etc/missionwatch/missionwatch.toml").string();
  EXPECT_EQ(unit_line(unit, "ExecStart"),
            (prefix / bin / "missionwatch").string() + " run --config " + config);
  EXPECT_EQ(unit_line(unit, "ExecStartPre"),
            (prefix / bin / "missionwatch").string() + " check-config --config " + config);

  // What landed works together: the installed binary accepts the installed config.
  auto check =
      run_process({(prefix / bin / "missionwatch").string(), "check-config", "--config", config});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  struct stat st {};
  ASSERT_EQ(::stat(config.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(slurp(config), slurp(fs::path(MW_SOURCE_DIR) / "systemd/missionwatch.toml"));
}

TEST_F(InstallRulesTest, ExistingConfigurationIsNotOverwritten) {
  const fs::path prefix = scratch_.path() / "p";
  const fs::path config = prefix / "etc/missionwatch/missionwatch.toml";
  fs::create_directories(config.parent_path());
  const std::string mine = "# edited by the operator\n[service]\nlog_level = \"debug\"\n";
  std::ofstream(config) << mine;
  auto r = install(prefix.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(slurp(config), mine);
  EXPECT_NE(r.out.find("Keeping existing"), std::string::npos) << r.out;
  // The new default is still there to compare with.
  EXPECT_TRUE(fs::exists(prefix / install_dir("DATADIR", install_dir("DATAROOTDIR", "share")) /
                         "missionwatch/missionwatch.toml"));
}

TEST_F(InstallRulesTest, UsrPrefixWithDestdirUsesEtcAndSystemdsUnitFolder) {
  const fs::path stage = scratch_.path() / "stage";
  auto r = install("/usr", stage.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(fs::exists(stage / "usr/bin/missionwatch"));
  EXPECT_TRUE(fs::exists(stage / "etc/missionwatch/missionwatch.toml"));
  EXPECT_TRUE(fs::exists(stage / "usr/lib/sysusers.d/missionwatch.conf"));
  EXPECT_TRUE(fs::exists(stage / "usr/lib/tmpfiles.d/missionwatch.conf"));
  EXPECT_FALSE(fs::exists(stage / "usr/etc"));
  // systemd's unit folder (pkg-config systemd; /lib/systemd/system on Debian 12).
  auto pc =
      run_process({"/usr/bin/env", "pkg-config", "--variable=systemdsystemunitdir", "systemd"});
  std::string unitdir = pc.exit_code == 0 ? pc.out.substr(0, pc.out.find('\n')) : "";
  if (unitdir.empty()) unitdir = "/lib/systemd/system";
  const fs::path unit = stage / fs::path(unitdir).relative_path() / "missionwatch.service";
  ASSERT_TRUE(fs::exists(unit)) << unit << "\n" << r.out;
  // For /usr the unit is installed exactly as checked in.
  EXPECT_EQ(slurp(unit), slurp(fs::path(MW_SOURCE_DIR) / "systemd/missionwatch.service"));
}

TEST(ManPagesTest, RenderWithoutRoffWarnings) {
  if (::access("/usr/bin/groff", X_OK) != 0) GTEST_SKIP() << "groff absent";
  for (const char* page : {"man/missionwatch.8", "man/missionwatch.toml.5"}) {
    const fs::path file = fs::path(MW_SOURCE_DIR) / page;
    ASSERT_TRUE(fs::exists(file)) << file;
    auto r = run_process({"/usr/bin/groff", "-man", "-ww", "-z", file.string()});
    EXPECT_EQ(r.exit_code, 0) << page;
    EXPECT_EQ(r.err, "") << page;
  }
}

TEST(ManPagesTest, EveryCommandOfTheBinaryIsInTheManPage) {
  auto help = run_process({MW_BINARY, "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  const std::string page = slurp(fs::path(MW_SOURCE_DIR) / "man/missionwatch.8");
  const std::size_t at = help.out.find("Subcommands:");
  ASSERT_NE(at, std::string::npos) << help.out;
  std::istringstream lines(help.out.substr(at));
  std::string line;
  std::getline(lines, line);
  int commands = 0;
  while (std::getline(lines, line)) {
    // "  check-config    Validate the configuration..."
    if (line.size() < 3 || line.compare(0, 2, "  ") != 0 || line[2] < 'a' || line[2] > 'z') {
      continue;
    }
    const std::string command = line.substr(2, line.find(' ', 2) - 2);
    ++commands;
    std::string name;  // roff escapes '-' as '\-'
    for (char c : command) name += c == '-' ? std::string("\\-") : std::string(1, c);
    // A command is the first word of a .B/.BR/.BI line (a .TP tag) of the page.
    bool found = false;
    std::istringstream page_lines(page);
    for (std::string p; !found && std::getline(page_lines, p);) {
      if (p.rfind(".B", 0) != 0) continue;
      std::size_t word = p.find(' ');
      if (word == std::string::npos) continue;
      word = p.find_first_not_of(" \"", word);
      found = word != std::string::npos && p.compare(word, name.size(), name) == 0;
    }
    EXPECT_TRUE(found) << "command `" << command << "` is missing from man/missionwatch.8";
  }
  EXPECT_GE(commands, 5) << help.out;
}

}  // namespace
}  // namespace mw
