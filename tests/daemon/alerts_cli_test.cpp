// `missionwatch alerts list|retry|test|deliver` and the service's delivery thread, end to end
// through the built binary, against a real loopback webhook receiver; including a SIGKILL in
// the middle of delivery followed by a restart.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "daemon/store/alert_repository.h"
#include "tests/daemon/alerts_fixture.h"
#include "tests/support/run_process.h"

extern char** environ;

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
using mw::testing::run_process;
using nlohmann::json;
using testing::WebhookReceiver;

std::vector<json> json_lines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

class AlertsCli : public ::testing::Test {
 protected:
  std::string db() const { return dir_.file("mw.db"); }
  std::string write_config(const WebhookReceiver& receiver) {
    std::string secret = dir_.file("webhook-secret");
    std::ofstream(secret) << testing::kTestSecret << "\n";
    std::ostringstream c;
    c << "[service]\ndatabase = \"" << db() << "\"\nallow_private_networks = true\n"
      << "[[alerts.webhook]]\nname = \"hook\"\nurl = \"" << receiver.url() << "\"\n"
      << "secret_file = \"" << secret << "\"\ntimeout = \"2s\"\n";
    std::string file = dir_.file("mw.toml");
    std::ofstream(file) << c.str();
    return file;
  }
  std::vector<store::InsertedAlert> add_alerts(int n) {
    auto opened = store::Store::open(db());
    EXPECT_TRUE(opened) << opened.error().describe();
    std::vector<store::InsertedAlert> out;
    for (int i = 0; i < n && opened; ++i) {
      out.push_back(testing::add_alert(**opened, {"journal", "hook"},
                                       std::chrono::system_clock::now(), "ES",
                                       "City" + std::to_string(i)));
    }
    return out;
  }
  int count_with_status(store::DeliveryStatus status) {
    auto opened = store::Store::open(db());
    if (!opened) return -1;
    auto list = store::list_deliveries(**opened, status, 100000);
    return list ? static_cast<int>(list->size()) : -1;
  }
  std::vector<std::string> mw(std::vector<std::string> args) {
    args.insert(args.begin(), MW_BINARY);
    return args;
  }

  store::testing::TempDir dir_;
};

TEST_F(AlertsCli, AGoneEndpointShowsInListFailedAndRetrySendsItAgain) {
  WebhookReceiver receiver;
  std::atomic<int> status{410};
  receiver.respond_with(
      [&](const httplib::Request&, httplib::Response& res) { res.status = status.load(); });
  const std::string cfg = write_config(receiver);
  auto alerts = add_alerts(1);

  auto deliver = run_process(mw({"alerts", "deliver", "--config", cfg}));
  ASSERT_EQ(deliver.exit_code, 0) << deliver.err;
  EXPECT_NE(deliver.out.find("1 delivered, 0 to retry later, 1 failed"), std::string::npos)
      << deliver.out;  // the journal took it; the webhook is gone

  auto failed = run_process(mw({"alerts", "list", "--failed", "--json", "--config", cfg}));
  ASSERT_EQ(failed.exit_code, 0) << failed.err;
  auto lines = json_lines(failed.out);
  ASSERT_EQ(lines.size(), 1u) << failed.out;
  EXPECT_EQ(lines[0]["channel"], "hook");
  EXPECT_EQ(lines[0]["status"], "failed");
  EXPECT_EQ(lines[0]["idempotency_key"], alerts[0].deliveries[1].idempotency_key);
  EXPECT_NE(lines[0]["last_error"].get<std::string>().find("HTTP 410"), std::string::npos);
  EXPECT_EQ(lines[0]["summary"], "North Korea closes its embassy in City0, Spain (reported)");

  auto table = run_process(mw({"alerts", "list", "--failed", "--config", cfg}));
  EXPECT_NE(table.out.find("failed"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("last error: webhook hook"), std::string::npos) << table.out;

  status = 204;
  const std::string id = std::to_string(lines[0]["id"].get<std::int64_t>());
  auto retry = run_process(mw({"alerts", "retry", id, "--config", cfg}));
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  auto again = run_process(mw({"alerts", "deliver", "--config", cfg}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(count_with_status(store::DeliveryStatus::kFailed), 0);
  EXPECT_EQ(count_with_status(store::DeliveryStatus::kDelivered), 2);
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, got[1].id);  // the same delivery: the same webhook-id
  EXPECT_TRUE(got[1].verified);

  auto retry_delivered = run_process(mw({"alerts", "retry", id, "--config", cfg}));
  EXPECT_EQ(retry_delivered.exit_code, 2);
  EXPECT_NE(retry_delivered.err.find("is delivered, not failed"), std::string::npos)
      << retry_delivered.err;
}

TEST_F(AlertsCli, TestSendsAClearlyMarkedSignedTestAlert) {
  WebhookReceiver receiver;
  const std::string cfg = write_config(receiver);
  auto sent = run_process(mw({"alerts", "test", "hook", "--config", cfg}));
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_NE(sent.out.find("delivered through hook"), std::string::npos) << sent.out;
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].verified);
  json body = json::parse(got[0].body);
  EXPECT_EQ(body["type"], "missionwatch.test");
  EXPECT_EQ(body["data"]["summary"].get<std::string>().rfind("TEST alert from missionwatch", 0),
            0u);

  auto unknown = run_process(mw({"alerts", "test", "nope", "--config", cfg}));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("channels: journal, hook"), std::string::npos) << unknown.err;

  auto journal = run_process(mw({"alerts", "test", "journal", "--config", cfg}));
  EXPECT_EQ(journal.exit_code, 0) << journal.err;
}

TEST_F(AlertsCli, KilledInTheMiddleOfDeliveryTheServiceLosesNothingAfterARestart) {
  WebhookReceiver receiver;
  receiver.respond_with([](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(60ms);  // slow enough to be killed mid-way
    res.status = 204;
  });
  const std::string cfg = write_config(receiver);
  constexpr int kAlerts = 30;
  auto alerts = add_alerts(kAlerts);

  auto start_service = [&] {
    std::vector<std::string> argv = mw({"run", "--config", cfg});
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const std::string log = dir_.file("service.log");
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    return pid;
  };
  auto wait_until = [](auto done, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
    return done();
  };

  pid_t first = start_service();
  ASSERT_GT(first, 0);
  ASSERT_TRUE(wait_until([&] { return receiver.count() >= 8; }, 60s))
      << mw::testing::slurp(dir_.file("service.log"));
  ::kill(first, SIGKILL);
  int status = 0;
  ::waitpid(first, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const std::size_t before_restart = receiver.count();
  EXPECT_LT(before_restart, static_cast<std::size_t>(kAlerts)) << "killed too late to matter";

  pid_t second = start_service();
  ASSERT_GT(second, 0);
  bool all = wait_until(
      [&] { return count_with_status(store::DeliveryStatus::kDelivered) == 2 * kAlerts; }, 90s);
  ::kill(second, SIGTERM);
  ::waitpid(second, &status, 0);
  ASSERT_TRUE(all) << mw::testing::slurp(dir_.file("service.log"));
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  // Every alert arrived at least once, always under its own single idempotency key.
  std::map<std::string, int> seen;
  for (const auto& r : receiver.received()) {
    EXPECT_TRUE(r.verified) << r.id;
    ++seen[r.id];
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kAlerts));
  for (const auto& a : alerts) {
    EXPECT_GE(seen[a.deliveries[1].idempotency_key], 1) << a.alert_id;
  }
  EXPECT_GE(receiver.count(), static_cast<std::size_t>(kAlerts));
}

}  // namespace
}  // namespace mw::alerts
