#pragma once
// The seam between the alert outbox and the ways an alert leaves the machine. A channel turns
// one outgoing message (one alert, or a digest of several) into a delivery attempt and says how
// it went; the outbox owns the bookkeeping (store, retry schedule, maximum age).
//
//   class MyChannel final : public AlertChannel { ... DeliveryOutcome send(...) override; };
//   DeliveryOutcome o = channel.send(message, clock.now());
//   if (o.kind == DeliveryOutcome::kRetry) ... // outbox: mark_retry at next_attempt(...)
//
// Threads: a channel may keep connections open between sends (the webhook keeps its libcurl
// handle) and is NOT thread-safe; each outbox (one per thread) makes its own channels.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "daemon/config.h"
#include "daemon/store/alert_repository.h"

namespace mw::alerts {

// One alert row with the delivery being attempted for it.
struct OutboundAlert {
  store::AlertRecord alert;
  store::DeliveryRecord delivery;
};

// What a channel sends in one attempt: a single alert, or (digest channels) every alert that
// waited for the period. `message_id` is stable across retries of the same message: the
// delivery's idempotency key for a single alert, a key derived from all the keys for a digest.
struct OutgoingMessage {
  std::vector<OutboundAlert> alerts;  // never empty
  std::string message_id;             // "msg_" + 32 hex digits
  bool digest = false;
};

struct DeliveryOutcome {
  enum Kind {
    kDelivered,  // the channel confirmed (2xx, SMTP accepted, exit 0, journal written)
    kRetry,      // transient: try again later (timeouts, 5xx, 429, connection refused)
    kPermanent,  // will not succeed by retrying (410 Gone, other 4xx): the delivery fails
  };
  Kind kind = kRetry;
  // For logs and deliveries.last_error: what happened ("HTTP 503 from https://…"); never
  // contains a secret. Empty when delivered.
  std::string detail;
  // The receiver asked us to wait at least this long (HTTP Retry-After).
  std::optional<std::chrono::seconds> retry_after;

  static DeliveryOutcome delivered() { return {kDelivered, {}, {}}; }
  static DeliveryOutcome retry(std::string detail,
                               std::optional<std::chrono::seconds> after = std::nullopt) {
    return {kRetry, std::move(detail), after};
  }
  static DeliveryOutcome permanent(std::string detail) {
    return {kPermanent, std::move(detail), {}};
  }
};
std::string_view to_string(DeliveryOutcome::Kind kind);  // "delivered", "retry", "permanent"

class AlertChannel {
 public:
  virtual ~AlertChannel() = default;
  // The configured name: deliveries.channel holds it ("journal" for the journal).
  virtual const std::string& name() const = 0;
  // "webhook", "email", "command" or "journal".
  virtual std::string_view kind() const = 0;
  // Timing rules (digest period, maximum age); the matching rules were applied when the alert
  // was created.
  virtual const AlertRules& rules() const = 0;
  // One attempt. Never throws; failures are outcomes. `now` is the attempt's time (webhook
  // timestamps, e-mail Date header).
  virtual DeliveryOutcome send(const OutgoingMessage& message, TimePoint now) = 0;
};

}  // namespace mw::alerts
