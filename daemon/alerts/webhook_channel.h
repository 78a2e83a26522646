#pragma once
// Webhook alerts: an HTTP POST of the versioned JSON body (alert_message.h), signed as the
// Standard Webhooks convention says so that existing verifiers work:
//   webhook-id:        the delivery's idempotency key (the same on every retry)
//   webhook-timestamp: seconds since the epoch of this attempt
//   webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> (omitted without secret)
// Outcomes: 2xx delivered; 410 and other 4xx except 408/429 permanent; 408, 429, 3xx, 5xx,
// connection errors and timeouts retry, honouring Retry-After. With format "slack" the body is
// {"text": …} for Slack/Mattermost incoming webhooks (same headers).
//
// The URL may hold a token (Slack's do): messages show only its scheme and host.
#include <memory>
#include <string>

#include "daemon/alerts/alert_channel.h"
#include "daemon/config.h"

namespace mw::alerts {

struct WebhookOptions {
  WebhookChannel channel;  // name, url, format, secret, rules (timeout)
  std::string ca_file;     // PEM bundle for https; empty = the system store
  std::string user_agent;  // e.g. "missionwatch/0.1.0"
};

class WebhookSender final : public AlertChannel {
 public:
  explicit WebhookSender(WebhookOptions options);
  ~WebhookSender() override;
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  const std::string& name() const override { return options_.channel.name; }
  std::string_view kind() const override { return "webhook"; }
  const AlertRules& rules() const override { return options_.channel.rules; }
  DeliveryOutcome send(const OutgoingMessage& message, TimePoint now) override;

 private:
  WebhookOptions options_;
  std::string origin_;    // "https://hooks.example.org" for messages
  void* curl_ = nullptr;  // CURL*, reused so the connection stays open between alerts
};

// "https://hooks.example.org" from "https://hooks.example.org/services/T000/B000/XXXX".
std::string url_origin(std::string_view url);

}  // namespace mw::alerts
