#include "daemon/alerts/journal_channel.h"

#include <sys/uio.h>

#include <cstring>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-journal.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_message.h"

namespace mw::alerts {

namespace {

using nlohmann::json;

std::string value_text(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> journal_fields(const OutboundAlert& a) {
  json payload = alert_payload(a.alert);
  const json& event = payload["event"];
  std::string source_url;
  if (event.contains("sources") && event["sources"].is_array() && !event["sources"].empty() &&
      event["sources"][0].is_object()) {
    source_url = value_text(event["sources"][0], "url");
  }
  std::vector<std::pair<std::string, std::string>> fields = {
      {"MW_ALERT_ID", std::to_string(a.alert.id)},
      {"MW_ALERT_KIND", a.alert.kind},
      {"MW_EVENT_ID", a.alert.event_id ? std::to_string(*a.alert.event_id) : std::string()},
      {"MW_DIRECTION", value_text(event, "direction")},
      {"MW_COUNTRY", value_text(event, "country")},
      {"MW_CITY", value_text(event, "city")},
      {"MW_MISSION_KIND", value_text(event, "mission_kind")},
      {"MW_ACTION", value_text(event, "action")},
      {"MW_STATUS", value_text(event, "status")},
      {"MW_PREVIOUS_STATUS", value_text(payload, "previous_status")},
      {"MW_CONFIDENCE", value_text(event, "confidence")},
      {"MW_SOURCE_URL", source_url},
      {"MW_EVIDENCE", alert_evidence(a.alert)},
      {"MW_MESSAGE_ID", a.delivery.idempotency_key},
  };
  std::erase_if(fields, [](const auto& f) { return f.second.empty(); });
  return fields;
}

JournalSender::JournalSender(bool to_journal) : to_journal_(to_journal) {}

DeliveryOutcome JournalSender::send(const OutgoingMessage& message, TimePoint /*now*/) {
  for (const OutboundAlert& a : message.alerts) {
    auto fields = journal_fields(a);
    const std::string summary = alert_summary(a.alert);
    if (!to_journal_) {
      std::string extra;
      for (const auto& [k, v] : fields) {
        if (k == "MW_EVIDENCE") continue;  // the summary says it; keeps the line short
        extra += fmt::format(" {}={}", k, v);
      }
      spdlog::info("alert: {} [{}]", summary, extra.empty() ? "" : extra.substr(1));
      continue;
    }
    std::vector<std::string> lines = {"MESSAGE=alert: " + summary, "PRIORITY=5",
                                      "SYSLOG_IDENTIFIER=missionwatch"};
    for (const auto& [k, v] : fields) lines.push_back(k + "=" + v);
    std::vector<iovec> iov;
    for (std::string& line : lines) iov.push_back({line.data(), line.size()});
    int rc = sd_journal_sendv(iov.data(), static_cast<int>(iov.size()));
    if (rc < 0) {
      return DeliveryOutcome::retry(
          fmt::format("journal: sd_journal_sendv failed: {}", std::strerror(-rc)));
    }
  }
  return DeliveryOutcome::delivered();
}

}  // namespace mw::alerts
