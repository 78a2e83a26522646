#pragma once
// The alert outbox worker: reads due deliveries from the store, sends them through their
// channels and records each outcome. At-least-once: a delivery becomes 'delivered' only after
// its channel confirmed it, so a crash between sending and recording re-sends it after the
// restart, with the same idempotency key (webhook-id, Message-ID, MW_MESSAGE_ID) for the
// receiver to drop the duplicate.
//
//   AlertOutbox outbox(make_alert_channels(config, journal_wanted()));
//   auto run = outbox.run_due(store, clock);     // one pass over what is due now
//
// Per pass and channel, at most `batch` deliveries, oldest first. A failed attempt is retried
// on retry_schedule.h's schedule until the channel's max_age; permanent failures (410 …) and
// deliveries to a channel that is no longer configured become 'failed' (`alerts list
// --failed`, `alerts retry ID`). A digest channel (digest_minutes > 0) lets its deliveries wait
// until the oldest is digest_minutes old and then sends them all as one message.
//
// Threads: an AlertOutbox and its channels belong to one thread, with that thread's Store.
#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/alerts/alert_channel.h"
#include "daemon/alerts/retry_schedule.h"
#include "daemon/config.h"
#include "daemon/store/store.h"

namespace mw::alerts {

struct OutboxOptions {
  int batch = 100;  // deliveries read per channel and pass
  RetryPolicy retry;
};

struct OutboxRun {
  int messages = 0;   // send attempts made (a digest is one)
  int delivered = 0;  // deliveries confirmed
  int retried = 0;    // deliveries rescheduled
  int failed = 0;     // deliveries that became failed
  int waiting = 0;    // due deliveries held back for a digest
  bool did_work() const { return messages > 0 || failed > 0; }
};

class AlertOutbox {
 public:
  // `uniform` draws from [0, 1) for the retry jitter (default: a seeded mt19937).
  explicit AlertOutbox(std::vector<std::unique_ptr<AlertChannel>> channels,
                       OutboxOptions options = {}, std::function<double()> uniform = {});
  ~AlertOutbox();

  // One pass over the deliveries due at clock.now(). Fails only when the store does.
  Result<OutboxRun> run_due(store::Store& store, const Clock& clock);

  // One attempt for one pending delivery now, whatever its schedule (`alerts test`), recorded
  // like any other. kNotFound when there is no such pending delivery, kConfig when its
  // channel is not configured.
  Result<DeliveryOutcome> deliver(store::Store& store, std::int64_t delivery_id,
                                  const Clock& clock);

  AlertChannel* find(std::string_view name) const;

 private:
  Status send_and_record(store::Store& store, AlertChannel& channel,
                         std::vector<OutboundAlert> alerts, bool digest, const Clock& clock,
                         OutboxRun& run, DeliveryOutcome* outcome_out = nullptr);

  std::vector<std::unique_ptr<AlertChannel>> channels_;
  OutboxOptions options_;
  std::function<double()> uniform_;
};

// Delivers what is due now, pass after pass, until nothing is left that is due or `deadline`
// has passed (`poll --once`, `ingest`, `alerts deliver`). Builds the channels from `config`.
Result<OutboxRun> deliver_due_alerts(store::Store& store, const Config& config, const Clock& clock,
                                     TimePoint deadline);

struct AlertWorkerOptions {
  // How often an idle worker looks for due deliveries: bounds the latency from an alert's
  // commit to its first attempt (one indexed query per look; 50 ms costs nothing measurable).
  std::chrono::milliseconds idle_poll{50};
  OutboxOptions outbox;
};

// The service's delivery thread: opens its own Store on the configured database, rebuilds the
// channels whenever `current_config()` returns a different configuration (reload), and runs
// passes until `stop` is requested. Store errors are logged (once per kind in a row) and
// retried; the thread only ends when asked.
void run_alert_worker(std::stop_token stop,
                      std::function<std::shared_ptr<const Config>()> current_config,
                      const Clock& clock, AlertWorkerOptions options = {});

}  // namespace mw::alerts
