#include "daemon/alerts/channel_factory.h"

#include <cstdlib>
#include <mutex>

#include <curl/curl.h>

#include "daemon/alerts/command_channel.h"
#include "daemon/alerts/email_channel.h"
#include "daemon/alerts/journal_channel.h"
#include "daemon/alerts/webhook_channel.h"
#include "feeds/http_client.h"

namespace mw::alerts {

namespace {

void init_curl_once() {
  // libcurl's global set-up is not thread-safe; the feed client does the same once.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool journal_wanted() {
  const char* invocation = std::getenv("INVOCATION_ID");
  const char* stream = std::getenv("JOURNAL_STREAM");
  return (invocation != nullptr && *invocation != '\0') || (stream != nullptr && *stream != '\0');
}

std::vector<std::unique_ptr<AlertChannel>> make_alert_channels(const Config& config,
                                                               bool to_journal) {
  init_curl_once();
  std::vector<std::unique_ptr<AlertChannel>> out;
  out.push_back(std::make_unique<JournalSender>(to_journal));
  const std::string user_agent = config.service.user_agent.empty()
                                     ? make_user_agent(config.service.contact_url)
                                     : config.service.user_agent;
  for (const WebhookChannel& c : config.alerts.webhook) {
    if (c.enabled) {
      out.push_back(
          std::make_unique<WebhookSender>(WebhookOptions{c, config.http.ca_file, user_agent}));
    }
  }
  for (const EmailChannel& c : config.alerts.email) {
    if (c.enabled)
      out.push_back(std::make_unique<EmailSender>(EmailOptions{c, config.http.ca_file}));
  }
  for (const CommandChannel& c : config.alerts.command) {
    if (c.enabled) out.push_back(std::make_unique<CommandSender>(c));
  }
  return out;
}

std::unique_ptr<AlertChannel> make_alert_channel(const Config& config, std::string_view name,
                                                 bool to_journal) {
  for (auto& channel : make_alert_channels(config, to_journal)) {
    if (channel->name() == name) return std::move(channel);
  }
  return nullptr;
}

}  // namespace mw::alerts
