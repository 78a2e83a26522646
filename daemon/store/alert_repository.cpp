#include "daemon/store/alert_repository.h"

#include <random>

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

#define MW_DELIVERY_SELECT                                                             \
  "SELECT id, alert_id, channel, status, attempts, next_attempt_at, last_attempt_at, " \
  "last_error, delivered_at, idempotency_key, created_at FROM deliveries "

DeliveryStatus parse_status(const std::string& s) {
  if (s == "delivered") return DeliveryStatus::kDelivered;
  if (s == "failed") return DeliveryStatus::kFailed;
  return DeliveryStatus::kPending;  // the CHECK constraint allows nothing else
}

DeliveryRecord read_delivery(const SQLite::Statement& s) {
  DeliveryRecord d;
  d.id = s.getColumn(0).getInt64();
  d.alert_id = s.getColumn(1).getInt64();
  d.channel = col_text(s, 2);
  d.status = parse_status(col_text(s, 3));
  d.attempts = s.getColumn(4).getInt();
  d.next_attempt_at = col_time(s, 5);
  d.last_attempt_at = col_opt_time(s, 6);
  d.last_error = col_opt_text(s, 7);
  d.delivered_at = col_opt_time(s, 8);
  d.idempotency_key = col_text(s, 9);
  d.created_at = col_time(s, 10);
  return d;
}

AlertRecord read_alert(const SQLite::Statement& s) {
  return AlertRecord{s.getColumn(0).getInt64(), col_opt_int64(s, 1), col_text(s, 2), col_text(s, 3),
                     col_time(s, 4)};
}

// Random, not derived from ids: ids restart with a new database file, and a receiver that
// deduplicates on the key would then silently drop new alerts.
std::string new_idempotency_key() {
  std::random_device rd;
  std::uint64_t hi = (std::uint64_t{rd()} << 32) | rd();
  std::uint64_t lo = (std::uint64_t{rd()} << 32) | rd();
  return fmt::format("msg_{:016x}{:016x}", hi, lo);
}

Status not_in_state(Store& store, std::int64_t id, std::string_view action,
                    std::string_view required) {
  auto d = get_delivery(store, id);
  if (!d) return tl::unexpected(d.error());
  if (!*d) {
    return fail(ErrorCode::kNotFound,
                fmt::format("{}: {}: no delivery with id {}", store.path(), action, id));
  }
  return fail(ErrorCode::kInvalidArgument,
              fmt::format("{}: {}: delivery {} is {}, not {}", store.path(), action, id,
                          to_string((*d)->status), required));
}

}  // namespace

std::string_view to_string(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kDelivered: return "delivered";
    case DeliveryStatus::kFailed: return "failed";
  }
  return "pending";
}

Result<InsertedAlert> insert_alert(Store& store, const NewAlert& alert, TimePoint now) {
  return store.transaction([&] {
    return store.guard("insert alert", [&]() -> Result<InsertedAlert> {
      InsertedAlert out;
      {
        auto q = store.prepare(
            "INSERT INTO alerts (event_id, kind, payload, created_at) VALUES (?, ?, ?, ?)");
        bind_opt(*q, 1, alert.event_id);
        q->bind(2, alert.kind);
        q->bind(3, alert.payload);
        bind_time(*q, 4, now);
        q->exec();
        out.alert_id = store.db().getLastInsertRowid();
      }
      for (const std::string& channel : alert.channels) {
        DeliveryRecord d;
        d.alert_id = out.alert_id;
        d.channel = channel;
        d.next_attempt_at = now;
        d.created_at = now;
        d.idempotency_key = new_idempotency_key();
        auto q = store.prepare(
            "INSERT INTO deliveries (alert_id, channel, next_attempt_at, idempotency_key, "
            "created_at) VALUES (?, ?, ?, ?, ?)");
        q->bind(1, d.alert_id);
        q->bind(2, d.channel);
        bind_time(*q, 3, now);
        q->bind(4, d.idempotency_key);
        bind_time(*q, 5, now);
        q->exec();
        d.id = store.db().getLastInsertRowid();
        out.deliveries.push_back(std::move(d));
      }
      return out;
    });
  });
}

