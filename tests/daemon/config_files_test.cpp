// The shipped default configuration, path resolution from the environment, the file-system
// checks (database folder, secret files) and secret handling. Real files in a temp folder.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "common/files.h"
#include "daemon/config.h"
#include "daemon/config_secrets.h"

namespace mw {
namespace {

namespace fs = std::filesystem;

class ConfigFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mw_config_files_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
    return p.string();
  }

  // Parses `text`, resolves paths against `env` and returns the file-system diagnostics.
  std::vector<std::string> fs_problems(const std::string& text, ConfigEnvironment env = {}) {
    ConfigParseResult r = parse_config_text(text, "t.toml");
    for (const ConfigDiagnostic& d : r.diagnostics) ADD_FAILURE() << d.format();
    resolve_config_paths(r.config, env);
    std::vector<std::string> out;
    for (const ConfigDiagnostic& d : check_config_filesystem(r.config)) out.push_back(d.format());
    return out;
  }

  fs::path dir_;
};

TEST_F(ConfigFilesTest, ShippedDefaultConfigValidates) {
  std::string path = std::string(MW_SOURCE_DIR) + "/systemd/missionwatch.toml";
  auto text = read_file(path);
  ASSERT_TRUE(text.has_value()) << text.error().message;
  ConfigParseResult r = parse_config_text(*text, path);
  for (const ConfigDiagnostic& d : r.diagnostics) ADD_FAILURE() << d.format();
  EXPECT_GE(r.config.feeds.size(), 15u);
  EXPECT_LE(r.config.feeds.size(), 25u);
  EXPECT_EQ(r.config.alerts.channel_count(), 0u) << "no real alert channel is on by default";
  EXPECT_EQ(r.config.service.database, "") << "the default database path is auto";
  for (const FeedConfig& feed : r.config.feeds) EXPECT_FALSE(feed.name.empty()) << feed.url;
}

TEST_F(ConfigFilesTest, BuiltInDefaultIsTheShippedFileByteForByte) {
  auto text = read_file(std::string(MW_SOURCE_DIR) + "/systemd/missionwatch.toml");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(default_config_text(), *text);
}

TEST_F(ConfigFilesTest, BrokenCopyOfShippedFileFailsWithLineAndColumn) {
  auto text = read_file(std::string(MW_SOURCE_DIR) + "/systemd/missionwatch.toml");
  ASSERT_TRUE(text.has_value());
  std::string broken = *text;
  // Find the line of "concurrency = 16" and make its value a typo'd key and a bad value.
  std::size_t at = broken.find("\nconcurrency = 16\n");
  ASSERT_NE(at, std::string::npos);
  int line = 2 + static_cast<int>(std::count(broken.begin(), broken.begin() + at, '\n'));
  broken.replace(at, 18, "\nconcurency = 16\n");
  std::string path = write("broken.toml", broken);
  ConfigParseResult r = parse_config_text(broken, path);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].format(),
            path + ":" + std::to_string(line) +
                ":1: service.concurency: unknown key (did you mean `concurrency`?)");
}

TEST_F(ConfigFilesTest, AutoDatabaseUsesStateDirectoryUnderSystemd) {
  Config c;
  resolve_config_paths(c, ConfigEnvironment{"/var/lib/missionwatch", "", ""});
  EXPECT_EQ(c.service.database, "/var/lib/missionwatch/missionwatch.db");
  EXPECT_EQ(c.service.database_origin, "auto");
}

TEST_F(ConfigFilesTest, AutoDatabaseIsLocalStateFolderOtherwise) {
  Config c;
  resolve_config_paths(c, ConfigEnvironment{});
  EXPECT_EQ(c.service.database, "state/missionwatch.db");
}

TEST_F(ConfigFilesTest, ExplicitDatabaseIsKept) {
  Config c;
  c.service.database = "/srv/x.db";
  resolve_config_paths(c, ConfigEnvironment{"/var/lib/missionwatch", "", ""});
  EXPECT_EQ(c.service.database, "/srv/x.db");
  EXPECT_EQ(c.service.database_origin, "config");
}

