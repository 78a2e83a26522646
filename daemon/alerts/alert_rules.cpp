#include "daemon/alerts/alert_rules.h"

#include <algorithm>

namespace mw {

namespace {

bool admits(const std::vector<std::string>& allowed, std::string_view value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <class Channels>
void add_admitting(const Channels& channels, const AlertFacts& facts,
                   std::vector<std::string>& out) {
  for (const auto& channel : channels) {
    if (channel.enabled && rules_admit(channel.rules, facts)) out.push_back(channel.name);
  }
}

}  // namespace

bool rules_admit(const AlertRules& rules, const AlertFacts& facts) {
  if (facts.status_change && !rules.status_changes) return false;
  return admits(rules.directions, facts.direction) && admits(rules.actions, facts.action) &&
         admits(rules.statuses, facts.status) && admits(rules.countries, facts.country) &&
         facts.confidence >= rules.min_confidence;
}

std::vector<std::string> alert_channels(const AlertsConfig& alerts, const AlertFacts& facts) {
  std::vector<std::string> out{kJournalChannel};
  add_admitting(alerts.webhook, facts, out);
  add_admitting(alerts.email, facts, out);
  add_admitting(alerts.command, facts, out);
  return out;
}

}  // namespace mw
