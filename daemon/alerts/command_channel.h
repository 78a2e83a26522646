#pragma once
// Command alerts: runs the configured program (argv, no shell, looked up in PATH when the name
// has no slash) with the alert's JSON (the webhook body, alert_message.h) on standard input and
// these in its environment: MW_ALERT_ID (empty for a digest), MW_ALERT_KIND, MW_MESSAGE_ID
// (stable across retries), MW_CHANNEL. Exit status 0 = delivered; any other status, a signal,
// or the channel's timeout (the process group gets SIGTERM, then SIGKILL 2 s later) = retry.
// The last bytes the program wrote to stdout/stderr go into the error.
#include <string>

#include "daemon/alerts/alert_channel.h"
#include "daemon/config.h"

namespace mw::alerts {

class CommandSender final : public AlertChannel {
 public:
  explicit CommandSender(CommandChannel channel) : channel_(std::move(channel)) {}

  const std::string& name() const override { return channel_.name; }
  std::string_view kind() const override { return "command"; }
  const AlertRules& rules() const override { return channel_.rules; }
  DeliveryOutcome send(const OutgoingMessage& message, TimePoint now) override;

 private:
  CommandChannel channel_;
};

}  // namespace mw::alerts
