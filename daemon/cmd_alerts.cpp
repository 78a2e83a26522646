// `missionwatch alerts list|retry|test|deliver`: the alert outbox seen and handled by a person.
//   alerts list [--pending|--failed] [--json] [--limit N]   deliveries, newest first
//   alerts retry ID                                          a failed delivery goes again
//   alerts test CHANNEL                                      a clearly marked test alert, now
//   alerts deliver [--timeout 60s]                           send what is due, then exit
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_message.h"
#include "daemon/alerts/alert_outbox.h"
#include "daemon/alerts/channel_factory.h"
#include "daemon/cli.h"
#include "daemon/command_env.h"
#include "daemon/commands.h"
#include "daemon/store/alert_repository.h"
#include "daemon/store/sql_time.h"

namespace mw {

namespace {

using nlohmann::json;

struct AlertsArgs {
  bool pending = false;
  bool failed = false;
  bool json = false;
  int limit = 100;
  std::int64_t id = 0;
  std::string channel;
  std::string timeout = "60s";
};

std::string when(const std::optional<TimePoint>& t) {
  return t ? store::to_sql_time(*t).substr(0, 19) + "Z" : "";
}

json delivery_json(const store::DeliveryRecord& d, const std::optional<store::AlertRecord>& a) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  auto opt_time = [](const std::optional<TimePoint>& t) {
    return t ? json(store::to_sql_time(*t)) : json(nullptr);
  };
  json j{{"id", d.id},
         {"alert_id", d.alert_id},
         {"event_id", a && a->event_id ? json(*a->event_id) : json(nullptr)},
         {"kind", a ? json(a->kind) : json(nullptr)},
         {"channel", d.channel},
         {"status", store::to_string(d.status)},
         {"attempts", d.attempts},
         {"next_attempt_at", d.status == store::DeliveryStatus::kPending
                                 ? json(store::to_sql_time(d.next_attempt_at))
                                 : json(nullptr)},
         {"last_attempt_at", opt_time(d.last_attempt_at)},
         {"delivered_at", opt_time(d.delivered_at)},
         {"last_error", opt(d.last_error)},
         {"idempotency_key", d.idempotency_key},
         {"created_at", store::to_sql_time(d.created_at)},
         {"summary", a ? json(alerts::alert_summary(*a)) : json(nullptr)}};
  return j;
}

int list_alerts(const CliContext& ctx, const AlertsArgs& args) {
  auto env = open_command_env(ctx, "alerts list", {.sync_feeds = false});
  if (!env) return env.error();
  std::optional<store::DeliveryStatus> status;
  if (args.pending) status = store::DeliveryStatus::kPending;
  if (args.failed) status = store::DeliveryStatus::kFailed;
  auto deliveries = store::list_deliveries(*env->store, status, args.limit);
  if (!deliveries) {
    std::cerr << "missionwatch alerts list: " << deliveries.error().message << "\n";
    return kExitFailure;
  }
  if (!args.json) {
    std::cout << fmt::format("{:>5}  {:<9} {:<16} {:>3}  {:<20}  {}\n", "ID", "STATUS", "CHANNEL",
                             "TRY", "NEXT / DONE", "ALERT");
  }
  for (const store::DeliveryRecord& d : *deliveries) {
    auto alert = store::get_alert(*env->store, d.alert_id);
    if (!alert) {
      std::cerr << "missionwatch alerts list: " << alert.error().message << "\n";
      return kExitFailure;
    }
    if (args.json) {
      std::cout << delivery_json(d, *alert).dump(-1, ' ', false, json::error_handler_t::replace)
                << "\n";
      continue;
    }
    std::string moment =
        d.status == store::DeliveryStatus::kPending
            ? when(d.next_attempt_at)
            : when(d.status == store::DeliveryStatus::kDelivered ? d.delivered_at
                                                                 : d.last_attempt_at);
    std::string channel = d.channel.size() > 16 ? d.channel.substr(0, 15) + "~" : d.channel;
    std::cout << fmt::format("{:>5}  {:<9} {:<16} {:>3}  {:<20}  {}: {}\n", d.id,
                             store::to_string(d.status), channel, d.attempts, moment, d.alert_id,
                             *alert ? alerts::alert_summary(**alert) : "(alert missing)");
    if (d.status != store::DeliveryStatus::kDelivered && d.last_error) {
      std::cout << fmt::format("{:>5}  last error: {}\n", "", *d.last_error);
    }
  }
  return kExitOk;
}

int retry_alert(const CliContext& ctx, const AlertsArgs& args) {
  auto env = open_command_env(ctx, "alerts retry", {.sync_feeds = false});
  if (!env) return env.error();
  SystemClock clock;
  if (auto st = store::requeue_delivery(*env->store, args.id, clock.now()); !st) {
    std::cerr << "missionwatch alerts retry: " << st.error().message << "\n";
    return st.error().code == ErrorCode::kDatabase ? kExitFailure : kExitUsage;
  }
  std::cout << fmt::format(
      "delivery {} is pending again; the service sends it within a second (or run `missionwatch "
      "alerts deliver`)\n",
      args.id);
  return kExitOk;
}

// A plausible event, marked as a test everywhere a person looks: the kind "test", the summary
// ("TEST alert from missionwatch: …"), the source title and URL.
std::string test_payload(const std::string& channel, TimePoint now) {
  json event{{"id", nullptr},
             {"direction", "dprk_abroad"},
             {"country", "ES"},
             {"city", "Madrid"},
             {"mission_kind", "embassy"},
             {"action", "close"},
             {"status", "reported"},
             {"effective_date", nullptr},
             {"first_seen", alerts::iso_time(now)},
             {"last_seen", alerts::iso_time(now)},
             {"historical", false},
             {"confidence", 1.0},
             {"sources",
              json::array({{{"url", "https://example.org/missionwatch-test-alert"},
                            {"title", "missionwatch test alert (not a real event)"},
                            {"outlet", "missionwatch"},
                            {"published", alerts::iso_time(now)},
                            {"evidence", "This is a test alert sent by `missionwatch alerts test " +
                                             channel + "`; no mission has changed."},
                            {"independent", true}}})}};
  return json{{"kind", "test"}, {"previous_status", nullptr}, {"event", event}}.dump();
}

int test_alert(const CliContext& ctx, const AlertsArgs& args) {
  auto env = open_command_env(ctx, "alerts test", {.sync_feeds = false});
  if (!env) return env.error();
  auto channel = alerts::make_alert_channel(env->config, args.channel, alerts::journal_wanted());
  if (!channel) {
    std::string names = "journal";
    for (const auto& c : alerts::make_alert_channels(env->config, false)) {
      if (c->name() != "journal") names += ", " + c->name();
    }
    std::cerr << fmt::format(
        "missionwatch alerts test: no enabled channel named \"{}\" in {} (channels: {})\n",
        args.channel, env->config.source_path, names);
    return kExitUsage;
  }
  SystemClock clock;
  store::NewAlert alert;
  alert.kind = "test";
  alert.payload = test_payload(args.channel, clock.now());
  alert.channels = {args.channel};
  auto inserted = store::insert_alert(*env->store, alert, clock.now());
  if (!inserted) {
    std::cerr << "missionwatch alerts test: " << inserted.error().message << "\n";
    return kExitFailure;
  }
  std::vector<std::unique_ptr<alerts::AlertChannel>> one;
  one.push_back(std::move(channel));
  alerts::AlertOutbox outbox(std::move(one));
  const std::int64_t delivery = inserted->deliveries.at(0).id;
  auto outcome = outbox.deliver(*env->store, delivery, clock);
  if (!outcome) {
    std::cerr << "missionwatch alerts test: " << outcome.error().message << "\n";
    return kExitFailure;
  }
  if (outcome->kind == alerts::DeliveryOutcome::kDelivered) {
    std::cout << fmt::format("test alert {} delivered through {} (delivery {})\n",
                             inserted->alert_id, args.channel, delivery);
    return kExitOk;
  }
  std::cerr << fmt::format("missionwatch alerts test: {} ({})\n", outcome->detail,
                           outcome->kind == alerts::DeliveryOutcome::kPermanent
                               ? "failed for good; see `alerts list --failed`"
                               : "will be retried; see `alerts list --pending`");
  return kExitFailure;
}

int deliver_alerts(const CliContext& ctx, const AlertsArgs& args) {
  auto timeout = parse_duration(args.timeout);
  if (!timeout) {
    std::cerr << "missionwatch alerts deliver: --timeout: " << timeout.error().message << "\n";
    return kExitUsage;
  }
  auto env = open_command_env(ctx, "alerts deliver", {.sync_feeds = false});
  if (!env) return env.error();
  SystemClock clock;
  auto run = alerts::deliver_due_alerts(*env->store, env->config, clock, clock.now() + *timeout);
  if (!run) {
    std::cerr << "missionwatch alerts deliver: " << run.error().message << "\n";
    return kExitFailure;
  }
  std::cout << fmt::format("{} delivered, {} to retry later, {} failed, {} waiting for a digest\n",
                           run->delivered, run->retried, run->failed, run->waiting);
  return kExitOk;
}

}  // namespace