Result<std::optional<AlertRecord>> get_alert(Store& store, std::int64_t id) {
  return store.guard("get alert", [&]() -> Result<std::optional<AlertRecord>> {
    auto q =
        store.prepare("SELECT id, event_id, kind, payload, created_at FROM alerts WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<AlertRecord>{};
    return std::optional<AlertRecord>{read_alert(*q)};
  });
}

Result<std::vector<AlertRecord>> alerts_of_event(Store& store, std::int64_t event_id) {
  return store.guard("alerts of event", [&]() -> Result<std::vector<AlertRecord>> {
    auto q = store.prepare(
        "SELECT id, event_id, kind, payload, created_at FROM alerts WHERE event_id = ? "
        "ORDER BY id");
    q->bind(1, event_id);
    std::vector<AlertRecord> out;
    while (q->executeStep()) out.push_back(read_alert(*q));
    return out;
  });
}

Result<std::optional<DeliveryRecord>> get_delivery(Store& store, std::int64_t id) {
  return store.guard("get delivery", [&]() -> Result<std::optional<DeliveryRecord>> {
    auto q = store.prepare(MW_DELIVERY_SELECT "WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<DeliveryRecord>{};
    return std::optional<DeliveryRecord>{read_delivery(*q)};
  });
}

Result<std::vector<DeliveryRecord>> due_deliveries(Store& store, TimePoint now, int limit,
                                                   const std::optional<std::string>& channel) {
  return store.guard("due deliveries", [&]() -> Result<std::vector<DeliveryRecord>> {
    // Served by the index deliveries_due (status, next_attempt_at).
    auto q = store.prepare(MW_DELIVERY_SELECT
                           "WHERE status = 'pending' AND next_attempt_at <= ?1 "
                           "AND (?2 IS NULL OR channel = ?2) "
                           "ORDER BY next_attempt_at, id LIMIT ?3");
    bind_time(*q, 1, now);
    bind_opt(*q, 2, channel);
    q->bind(3, limit);
    std::vector<DeliveryRecord> out;
    while (q->executeStep()) out.push_back(read_delivery(*q));
    return out;
  });
}

Result<std::vector<DeliveryRecord>> list_deliveries(Store& store,
                                                    std::optional<DeliveryStatus> status,
                                                    int limit) {
  return store.guard("list deliveries", [&]() -> Result<std::vector<DeliveryRecord>> {
    auto q = store.prepare(MW_DELIVERY_SELECT
                           "WHERE (?1 IS NULL OR status = ?1) ORDER BY id DESC LIMIT ?2");
    if (status) {
      q->bind(1, std::string(to_string(*status)));
    } else {
      q->bind(1);
    }
    q->bind(2, limit);
    std::vector<DeliveryRecord> out;
    while (q->executeStep()) out.push_back(read_delivery(*q));
    return out;
  });
}

Status mark_delivered(Store& store, std::int64_t id, TimePoint now) {
  auto changed = store.guard("mark delivered", [&]() -> Result<int> {
    auto q = store.prepare(
        "UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, "
        "delivered_at = ?1, last_attempt_at = ?1 WHERE id = ?2 AND status <> 'delivered'");
    bind_time(*q, 1, now);
    q->bind(2, id);
    return q->exec();
  });
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) return not_in_state(store, id, "mark delivered", "pending or failed");
  return ok();
}

Status mark_retry(Store& store, std::int64_t id, const std::string& error,
                  TimePoint next_attempt_at, TimePoint now) {
  auto changed = store.guard("mark retry", [&]() -> Result<int> {
    auto q = store.prepare(
        "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, "
        "last_attempt_at = ? WHERE id = ? AND status = 'pending'");
    q->bind(1, error);
    bind_time(*q, 2, next_attempt_at);
    bind_time(*q, 3, now);
    q->bind(4, id);
    return q->exec();
  });
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) return not_in_state(store, id, "mark retry", "pending");
  return ok();
}

Status mark_failed(Store& store, std::int64_t id, const std::string& error, TimePoint now) {
  auto changed = store.guard("mark failed", [&]() -> Result<int> {
    auto q = store.prepare(
        "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?, "
        "last_attempt_at = ? WHERE id = ? AND status = 'pending'");
    q->bind(1, error);
    bind_time(*q, 2, now);
    q->bind(3, id);
    return q->exec();
  });
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) return not_in_state(store, id, "mark failed", "pending");
  return ok();
}

Status requeue_delivery(Store& store, std::int64_t id, TimePoint now) {
  auto changed = store.guard("requeue delivery", [&]() -> Result<int> {
    auto q = store.prepare(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ? "
        "WHERE id = ? AND status = 'failed'");
    bind_time(*q, 1, now);
    q->bind(2, id);
    return q->exec();
  });
  if (!changed) return tl::unexpected(changed.error());
  if (*changed == 0) return not_in_state(store, id, "retry delivery", "failed");
  return ok();
}

}  // namespace mw::store

#undef MW_DELIVERY_SELECT
