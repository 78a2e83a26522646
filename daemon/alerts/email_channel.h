#pragma once
// E-mail alerts over SMTP with libcurl: smtps:// (TLS from the start) or smtp:// with STARTTLS
// required (unless the channel sets starttls = false), AUTH when a username is configured (the
// password from secret_file), one plain-text message per alert (email_message.h) whose
// Message-ID is built from the delivery's idempotency key, so a retried message is recognisably
// the same one.
// Outcomes: accepted by the server = delivered; an SMTP 5xx reply other than to authentication
// = permanent (e.g. 550 no such mailbox); anything else (connection, TLS, 4xx, authentication,
// timeout) = retry.
#include <string>

#include "daemon/alerts/alert_channel.h"
#include "daemon/config.h"

namespace mw::alerts {

struct EmailOptions {
  EmailChannel channel;
  std::string ca_file;  // PEM bundle; empty = the system store
};

class EmailSender final : public AlertChannel {
 public:
  explicit EmailSender(EmailOptions options);

  const std::string& name() const override { return options_.channel.name; }
  std::string_view kind() const override { return "email"; }
  const AlertRules& rules() const override { return options_.channel.rules; }
  DeliveryOutcome send(const OutgoingMessage& message, TimePoint now) override;

 private:
  EmailOptions options_;
};

}  // namespace mw::alerts
