// The channel keys the alert senders added to the configuration: webhook `format` and e-mail
// `starttls`.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace mw {
namespace {

TEST(AlertsConfig, WebhookFormatAndEmailStarttlsHaveSafeDefaults) {
  auto r = parse_config_text(R"(
[[alerts.webhook]]
url = "https://hooks.example.org/x"
[[alerts.email]]
smtp_server = "smtp://127.0.0.1:25"
from = "mw@example.org"
to = ["desk@example.org"]
)",
                             "t.toml");
  ASSERT_TRUE(r.ok()) << config_error(r.diagnostics).message;
  EXPECT_EQ(r.config.alerts.webhook.at(0).format, "standard");
  EXPECT_TRUE(r.config.alerts.email.at(0).starttls);
}

TEST(AlertsConfig, SlackFormatAndPlainSmtpAreAccepted) {
  auto r = parse_config_text(R"(
[[alerts.webhook]]
url = "https://hooks.slack.com/services/T/B/X"
format = "slack"
[[alerts.email]]
smtp_server = "smtp://127.0.0.1:25"
starttls = false
from = "mw@example.org"
to = ["desk@example.org"]
)",
                             "t.toml");
  ASSERT_TRUE(r.ok()) << config_error(r.diagnostics).message;
  EXPECT_EQ(r.config.alerts.webhook.at(0).format, "slack");
  EXPECT_FALSE(r.config.alerts.email.at(0).starttls);
}

TEST(AlertsConfig, AnUnknownWebhookFormatIsAnErrorWithItsPosition) {
  auto r = parse_config_text(
      "[[alerts.webhook]]\nurl = \"https://h.example.org/\"\n"
      "format = \"teams\"\n",
      "t.toml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].key, "alerts.webhook[0].format");
  EXPECT_EQ(r.diagnostics[0].pos.line, 3);
}

}  // namespace
}  // namespace mw