void add_alerts_command(CLI::App& app, CliContext& ctx) {
  auto args = std::make_shared<AlertsArgs>();
  auto* alerts = app.add_subcommand("alerts", "See and handle the alert outbox");
  alerts->require_subcommand(1);

  auto* list =
      alerts->add_subcommand("list", "Deliveries (one per alert and channel), newest first");
  auto* pending = list->add_flag("--pending", args->pending, "Only those waiting to be sent");
  auto* failed = list->add_flag("--failed", args->failed, "Only those that failed for good");
  pending->excludes(failed);
  list->add_flag("--json", args->json, "One JSON object per delivery");
  list->add_option("--limit", args->limit, "At most this many (default 100)")
      ->check(CLI::Range(1, 1000000));
  list->callback([&ctx, args] { ctx.exit_code = list_alerts(ctx, *args); });

  auto* retry = alerts->add_subcommand("retry", "Send a failed delivery again");
  retry->add_option("ID", args->id, "The delivery's id (from `alerts list --failed`)")->required();
  retry->callback([&ctx, args] { ctx.exit_code = retry_alert(ctx, *args); });

  auto* test = alerts->add_subcommand("test", "Send a clearly marked test alert through a channel");
  test->add_option("CHANNEL", args->channel, "Channel name (\"journal\" or a configured name)")
      ->required();
  test->callback([&ctx, args] { ctx.exit_code = test_alert(ctx, *args); });

  auto* deliver = alerts->add_subcommand("deliver", "Send every delivery that is due, then exit");
  deliver->add_option("--timeout", args->timeout, "Stop starting new attempts after (default 60s)");
  deliver->callback([&ctx, args] { ctx.exit_code = deliver_alerts(ctx, *args); });
}

}  // namespace mw
