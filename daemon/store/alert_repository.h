#pragma once
// The alert outbox. The pipeline inserts an alert and one delivery per configured channel in
// the same transaction as the event that caused it; delivery workers poll due_deliveries() and
// record each attempt's outcome. A delivery is only 'delivered' after its channel confirmed
// it, so a restart re-sends whatever was not confirmed (at-least-once); the idempotency key,
// the same on every retry, lets receivers drop the duplicates.
//
// State machine of a delivery:
//   pending --mark_delivered--> delivered
//   pending --mark_retry------> pending (attempts+1, next_attempt_at later)
//   pending --mark_failed-----> failed  (permanent; shown by `alerts list --failed`)
//   failed  --requeue_delivery-> pending (`alerts retry ID`)
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

enum class DeliveryStatus { kPending, kDelivered, kFailed };
std::string_view to_string(DeliveryStatus status);

struct AlertRecord {
  std::int64_t id = 0;
  std::optional<std::int64_t> event_id;  // NULL for channel test alerts
  std::string kind;                      // 'created' | 'status_changed' | 'test'
  std::string payload;                   // JSON text
  TimePoint created_at{};
};

struct DeliveryRecord {
  std::int64_t id = 0;
  std::int64_t alert_id = 0;
  std::string channel;
  DeliveryStatus status = DeliveryStatus::kPending;
  int attempts = 0;
  TimePoint next_attempt_at{};
  std::optional<TimePoint> last_attempt_at;
  std::optional<std::string> last_error;
  std::optional<TimePoint> delivered_at;
  std::string idempotency_key;  // "msg_" + 32 hex digits, random: unique across databases
  TimePoint created_at{};
};

struct NewAlert {
  std::optional<std::int64_t> event_id;
  std::string kind;
  std::string payload;                // JSON text; must be valid JSON
  std::vector<std::string> channels;  // one delivery each, due now; names must be distinct
};

struct InsertedAlert {
  std::int64_t alert_id = 0;
  std::vector<DeliveryRecord> deliveries;  // in the order of NewAlert::channels
};

// Inserts the alert and its deliveries atomically (a savepoint inside the caller's
// transaction, or a transaction of its own).
Result<InsertedAlert> insert_alert(Store& store, const NewAlert& alert, TimePoint now);

Result<std::optional<AlertRecord>> get_alert(Store& store, std::int64_t id);
Result<std::vector<AlertRecord>> alerts_of_event(Store& store, std::int64_t event_id);

Result<std::optional<DeliveryRecord>> get_delivery(Store& store, std::int64_t id);

// Pending deliveries with next_attempt_at <= now, earliest first, at most `limit`; restricted
// to one channel when `channel` is given.
Result<std::vector<DeliveryRecord>> due_deliveries(Store& store, TimePoint now, int limit,
                                                   const std::optional<std::string>& channel = {});

// Deliveries in a status (all when nullopt), newest first, at most `limit`.
Result<std::vector<DeliveryRecord>> list_deliveries(Store& store,
                                                    std::optional<DeliveryStatus> status,
                                                    int limit);

// The channel confirmed: status delivered, attempts+1, delivered_at = last_attempt_at = now.
// Accepted from pending or failed (a late confirmation still counts). kNotFound otherwise.
Status mark_delivered(Store& store, std::int64_t id, TimePoint now);

// A transient failure: attempts+1, last_error, next_attempt_at; stays pending.
// kNotFound unless the delivery is pending.
Status mark_retry(Store& store, std::int64_t id, const std::string& error,
                  TimePoint next_attempt_at, TimePoint now);

// A permanent failure (410, other 4xx, maximum age reached): status failed, attempts+1.
// kNotFound unless the delivery is pending.
Status mark_failed(Store& store, std::int64_t id, const std::string& error, TimePoint now);

// `alerts retry ID`: a failed delivery becomes pending and due now (attempts are kept, the
// idempotency key too). kNotFound unless the delivery is failed.
Status requeue_delivery(Store& store, std::int64_t id, TimePoint now);

}  // namespace mw::store
