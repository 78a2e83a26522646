// Webhook delivery through the outbox to a real loopback receiver that verifies signatures
// like a Standard Webhooks verifier: delivery, retries while the receiver is down, 410 and
// other 4xx, 429 with Retry-After, timeouts, the Slack format, digests.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/alerts/webhook_channel.h"
#include "tests/daemon/alerts_fixture.h"

namespace mw::alerts {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using store::DeliveryStatus;
using testing::add_alert;
using testing::WebhookReceiver;

class AlertsWebhook : public store::testing::StoreTest {
 protected:
  std::string secret_file() {
    std::string path = dir_.file("webhook-secret");
    std::ofstream(path) << testing::kTestSecret << "\n";
    return path;
  }
  WebhookChannel channel(const WebhookReceiver& receiver) {
    WebhookChannel c;
    c.name = "hook";
    c.url = receiver.url();
    c.secret.file = secret_file();
    c.rules.timeout = 2s;
    return c;
  }
  AlertOutbox outbox(WebhookChannel c) {
    std::vector<std::unique_ptr<AlertChannel>> channels;
    channels.push_back(std::make_unique<WebhookSender>(WebhookOptions{c, "", "missionwatch-test"}));
    return AlertOutbox(std::move(channels), {}, [] { return 0.5; });
  }
  store::DeliveryRecord delivery(std::int64_t id) {
    auto d = store::get_delivery(store(), id);
    EXPECT_TRUE(d && *d);
    return d && *d ? **d : store::DeliveryRecord{};
  }
  // Whole seconds: the store keeps milliseconds, and the tests compare times exactly.
  ManualClock clock_{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
};

TEST_F(AlertsWebhook, EachAlertArrivesOnceSignedWithItsIdempotencyKey) {
  WebhookReceiver receiver;
  auto box = outbox(channel(receiver));
  std::vector<store::InsertedAlert> alerts = {
      add_alert(store(), {"hook"}, clock_.now(), "ES", "Madrid"),
      add_alert(store(), {"hook"}, clock_.now(), "AO", "Luanda"),
      add_alert(store(), {"hook"}, clock_.now(), "UG", "Kampala")};
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run) << run.error().describe();
  EXPECT_EQ(run->delivered, 3);
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  std::set<std::string> countries;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_TRUE(got[i].verified) << got[i].id << " " << got[i].signature;
    EXPECT_EQ(got[i].id, alerts[i].deliveries[0].idempotency_key);
    EXPECT_EQ(got[i].content_type, "application/json");
    json body = json::parse(got[i].body);
    EXPECT_EQ(body["type"], "missionwatch.alert.created");
    EXPECT_EQ(body["version"], 1);
    countries.insert(body["data"]["event"]["country"].get<std::string>());
    EXPECT_EQ(delivery(alerts[i].deliveries[0].id).status, DeliveryStatus::kDelivered);
  }
  EXPECT_EQ(countries, (std::set<std::string>{"ES", "AO", "UG"}));
  // Nothing left: a second pass sends nothing.
  auto again = box.run_due(store(), clock_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->did_work());
  EXPECT_EQ(receiver.count(), 3u);
}

TEST_F(AlertsWebhook, WhileTheReceiverIsDownDeliveriesWaitAndArriveOnceItIsBack) {
  WebhookReceiver receiver(testing::kTestSecret, 0, /*check_time=*/false);
  const int port = receiver.port();
  auto box = outbox(channel(receiver));
  receiver.stop();
  auto alert = add_alert(store(), {"hook"}, clock_.now());
  const std::int64_t id = alert.deliveries[0].id;

  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.next_attempt_at, clock_.now() + 5s);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("webhook hook (http://127.0.0.1:"), std::string::npos)
      << *d.last_error;

  clock_.advance(2s);  // not due yet
  auto early = box.run_due(store(), clock_);
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->did_work());

  clock_.advance(4s);
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(id).attempts, 2);
  EXPECT_EQ(delivery(id).next_attempt_at, clock_.now() + 5min);

  receiver.start(port);
  clock_.advance(5min);
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->delivered, 1);
  EXPECT_EQ(delivery(id).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(delivery(id).attempts, 3);
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, alert.deliveries[0].idempotency_key);
  EXPECT_TRUE(got[0].verified);
}

TEST_F(AlertsWebhook, GoneIsAPermanentFailureListedAsFailed) {
  WebhookReceiver receiver;
  receiver.respond_with([](const httplib::Request&, httplib::Response& res) {
    res.status = 410;
    res.set_content("endpoint removed", "text/plain");
  });
  auto box = outbox(channel(receiver));
  auto alert = add_alert(store(), {"hook"}, clock_.now());
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->failed, 1);
  auto failed = store::list_deliveries(store(), DeliveryStatus::kFailed, 10);
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].id, alert.deliveries[0].id);
  EXPECT_NE((*failed)[0].last_error->find("HTTP 410: endpoint removed"), std::string::npos)
      << *(*failed)[0].last_error;
  clock_.advance(1h);
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(receiver.count(), 1u);  // never retried
}

