#pragma once
// Which channels an alert goes to. The pipeline asks this when it writes an alert row, and
// inserts one delivery per returned channel in the same transaction, so the set of channels of
// an alert is fixed when it is raised (a later reload that adds a channel does not re-send old
// alerts through it).
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config.h"

namespace mw {

// The journal channel: one structured log record per alert. Always on, needs no config.
inline constexpr char kJournalChannel[] = "journal";

// What the rules look at, in the event model's spelling.
struct AlertFacts {
  std::string direction;  // dprk_abroad | foreign_in_dprk
  std::string action;     // close | open | ...
  std::string status;     // planned | reported | ...
  std::string country;    // ISO 3166-1 alpha-2
  double confidence = 0;
  bool status_change = false;  // a "status_changed" alert rather than a new event
};

// True when every rule of the channel admits the alert. Empty lists admit everything.
bool rules_admit(const AlertRules& rules, const AlertFacts& facts);

// "journal", then every enabled webhook, e-mail and command channel (in that order, each in
// config order) whose rules admit the alert. Pure.
std::vector<std::string> alert_channels(const AlertsConfig& alerts, const AlertFacts& facts);

}  // namespace mw
