#pragma once
// Builds the alert channels a configuration names: the journal (always) and every enabled
// webhook, e-mail and command channel. Secrets are not read here but at each attempt, so a
// missing secret file delays deliveries (retry, with the reason in last_error) instead of
// stopping the service.
#include <memory>
#include <string_view>
#include <vector>

#include "daemon/alerts/alert_channel.h"
#include "daemon/config.h"

namespace mw::alerts {

// Whether journal records go to the systemd journal (we run under systemd: $INVOCATION_ID or
// $JOURNAL_STREAM set) rather than through spdlog.
bool journal_wanted();

std::vector<std::unique_ptr<AlertChannel>> make_alert_channels(const Config& config,
                                                               bool to_journal);

// The channel named `name` ("journal" or a configured, enabled channel), or nullptr.
std::unique_ptr<AlertChannel> make_alert_channel(const Config& config, std::string_view name,
                                                 bool to_journal);

}  // namespace mw::alerts
