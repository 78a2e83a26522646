// The alert outbox (alerts, per-channel deliveries and their state machine) and the changefeed
// sequence.
#include <set>

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/store/alert_repository.h"
#include "daemon/store/change_repository.h"
#include "daemon/store/event_repository.h"
#include "tests/daemon/store_fixture.h"

namespace mw::store {
namespace {

using testing::at;
using testing::StoreTest;

class StoreOutbox : public StoreTest {
 protected:
  std::int64_t event() {
    EventRecord e;
    e.direction = "dprk_abroad";
    e.country = "AO";
    e.action = "close";
    e.status = "reported";
    e.confidence = 0.9;
    auto id = insert_event(store(), e, at());
    EXPECT_TRUE(id);
    return id ? *id : 0;
  }
  InsertedAlert alert(std::vector<std::string> channels, TimePoint now = at()) {
    NewAlert a;
    a.event_id = event();
    a.kind = "created";
    a.payload = R"({"event":{"country":"AO"}})";
    a.channels = std::move(channels);
    auto inserted = insert_alert(store(), a, now);
    EXPECT_TRUE(inserted) << inserted.error().describe();
    return inserted ? *inserted : InsertedAlert{};
  }
};

TEST_F(StoreOutbox, AnAlertGetsOnePendingDeliveryPerChannelDueAtOnce) {
  InsertedAlert in = alert({"webhook", "email", "journal"});
  ASSERT_EQ(in.deliveries.size(), 3u);
  auto got = get_alert(store(), in.alert_id);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->kind, "created");
  EXPECT_EQ((*got)->payload, R"({"event":{"country":"AO"}})");
  EXPECT_EQ((*got)->created_at, at());

  auto due = due_deliveries(store(), at(), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 3u);
  std::set<std::string> keys;
  for (const DeliveryRecord& d : *due) {
    EXPECT_EQ(d.alert_id, in.alert_id);
    EXPECT_EQ(d.status, DeliveryStatus::kPending);
    EXPECT_EQ(d.attempts, 0);
    EXPECT_EQ(d.next_attempt_at, at());
    EXPECT_EQ(d.idempotency_key.rfind("msg_", 0), 0u);
    EXPECT_EQ(d.idempotency_key.size(), 36u);
    keys.insert(d.idempotency_key);
  }
  EXPECT_EQ(keys.size(), 3u);
  auto webhook_only = due_deliveries(store(), at(), 10, std::string("webhook"));
  ASSERT_TRUE(webhook_only);
  ASSERT_EQ(webhook_only->size(), 1u);
  EXPECT_EQ((*webhook_only)[0].channel, "webhook");
  EXPECT_EQ((*webhook_only)[0].idempotency_key, in.deliveries[0].idempotency_key);
}

TEST_F(StoreOutbox, ARetryWaitsItsTurnAndDeliveryIsRecordedWithAttempts) {
  InsertedAlert in = alert({"webhook"});
  std::int64_t id = in.deliveries.at(0).id;
  ASSERT_TRUE(mark_retry(store(), id, "HTTP 503", at(60), at(1)));
  auto due = due_deliveries(store(), at(59), 10);
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->empty());
  due = due_deliveries(store(), at(60), 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 1);
  EXPECT_EQ((*due)[0].last_error, "HTTP 503");
  EXPECT_EQ((*due)[0].last_attempt_at, at(1));

  ASSERT_TRUE(mark_delivered(store(), id, at(61)));
  auto d = get_delivery(store(), id);
  ASSERT_TRUE(d && *d);
  EXPECT_EQ((*d)->status, DeliveryStatus::kDelivered);
  EXPECT_EQ((*d)->attempts, 2);
  EXPECT_EQ((*d)->delivered_at, at(61));
  EXPECT_EQ((*d)->idempotency_key, in.deliveries[0].idempotency_key);  // same on every retry
  due = due_deliveries(store(), at(9999), 10);
  ASSERT_TRUE(due);
  EXPECT_TRUE(due->empty());
  // A delivered delivery cannot go back.
  Status again = mark_retry(store(), id, "late", at(100), at(100));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(again.error().message.find("is delivered, not pending"), std::string::npos)
      << again.error().message;
}

