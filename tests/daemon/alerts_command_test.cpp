// Command delivery: a real program run without a shell, the alert JSON on its stdin, exit 0 =
// delivered, anything else or the timeout = retry.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/alerts/command_channel.h"
#include "tests/daemon/alerts_fixture.h"
#include "tests/support/run_process.h"

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
using store::DeliveryStatus;
using testing::add_alert;

class AlertsCommand : public store::testing::StoreTest {
 protected:
  // A script the channel runs; `body` is POSIX sh. The program is argv (no shell involved in
  // starting it: the script's #! line picks /bin/sh).
  std::string script(const std::string& name, const std::string& body) {
    std::string path = dir_.file(name);
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
    return path;
  }
  AlertOutbox outbox(const std::vector<std::string>& argv, std::chrono::milliseconds timeout = 5s) {
    CommandChannel c;
    c.name = "notify";
    c.command = argv;
    c.rules.timeout = timeout;
    std::vector<std::unique_ptr<AlertChannel>> channels;
    channels.push_back(std::make_unique<CommandSender>(c));
    return AlertOutbox(std::move(channels), {}, [] { return 0.5; });
  }
  store::DeliveryRecord delivery(std::int64_t id) {
    auto d = store::get_delivery(store(), id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::DeliveryRecord{};
  }
  SystemClock clock_;
};

TEST_F(AlertsCommand, TheProgramGetsTheAlertJsonOnStdinAndItsIdsInTheEnvironment) {
  const std::string out = dir_.file("received");
  auto box = outbox({script("notify.sh",
                            "cat > \"$1\"; echo \"$MW_MESSAGE_ID $MW_ALERT_ID "
                            "$MW_ALERT_KIND $MW_CHANNEL\" > \"$1.env\""),
                     out});
  auto alert = add_alert(store(), {"notify"}, clock_.now());
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(run->delivered, 1);
  auto body = nlohmann::json::parse(mw::testing::slurp(out));
  EXPECT_EQ(body["type"], "missionwatch.alert.created");
  EXPECT_EQ(body["data"]["event"]["country"], "ES");
  EXPECT_EQ(mw::testing::slurp(out + ".env"), alert.deliveries[0].idempotency_key + " " +
                                                  std::to_string(alert.alert_id) +
                                                  " created notify\n");
  EXPECT_EQ(delivery(alert.deliveries[0].id).status, DeliveryStatus::kDelivered);
}

TEST_F(AlertsCommand, ANonZeroExitIsRetriedWithWhatTheProgramSaid) {
  auto box = outbox({script("fail.sh", "cat >/dev/null; echo 'relay unreachable' >&2; exit 3")});
  auto alert = add_alert(store(), {"notify"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_NE(d.last_error.value_or("").find("exit status 3: relay unreachable"), std::string::npos)
      << d.last_error.value_or("");
}

TEST_F(AlertsCommand, AProgramThatIgnoresItsInputStillCounts) {
  // Exits at once without reading a byte: writing the JSON must not kill us with SIGPIPE.
  auto box = outbox({"/bin/true"});
  auto alert = add_alert(store(), {"notify"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(alert.deliveries[0].id).status, DeliveryStatus::kDelivered);
}

TEST_F(AlertsCommand, AProgramRunningPastTheTimeoutIsStoppedAndRetried) {
  auto box = outbox({script("slow.sh", "sleep 30")}, 1s);
  auto alert = add_alert(store(), {"notify"}, clock_.now());
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_NE(d.last_error.value_or("").find("timed out after 1000 ms"), std::string::npos)
      << d.last_error.value_or("");
}

TEST_F(AlertsCommand, AMissingProgramIsRetriedWithTheReason) {
  auto box = outbox({dir_.file("no-such-program")});
  auto alert = add_alert(store(), {"notify"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_NE(d.last_error.value_or("").find("No such file"), std::string::npos)
      << d.last_error.value_or("");
}

TEST_F(AlertsCommand, ArgumentsAreNotInterpretedByAShell) {
  const std::string out = dir_.file("args");
  auto box = outbox({script("args.sh", "cat >/dev/null; printf '%s' \"$2\" > \"$1\""), out,
                     "$(touch pwned); `id` | ;"});
  add_alert(store(), {"notify"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(mw::testing::slurp(out), "$(touch pwned); `id` | ;");
}

}  // namespace
}  // namespace mw::alerts