TEST_F(AlertsWebhook, ClientErrorsFailButRequestTimeoutAndTooManyRequestsRetry) {
  WebhookReceiver receiver;
  std::atomic<int> status{400};
  receiver.respond_with([&](const httplib::Request&, httplib::Response& res) {
    res.status = status.load();
    if (res.status == 429) res.set_header("Retry-After", "120");
  });
  auto box = outbox(channel(receiver));
  auto bad = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(bad.deliveries[0].id).status, DeliveryStatus::kFailed);

  status = 408;
  auto timeout = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(timeout.deliveries[0].id).status, DeliveryStatus::kPending);

  status = 429;
  auto limited = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(limited.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_EQ(d.next_attempt_at, clock_.now() + 120s);  // Retry-After beats the 5 s step

  status = 503;
  auto unavailable = add_alert(store(), {"hook"}, clock_.now() + 1s);
  clock_.advance(1s);
  ASSERT_TRUE(box.run_due(store(), clock_));
  EXPECT_EQ(delivery(unavailable.deliveries[0].id).status, DeliveryStatus::kPending);
  EXPECT_NE(delivery(unavailable.deliveries[0].id).last_error->find("HTTP 503"), std::string::npos);
}

TEST_F(AlertsWebhook, ASlowReceiverTimesOutAndIsRetried) {
  WebhookReceiver receiver;
  receiver.respond_with([](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(1500ms);
    res.status = 200;
  });
  WebhookChannel c = channel(receiver);
  c.rules.timeout = 1s;
  auto box = outbox(c);
  auto alert = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("imed out"), std::string::npos) << *d.last_error;
}

TEST_F(AlertsWebhook, TheUrlsPathNeverAppearsInErrors) {
  WebhookReceiver receiver;
  receiver.respond_with([](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  WebhookChannel c = channel(receiver);
  c.url = receiver.url() + "?token=T0PSECRET";
  auto box = outbox(c);
  auto alert = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  std::string error = delivery(alert.deliveries[0].id).last_error.value_or("");
  EXPECT_NE(error.find("HTTP 500"), std::string::npos) << error;
  EXPECT_EQ(error.find("T0PSECRET"), std::string::npos) << error;
  EXPECT_EQ(error.find("/hook"), std::string::npos) << error;
}

TEST_F(AlertsWebhook, AnUnreadableSecretDelaysDeliveryWithTheReason) {
  WebhookReceiver receiver;
  WebhookChannel c = channel(receiver);
  c.secret.file = dir_.file("missing-secret");
  auto box = outbox(c);
  auto alert = add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  store::DeliveryRecord d = delivery(alert.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kPending);
  EXPECT_NE(d.last_error.value_or("").find("missing-secret"), std::string::npos);
  EXPECT_EQ(receiver.count(), 0u);  // nothing unsigned went out
}

TEST_F(AlertsWebhook, SlackFormatPostsText) {
  WebhookReceiver receiver;
  WebhookChannel c = channel(receiver);
  c.format = "slack";
  auto box = outbox(c);
  add_alert(store(), {"hook"}, clock_.now());
  ASSERT_TRUE(box.run_due(store(), clock_));
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  json body = json::parse(got[0].body);
  EXPECT_NE(body["text"].get<std::string>().find("North Korea closes its embassy in Madrid"),
            std::string::npos);
  EXPECT_TRUE(got[0].verified);
}

TEST_F(AlertsWebhook, ADigestChannelWaitsForItsPeriodThenSendsOneMessage) {
  WebhookReceiver receiver(testing::kTestSecret, 0, /*check_time=*/false);
  WebhookChannel c = channel(receiver);
  c.rules.digest_minutes = 10;
  auto box = outbox(c);
  auto first = add_alert(store(), {"hook"}, clock_.now(), "ES", "Madrid");
  clock_.advance(3min);
  auto second = add_alert(store(), {"hook"}, clock_.now(), "AO", "Luanda");
  clock_.advance(3min);
  auto waiting = box.run_due(store(), clock_);
  ASSERT_TRUE(waiting);
  EXPECT_EQ(waiting->waiting, 2);
  EXPECT_EQ(receiver.count(), 0u);

  clock_.advance(5min);  // the oldest is now 11 minutes old
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->messages, 1);
  EXPECT_EQ(run->delivered, 2);
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].verified);
  json body = json::parse(got[0].body);
  EXPECT_EQ(body["type"], "missionwatch.digest");
  EXPECT_EQ(body["data"]["alerts"].size(), 2u);
  EXPECT_EQ(delivery(first.deliveries[0].id).status, DeliveryStatus::kDelivered);
  EXPECT_EQ(delivery(second.deliveries[0].id).status, DeliveryStatus::kDelivered);
}

TEST_F(AlertsWebhook, DeliveriesToAChannelNoLongerConfiguredFailVisibly) {
  WebhookReceiver receiver;
  auto box = outbox(channel(receiver));
  auto orphan = add_alert(store(), {"removed-hook"}, clock_.now());
  auto run = box.run_due(store(), clock_);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->failed, 1);
  store::DeliveryRecord d = delivery(orphan.deliveries[0].id);
  EXPECT_EQ(d.status, DeliveryStatus::kFailed);
  EXPECT_NE(d.last_error.value_or("").find("\"removed-hook\" is not configured"),
            std::string::npos);
}

}  // namespace
}  // namespace mw::alerts
