#include "daemon/alerts/alert_outbox.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/alerts/alert_message.h"
#include "daemon/alerts/channel_factory.h"
#include "daemon/config.h"
#include "daemon/store/alert_repository.h"

namespace mw::alerts {

namespace {

using store::DeliveryRecord;

std::function<double()> default_uniform() {
  auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
}

Result<std::vector<OutboundAlert>> with_alerts(store::Store& store,
                                               std::vector<DeliveryRecord> deliveries) {
  std::vector<OutboundAlert> out;
  for (DeliveryRecord& d : deliveries) {
    auto alert = store::get_alert(store, d.alert_id);
    if (!alert) return tl::unexpected(alert.error());
    if (!*alert) {  // ON DELETE CASCADE makes this impossible; skip rather than crash
      continue;
    }
    out.push_back(OutboundAlert{std::move(**alert), std::move(d)});
  }
  return out;
}

}  // namespace

std::string_view to_string(DeliveryOutcome::Kind kind) {
  switch (kind) {
    case DeliveryOutcome::kDelivered: return "delivered";
    case DeliveryOutcome::kRetry: return "retry";
    case DeliveryOutcome::kPermanent: return "permanent";
  }
  return "retry";
}

AlertOutbox::AlertOutbox(std::vector<std::unique_ptr<AlertChannel>> channels, OutboxOptions options,
                         std::function<double()> uniform)
    : channels_(std::move(channels)),
      options_(std::move(options)),
      uniform_(uniform ? std::move(uniform) : default_uniform()) {}

AlertOutbox::~AlertOutbox() = default;

AlertChannel* AlertOutbox::find(std::string_view name) const {
  for (const auto& c : channels_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

Status AlertOutbox::send_and_record(store::Store& store, AlertChannel& channel,
                                    std::vector<OutboundAlert> alerts, bool digest,
                                    const Clock& clock, OutboxRun& run,
                                    DeliveryOutcome* outcome_out) {
  if (alerts.empty()) return ok();
  OutgoingMessage message;
  message.digest = digest;
  message.message_id = digest ? digest_message_id(alerts) : alerts.front().delivery.idempotency_key;
  message.alerts = std::move(alerts);

  DeliveryOutcome outcome = channel.send(message, clock.now());
  ++run.messages;
  const TimePoint now = clock.now();
  const double draw = uniform_();
  for (const OutboundAlert& a : message.alerts) {
    const DeliveryRecord& d = a.delivery;
    Status recorded;
    switch (outcome.kind) {
      case DeliveryOutcome::kDelivered:
        recorded = store::mark_delivered(store, d.id, now);
        ++run.delivered;
        spdlog::info("alert {}: delivered through {} (delivery {}, attempt {})", a.alert.id,
                     channel.name(), d.id, d.attempts + 1);
        break;
      case DeliveryOutcome::kPermanent:
        recorded = store::mark_failed(store, d.id, outcome.detail, now);
        ++run.failed;
        spdlog::error("alert {}: delivery {} failed for good: {}", a.alert.id, d.id,
                      outcome.detail);
        break;
      case DeliveryOutcome::kRetry: {
        RetryDecision next = next_attempt(options_.retry, d.attempts + 1, now, d.created_at,
                                          channel.rules().max_age, outcome.retry_after, draw);
        if (next.give_up) {
          std::string why =
              fmt::format("gave up after {} attempts (max_age {}): {}", d.attempts + 1,
                          format_duration(channel.rules().max_age), outcome.detail);
          recorded = store::mark_failed(store, d.id, why, now);
          ++run.failed;
          spdlog::error("alert {}: delivery {} {}", a.alert.id, d.id, why);
        } else {
          recorded = store::mark_retry(store, d.id, outcome.detail, next.at, now);
          ++run.retried;
          spdlog::warn("alert {}: delivery {} attempt {} failed, next in {} s: {}", a.alert.id,
                       d.id, d.attempts + 1,
                       std::chrono::duration_cast<std::chrono::seconds>(next.at - now).count(),
                       outcome.detail);
        }
        break;
      }
    }
    if (!recorded) return recorded;
  }
  if (outcome_out != nullptr) *outcome_out = std::move(outcome);
  return ok();
}

Result<OutboxRun> AlertOutbox::run_due(store::Store& store, const Clock& clock) {
  OutboxRun run;
  const TimePoint now = clock.now();
  for (const auto& channel : channels_) {
    auto due = store::due_deliveries(store, now, options_.batch, channel->name());
    if (!due) return tl::unexpected(due.error());
    if (due->empty()) continue;
    const int digest_minutes = channel->rules().digest_minutes;
    if (digest_minutes > 0) {
      TimePoint oldest = due->front().created_at;
      for (const DeliveryRecord& d : *due) oldest = std::min(oldest, d.created_at);
      if (now < oldest + std::chrono::minutes(digest_minutes)) {
        run.waiting += static_cast<int>(due->size());
        continue;
      }
      auto alerts = with_alerts(store, std::move(*due));
      if (!alerts) return tl::unexpected(alerts.error());
      bool digest = alerts->size() > 1;
      if (auto st = send_and_record(store, *channel, std::move(*alerts), digest, clock, run); !st) {
        return tl::unexpected(st.error());
      }
      continue;
    }
    auto alerts = with_alerts(store, std::move(*due));
    if (!alerts) return tl::unexpected(alerts.error());
    for (OutboundAlert& a : *alerts) {
      std::vector<OutboundAlert> one;
      one.push_back(std::move(a));
      if (auto st = send_and_record(store, *channel, std::move(one), false, clock, run); !st) {
        return tl::unexpected(st.error());
      }
    }
  }

  // Deliveries to a channel that is no longer configured (removed, renamed or disabled) would
  // wait forever: fail them visibly; `alerts retry ID` sends them once the channel is back.
  auto all_due = store::due_deliveries(store, now, options_.batch);
  if (!all_due) return tl::unexpected(all_due.error());
  for (const DeliveryRecord& d : *all_due) {
    if (find(d.channel) != nullptr) continue;
    std::string why = fmt::format(
        "channel \"{}\" is not configured (removed, renamed or disabled); configure it, then "
        "`missionwatch alerts retry {}`",
        d.channel, d.id);
    if (auto st = store::mark_failed(store, d.id, why, clock.now()); !st) {
      return tl::unexpected(st.error());
    }
    ++run.failed;
    spdlog::error("alert {}: delivery {} failed: {}", d.alert_id, d.id, why);
  }
  return run;
}

Result<DeliveryOutcome> AlertOutbox::deliver(store::Store& store, std::int64_t delivery_id,
                                             const Clock& clock) {
  auto d = store::get_delivery(store, delivery_id);
  if (!d) return tl::unexpected(d.error());
  if (!*d || (*d)->status != store::DeliveryStatus::kPending) {
    return fail(ErrorCode::kNotFound, fmt::format("no pending delivery with id {}", delivery_id));
  }
  AlertChannel* channel = find((*d)->channel);
  if (channel == nullptr) {
    return fail(ErrorCode::kConfig,
                fmt::format("delivery {}: channel \"{}\" is not configured or not enabled",
                            delivery_id, (*d)->channel));
  }
  std::vector<DeliveryRecord> one;
  one.push_back(std::move(**d));
  auto alerts = with_alerts(store, std::move(one));
  if (!alerts) return tl::unexpected(alerts.error());
  OutboxRun run;
  DeliveryOutcome outcome;
  if (auto st = send_and_record(store, *channel, std::move(*alerts), false, clock, run, &outcome);
      !st) {
    return tl::unexpected(st.error());
  }
  return outcome;
}

Result<OutboxRun> deliver_due_alerts(store::Store& store, const Config& config, const Clock& clock,
                                     TimePoint deadline) {
  AlertOutbox outbox(make_alert_channels(config, journal_wanted()));
  OutboxRun total;
  do {
    auto run = outbox.run_due(store, clock);
    if (!run) return tl::unexpected(run.error());
    total.messages += run->messages;
    total.delivered += run->delivered;
    total.retried += run->retried;
    total.failed += run->failed;
    total.waiting = run->waiting;
    if (!run->did_work()) break;
  } while (clock.now() < deadline);
  return total;
}

void run_alert_worker(std::stop_token stop,
                      std::function<std::shared_ptr<const Config>()> current_config,
                      const Clock& clock, AlertWorkerOptions options) {
  std::shared_ptr<const Config> config;
  std::unique_ptr<AlertOutbox> outbox;
  std::unique_ptr<store::Store> store;
  std::string last_error;  // logged once per distinct error in a row
  std::mutex mu;
  std::condition_variable_any cv;
  auto sleep = [&](std::chrono::milliseconds d) {
    std::unique_lock lock(mu);
    cv.wait_for(lock, stop, d, [] { return false; });
  };
  auto report = [&](const std::string& error) {
    if (error != last_error) spdlog::error("alerts: {}", error);
    last_error = error;
  };

  while (!stop.stop_requested()) {
    auto fresh = current_config();
    if (fresh != config) {
      if (!config || fresh->service.database != config->service.database) store.reset();
      config = std::move(fresh);
      outbox = std::make_unique<AlertOutbox>(make_alert_channels(*config, journal_wanted()),
                                             options.outbox);
    }
    if (!store) {
      auto opened = store::Store::open(config->service.database);
      if (!opened) {
        report(opened.error().message);
        sleep(std::chrono::seconds(5));
        continue;
      }
      store = std::move(*opened);
    }
    auto run = outbox->run_due(*store, clock);
    if (!run) {
      report(run.error().message);
      sleep(std::chrono::seconds(1));
      continue;
    }
    last_error.clear();
    if (!run->did_work()) sleep(options.idle_poll);
  }
}

}  // namespace mw::alerts
