#pragma once
// The journal channel, always on: one structured record per alert. Under systemd it goes to
// the journal through sd_journal_send with MESSAGE=<summary>, PRIORITY=5 (notice),
// SYSLOG_IDENTIFIER=missionwatch and MW_* fields (MW_ALERT_ID, MW_ALERT_KIND, MW_EVENT_ID,
// MW_DIRECTION, MW_COUNTRY, MW_CITY, MW_MISSION_KIND, MW_ACTION, MW_STATUS,
// MW_PREVIOUS_STATUS, MW_CONFIDENCE, MW_SOURCE_URL, MW_EVIDENCE, MW_MESSAGE_ID), so that
//   journalctl -u missionwatch MW_COUNTRY=ES -o json
// finds them. Otherwise it is one spdlog line "alert: <summary> [key=value …]". Always
// delivered, except when the journal refuses the record (then retried).
#include <string>
#include <utility>
#include <vector>

#include "daemon/alerts/alert_channel.h"
#include "daemon/alerts/alert_rules.h"

namespace mw::alerts {

// The MW_* fields of one alert, in the order above (empty values left out). Pure.
std::vector<std::pair<std::string, std::string>> journal_fields(const OutboundAlert& alert);

class JournalSender final : public AlertChannel {
 public:
  // to_journal: write with sd_journal_send (true under systemd), else through spdlog.
  explicit JournalSender(bool to_journal);

  const std::string& name() const override { return name_; }
  std::string_view kind() const override { return "journal"; }
  const AlertRules& rules() const override { return rules_; }
  DeliveryOutcome send(const OutgoingMessage& message, TimePoint now) override;

 private:
  std::string name_ = kJournalChannel;
  AlertRules rules_;
  bool to_journal_;
};

}  // namespace mw::alerts