TEST_F(ConfigFilesTest, SecretsResolveInCredentialsDirectoryElseBesideTheConfig) {
  const char* text =
      "[[alerts.webhook]]\nurl = \"https://h.example/x\"\nsecret_file = \"hook\"\n"
      "[[alerts.command]]\ncommand = [\"/bin/true\"]\nsecret_file = \"/abs/key\"\n";
  ConfigParseResult r = parse_config_text(text, "t.toml");
  ASSERT_TRUE(r.ok());
  Config a = r.config;
  resolve_config_paths(a, ConfigEnvironment{"", "/run/credentials/mw.service", "/etc/mw"});
  EXPECT_EQ(a.alerts.webhook[0].secret.path, "/run/credentials/mw.service/hook");
  EXPECT_EQ(a.alerts.command[0].secret.path, "/abs/key");
  Config b = r.config;
  resolve_config_paths(b, ConfigEnvironment{"", "", "/etc/mw"});
  EXPECT_EQ(b.alerts.webhook[0].secret.path, "/etc/mw/hook");
}

TEST_F(ConfigFilesTest, MissingSecretFileIsReportedWithItsPosition) {
  std::string text =
      "[[alerts.webhook]]\nurl = \"https://h.example/x\"\nsecret_file = \"hook\"\n"
      "[service]\ndatabase = \"" +
      (dir_ / "db.sqlite").string() + "\"\n";
  std::string expected_path = (dir_ / "creds" / "hook").string();
  EXPECT_EQ(fs_problems(text, ConfigEnvironment{"", (dir_ / "creds").string(), ""}),
            std::vector<std::string>{
                "t.toml:3:15: alerts.webhook[0].secret_file: secret file \"" + expected_path +
                "\" not found (create it (mode 0600) or, under systemd, provide it with "
                "LoadCredential=hook:/path/to/file)"});
  write("creds/hook", "whsec_c2VjcmV0\n");
  EXPECT_TRUE(fs_problems(text, ConfigEnvironment{"", (dir_ / "creds").string(), ""}).empty());
}

TEST_F(ConfigFilesTest, DatabaseFolderThatIsAFileIsReported) {
  write("plain", "x");
  std::string db = (dir_ / "plain" / "sub" / "x.db").string();
  EXPECT_EQ(fs_problems("[service]\ndatabase = \"" + db + "\"\n"),
            std::vector<std::string>{"t.toml:2:12: service.database: \"" + db + "\": \"" +
                                     (dir_ / "plain").string() +
                                     "\" is not a folder (create the folder with write access "
                                     "for this user, or choose another path)"});
}

TEST_F(ConfigFilesTest, DatabasePathThatIsADirectoryIsReported) {
  fs::create_directories(dir_ / "adir");
  std::string db = (dir_ / "adir").string();
  EXPECT_EQ(fs_problems("[service]\ndatabase = \"" + db + "\"\n").size(), 1u);
}

TEST_F(ConfigFilesTest, MissingButCreatableDatabaseFolderIsFine) {
  std::string db = (dir_ / "new" / "deeper" / "x.db").string();
  EXPECT_TRUE(fs_problems("[service]\ndatabase = \"" + db + "\"\n").empty());
}

TEST_F(ConfigFilesTest, UnwritableDatabaseFolderIsReported) {
  if (geteuid() == 0) GTEST_SKIP() << "running as root: every folder is writable";
  fs::create_directories(dir_ / "ro");
  chmod((dir_ / "ro").c_str(), 0500);
  std::string db = (dir_ / "ro" / "x.db").string();
  std::vector<std::string> p = fs_problems("[service]\ndatabase = \"" + db + "\"\n");
  chmod((dir_ / "ro").c_str(), 0700);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("is not writable"), std::string::npos) << p[0];
  EXPECT_TRUE(p[0].starts_with("t.toml:2:12: service.database:")) << p[0];
}

TEST_F(ConfigFilesTest, ReadSecretDropsTrailingNewlineAndNeverPrintsTheValue) {
  SecretRef ref;
  ref.file = write("k", "hunter2-secret\r\n");
  auto s = read_secret(ref);
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->value(), "hunter2-secret");
  EXPECT_EQ(fmt::format("key={}", *s), "key=[redacted]");
  EXPECT_EQ(describe_secret(ref), "secret from file " + ref.file);
}

TEST_F(ConfigFilesTest, ReadSecretErrorsNameTheFileNotTheContent) {
  SecretRef missing;
  missing.file = (dir_ / "absent").string();
  auto a = read_secret(missing);
  ASSERT_FALSE(a.has_value());
  EXPECT_EQ(a.error().code, ErrorCode::kNotFound);
  EXPECT_NE(a.error().message.find(missing.file), std::string::npos) << a.error().message;
  SecretRef empty;
  empty.file = write("empty", "\n");
  auto b = read_secret(empty);
  ASSERT_FALSE(b.has_value());
  EXPECT_NE(b.error().message.find("is empty"), std::string::npos) << b.error().message;
}

}  // namespace
}  // namespace mw
