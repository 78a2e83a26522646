// The issue's defining test: ingesting the five seed articles (../shared/seeds) with a webhook,
// an e-mail and a command channel configured gives exactly one delivered alert per current
// event on each channel (13 each), none for the historical Danish closure; the webhook
// receiver verifies every signature as a Standard Webhooks verifier does.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/daemon/alerts_fixture.h"
#include "tests/support/run_process.h"

extern char** environ;

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using mw::testing::run_process;
using nlohmann::json;

const fs::path kSeeds = fs::path(MW_SHARED_DIR) / "seeds";
constexpr char kPython[] = "/usr/bin/python3";

// A minimal SMTP sink (aiosmtpd) writing each message to DIR/msg-N.eml.
constexpr char kSmtpSink[] = R"PY(
import os, socket, sys, time
from aiosmtpd.controller import Controller
outdir = sys.argv[1]
class Handler:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Handler.n += 1
        path = os.path.join(outdir, 'msg-%03d' % Handler.n)
        with open(path + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        os.rename(path + '.tmp', path + '.eml')
        return '250 OK'
s = socket.socket(); s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]; s.close()
c = Controller(Handler(), hostname='127.0.0.1', port=port)
c.start()
open(os.path.join(outdir, 'port.tmp'), 'w').write(str(port))
os.rename(os.path.join(outdir, 'port.tmp'), os.path.join(outdir, 'port'))
parent = os.getppid(); deadline = time.time() + 300
while time.time() < deadline and os.getppid() == parent:
    time.sleep(0.1)
c.stop()
)PY";

class AlertsSeeds : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(kSeeds)) GTEST_SKIP() << kSeeds << " is absent: seed tests skipped";
    if (run_process({kPython, "-c", "import aiosmtpd"}).exit_code != 0) {
      GTEST_SKIP() << "python3-aiosmtpd is absent (scripts/install-deps installs it)";
    }
    std::ifstream in(kSeeds / "expected.json");
    expected_ = json::parse(in);
    smtp_dir_ = dir_.path() / "smtp";
    fs::create_directories(smtp_dir_);
    std::ofstream(smtp_dir_ / "sink.py") << kSmtpSink;
    std::vector<std::string> argv = {kPython, (smtp_dir_ / "sink.py").string(), smtp_dir_.string()};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&smtp_pid_, kPython, nullptr, nullptr, args.data(), environ), 0);
    for (int i = 0; i < 200 && !fs::exists(smtp_dir_ / "port"); ++i)
      std::this_thread::sleep_for(50ms);
    ASSERT_TRUE(fs::exists(smtp_dir_ / "port"));
    smtp_port_ = std::stoi(mw::testing::slurp(smtp_dir_ / "port"));
  }
  void TearDown() override {
    if (smtp_pid_ > 0) {
      ::kill(smtp_pid_, SIGTERM);
      int status = 0;
      ::waitpid(smtp_pid_, &status, 0);
    }
  }
  std::vector<std::string> files_with(const fs::path& dir, const std::string& ext) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ext) out.push_back(mw::testing::slurp(e.path()));
    }
    return out;
  }

  store::testing::TempDir dir_;
  json expected_;
  fs::path smtp_dir_;
  pid_t smtp_pid_ = -1;
  int smtp_port_ = 0;
};

TEST_F(AlertsSeeds, EachCurrentEventIsDeliveredOnceOnEveryChannelAndDenmarkNever) {
  testing::WebhookReceiver receiver;
  const std::string secret = dir_.file("webhook-secret");
  std::ofstream(secret) << testing::kTestSecret << "\n";
  const fs::path spool = dir_.path() / "spool";
  fs::create_directories(spool);
  const std::string db = dir_.file("mw.db");
  std::ostringstream c;
  c << "[service]\ndatabase = \"" << db << "\"\nallow_private_networks = true\n"
    << "[[alerts.webhook]]\nname = \"hook\"\nurl = \"" << receiver.url() << "\"\nsecret_file = \""
    << secret << "\"\n"
    << "[[alerts.email]]\nname = \"desk\"\nsmtp_server = \"smtp://127.0.0.1:" << smtp_port_
    << "\"\nstarttls = false\nfrom = \"missionwatch@example.org\"\nto = [\"desk@example.org\"]\n"
    << "[[alerts.command]]\nname = \"spool\"\ncommand = [\"/bin/sh\", \"-c\", "
    << "\"cat > \\\"$0/$MW_MESSAGE_ID.json\\\"\", \"" << spool.string() << "\"]\n";
  const std::string cfg = dir_.file("mw.toml");
  std::ofstream(cfg) << c.str();

  std::vector<std::string> files;
  for (const auto& [file, _] : expected_.at("articles").items()) files.push_back(file);
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    std::vector<std::string> argv = {MW_BINARY, "--config", cfg, "ingest"};
    const json& dateline = expected_["articles"][file]["dateline"];
    if (dateline.is_string()) {
      argv.push_back("--published");
      argv.push_back(dateline.get<std::string>());
    }
    argv.push_back((kSeeds / file).string());
    auto r = run_process(argv);
    ASSERT_EQ(r.exit_code, 0) << file << ": " << r.err;
  }
  auto deliver = run_process({MW_BINARY, "--config", cfg, "alerts", "deliver"});
  ASSERT_EQ(deliver.exit_code, 0) << deliver.err;

  std::set<std::pair<std::string, std::string>> expected_events;  // (direction, country)
  for (const auto& country : expected_["merged"]["dprk_abroad_close"]) {
    expected_events.insert({"dprk_abroad", country.get<std::string>()});
  }
  for (const auto& country : expected_["merged"]["foreign_in_dprk_close"]) {
    expected_events.insert({"foreign_in_dprk", country.get<std::string>()});
  }
  ASSERT_EQ(expected_events.size(), 13u);

  // Webhook: 13 requests, 13 distinct ids, every signature verified, one per event.
  std::set<std::string> ids;
  std::set<std::pair<std::string, std::string>> hooked;
  for (const auto& r : receiver.received()) {
    EXPECT_TRUE(r.verified) << r.id;
    ids.insert(r.id);
    json event = json::parse(r.body)["data"]["event"];
    hooked.insert({event["direction"].get<std::string>(), event["country"].get<std::string>()});
    EXPECT_NE(event["country"], "DK");
  }
  EXPECT_EQ(receiver.count(), 13u);
  EXPECT_EQ(ids.size(), 13u);
  EXPECT_EQ(hooked, expected_events);

  // E-mail: 13 messages, none about Denmark.
  auto mails = files_with(smtp_dir_, ".eml");
  EXPECT_EQ(mails.size(), 13u);
  for (const auto& m : mails) EXPECT_EQ(m.find("Denmark"), std::string::npos);

  // Command: 13 runs, each with its own message id.
  auto spooled = files_with(spool, ".json");
  EXPECT_EQ(spooled.size(), 13u);
  std::set<std::pair<std::string, std::string>> commanded;
  for (const auto& s : spooled) {
    json event = json::parse(s)["data"]["event"];
    commanded.insert({event["direction"].get<std::string>(), event["country"].get<std::string>()});
  }
  EXPECT_EQ(commanded, expected_events);

  // And the outbox agrees: 4 channels (journal included) x 13, all delivered.
  auto list = run_process({MW_BINARY, "--config", cfg, "alerts", "list", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  int delivered = 0, other = 0;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    (json::parse(line)["status"] == "delivered" ? delivered : other)++;
  }
  EXPECT_EQ(delivered, 4 * 13);
  EXPECT_EQ(other, 0);
}

}  // namespace
}  // namespace mw::alerts