TEST_F(StoreOutbox, AFailedDeliveryIsListedAndCanBeRequeued) {
  InsertedAlert in = alert({"webhook", "email"});
  std::int64_t id = in.deliveries.at(0).id;
  ASSERT_TRUE(mark_failed(store(), id, "HTTP 410 Gone", at(5)));
  auto failed = list_deliveries(store(), DeliveryStatus::kFailed, 10);
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].id, id);
  EXPECT_EQ((*failed)[0].last_error, "HTTP 410 Gone");
  auto pending = list_deliveries(store(), DeliveryStatus::kPending, 10);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 1u);
  auto all = list_deliveries(store(), std::nullopt, 10);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);

  EXPECT_EQ(requeue_delivery(store(), in.deliveries[1].id, at(6)).error().code,
            ErrorCode::kInvalidArgument);  // pending, not failed
  EXPECT_EQ(requeue_delivery(store(), 999, at(6)).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(requeue_delivery(store(), id, at(7)));
  auto due = due_deliveries(store(), at(7), 10, std::string("webhook"));
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 1);  // history kept
}

TEST_F(StoreOutbox, ADuplicateChannelOrInvalidPayloadStoresNoPartOfTheAlert) {
  NewAlert a;
  a.event_id = event();
  a.kind = "created";
  a.payload = "{}";
  a.channels = {"webhook", "webhook"};
  auto dup = insert_alert(store(), a, at());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::kDatabase);
  a.channels = {"webhook"};
  a.payload = "not json";
  EXPECT_FALSE(insert_alert(store(), a, at()));
  EXPECT_EQ(store().db().execAndGet("SELECT count(*) FROM alerts").getInt(), 0);
  EXPECT_EQ(store().db().execAndGet("SELECT count(*) FROM deliveries").getInt(), 0);
}

TEST_F(StoreOutbox, AnEventWithAlertsCannotBeDeletedFromUnderThem) {
  InsertedAlert in = alert({"journal"});
  auto got = get_alert(store(), in.alert_id);
  ASSERT_TRUE(got && *got && (*got)->event_id);
  SQLite::Statement del(store().db(), "DELETE FROM events WHERE id = ?");
  del.bind(1, *(*got)->event_id);
  EXPECT_THROW(del.exec(), SQLite::Exception);  // FOREIGN KEY constraint failed
  auto of_event = alerts_of_event(store(), *(*got)->event_id);
  ASSERT_TRUE(of_event);
  EXPECT_EQ(of_event->size(), 1u);
}

TEST_F(StoreOutbox, ChangeSequencesIncreaseAndAreNeverReusedAfterADelete) {
  std::int64_t ev = event();
  std::vector<std::int64_t> seqs;
  for (const char* type : {"created", "source_added", "status_changed"}) {
    auto seq = append_change(store(), ev, type, R"({"id":1})", at());
    ASSERT_TRUE(seq) << seq.error().describe();
    seqs.push_back(*seq);
  }
  EXPECT_LT(seqs[0], seqs[1]);
  EXPECT_LT(seqs[1], seqs[2]);
  store().db().exec("DELETE FROM changes");  // even the newest rows
  auto last = last_change_seq(store());
  ASSERT_TRUE(last);
  EXPECT_EQ(*last, seqs[2]);
  auto next = append_change(store(), ev, "updated", "", at());
  ASSERT_TRUE(next);
  EXPECT_GT(*next, seqs[2]);
}

TEST_F(StoreOutbox, ChangesAfterASequenceComeInOrderAndPage) {
  std::int64_t ev = event();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(append_change(store(), ev, "updated", "{\"n\":" + std::to_string(i) + "}", at(i)));
  }
  auto first = changes_after(store(), 0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].data, "{\"n\":0}");
  EXPECT_EQ((*first)[0].event_id, ev);
  EXPECT_EQ((*first)[0].type, "updated");
  EXPECT_EQ((*first)[0].time, at(0));
  auto rest = changes_after(store(), (*first)[1].seq, 100);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].data, "{\"n\":2}");
  EXPECT_EQ((*rest)[2].data, "{\"n\":4}");
  auto none = changes_after(store(), (*rest)[2].seq, 100);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto empty_data = append_change(store(), std::nullopt, "created", "", at());
  ASSERT_TRUE(empty_data);
  auto with_empty = changes_after(store(), *empty_data - 1, 1);
  ASSERT_TRUE(with_empty);
  EXPECT_EQ((*with_empty)[0].data, "{}");
  EXPECT_FALSE((*with_empty)[0].event_id);
}

}  // namespace
}  // namespace mw::store
