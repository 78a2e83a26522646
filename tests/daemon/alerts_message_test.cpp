// What alerts say: the one-line summary, the versioned webhook body, the Slack text, the e-mail
// subject/body/headers and the journal fields.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_message.h"
#include "daemon/alerts/email_message.h"
#include "daemon/alerts/journal_channel.h"
#include "tests/daemon/alerts_fixture.h"

namespace mw::alerts {
namespace {

using nlohmann::json;
using store::testing::at;

OutboundAlert outbound(std::int64_t id, const std::string& payload_text,
                       const std::string& kind = "created") {
  OutboundAlert a;
  a.alert.id = id;
  a.alert.event_id = 40 + id;
  a.alert.kind = kind;
  a.alert.payload = payload_text;
  a.alert.created_at = at(0);
  a.delivery.id = 100 + id;
  a.delivery.alert_id = id;
  a.delivery.channel = "hook";
  a.delivery.idempotency_key = "msg_" + std::string(31, '0') + std::to_string(id % 10);
  a.delivery.created_at = at(0);
  return a;
}

OutgoingMessage single(const OutboundAlert& a) {
  return {{a}, a.delivery.idempotency_key, false};
}

TEST(AlertsMessage, SummaryNamesWhoWhatWhereAndStatus) {
  EXPECT_EQ(alert_summary(outbound(1, testing::payload("ES", "Madrid")).alert),
            "North Korea closes its embassy in Madrid, Spain (reported)");
  json p = json::parse(testing::payload("SE", "", "reopen", "completed"));
  p["event"]["direction"] = "foreign_in_dprk";
  EXPECT_EQ(alert_summary(outbound(2, p.dump()).alert),
            "Sweden reopens its embassy in Pyongyang (completed)");
  EXPECT_EQ(
      alert_summary(
          outbound(3, testing::payload("AO", "Luanda", "close", "completed", "status_changed"),
                   "status_changed")
              .alert),
      "Now completed (was planned): North Korea closes its embassy in Luanda, Angola "
      "(completed)");
  EXPECT_EQ(alert_summary(outbound(4, testing::payload("ES", "Madrid"), "test").alert)
                .rfind("TEST alert from missionwatch: ", 0),
            0u);
}

TEST(AlertsMessage, APayloadThatIsNotJsonStillGivesALine) {
  OutboundAlert a = outbound(5, "not json");
  EXPECT_FALSE(alert_summary(a.alert).empty());
  json body = json::parse(standard_body(single(a), at(1)));
  EXPECT_EQ(body["data"]["event"], json::object());
}

TEST(AlertsMessage, WebhookBodyIsVersionedAndCarriesTheEventWithItsSources) {
  OutboundAlert a = outbound(7, testing::payload("ES", "Madrid"));
  json body = json::parse(standard_body(single(a), at(5)));
  EXPECT_EQ(body["type"], "missionwatch.alert.created");
  EXPECT_EQ(body["version"], 1);
  EXPECT_EQ(body["timestamp"], "2026-03-01T12:00:00Z");
  EXPECT_EQ(body["data"]["alert_id"], 7);
  EXPECT_EQ(body["data"]["kind"], "created");
  EXPECT_TRUE(body["data"]["previous_status"].is_null());
  EXPECT_EQ(body["data"]["summary"], "North Korea closes its embassy in Madrid, Spain (reported)");
  EXPECT_EQ(body["data"]["event"]["country"], "ES");
  EXPECT_EQ(body["data"]["event"]["sources"][0]["url"], "https://news.example.org/a/1");
}

TEST(AlertsMessage, DigestBodyListsEveryAlertAndItsIdIsStableForTheSameAlerts) {
  std::vector<OutboundAlert> alerts = {outbound(1, testing::payload("ES", "Madrid")),
                                       outbound(2, testing::payload("AO", "Luanda"))};
  OutgoingMessage m{alerts, digest_message_id(alerts), true};
  json body = json::parse(standard_body(m, at(60)));
  EXPECT_EQ(body["type"], "missionwatch.digest");
  ASSERT_EQ(body["data"]["alerts"].size(), 2u);
  EXPECT_EQ(body["data"]["alerts"][1]["event"]["country"], "AO");
  std::vector<OutboundAlert> reversed = {alerts[1], alerts[0]};
  EXPECT_EQ(digest_message_id(reversed), m.message_id);
  EXPECT_EQ(m.message_id.size(), 36u);
  EXPECT_NE(digest_message_id({alerts[0]}), m.message_id);
}

TEST(AlertsMessage, SlackTextHasTheSummaryEvidenceAndEscapedLinks) {
  json p = json::parse(testing::payload("ES", "Madrid"));
  p["event"]["sources"][0]["title"] = "A <b> & c | d";
  json body = json::parse(slack_body(single(outbound(1, p.dump()))));
  std::string text = body["text"];
  EXPECT_NE(text.find("*North Korea closes its embassy in Madrid, Spain (reported)*"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("> North Korea has closed its embassy in Madrid"), std::string::npos);
  EXPECT_NE(text.find("<https://news.example.org/a/1|A &lt;b&gt; &amp; c / d (Example News)>"),
            std::string::npos)
      << text;
}

TEST(AlertsMessage, EmailHasAScannableSubjectStableMessageIdAndPlainTextEvidence) {
  OutboundAlert a = outbound(9, testing::payload("ES", "Madrid"));
  std::string mail = email_message(single(a), {"mw@example.org", {"desk@example.org"}}, at(0));
  EXPECT_NE(mail.find("Subject: [missionwatch] North Korea closes its embassy in Madrid, Spain "
                      "(reported)\r\n"),
            std::string::npos)
      << mail;
  EXPECT_NE(mail.find("Message-ID: <" + a.delivery.idempotency_key + "@example.org>\r\n"),
            std::string::npos);
  EXPECT_NE(mail.find("Date: Sun, 01 Mar 2026 12:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(mail.find("Where:      Madrid, Spain (ES)\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Evidence:\r\n  \"North Korea has closed its embassy in Madrid"),
            std::string::npos);
  EXPECT_NE(mail.find("     https://news.example.org/a/1\r\n"), std::string::npos);
  // No bare LF anywhere: SMTP wants CRLF.
  for (std::size_t i = 0; i < mail.size(); ++i) {
    if (mail[i] == '\n') {
      ASSERT_TRUE(i > 0 && mail[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(AlertsMessage, NonAsciiSubjectsAreEncodedWordsOfAtMost75Characters) {
  std::string text =
      "[missionwatch] North Korea closes its embassy in Côte d’Ivoire — très "
      "long sujet pour tester le découpage des mots encodés";
  std::string encoded = encode_header_text(text);
  EXPECT_EQ(encoded.rfind("=?UTF-8?B?", 0), 0u);
  std::size_t start = 0;
  std::string decoded;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    std::string word =
        encoded.substr(start, end == std::string::npos ? std::string::npos : end - start);
    EXPECT_LE(word.size(), 75u) << word;
    decoded += testing::unb64(word.substr(10, word.size() - 12));
    if (end == std::string::npos) break;
    start = end + 3;
  }
  EXPECT_EQ(decoded, text);
  EXPECT_EQ(encode_header_text("plain ascii"), "plain ascii");
}

TEST(AlertsMessage, JournalFieldsCarryTheEventForJournalctlFilters) {
  auto fields = journal_fields(outbound(3, testing::payload("ES", "Madrid")));
  std::map<std::string, std::string> m(fields.begin(), fields.end());
  EXPECT_EQ(m["MW_ALERT_ID"], "3");
  EXPECT_EQ(m["MW_EVENT_ID"], "43");
  EXPECT_EQ(m["MW_COUNTRY"], "ES");
  EXPECT_EQ(m["MW_CITY"], "Madrid");
  EXPECT_EQ(m["MW_ACTION"], "close");
  EXPECT_EQ(m["MW_STATUS"], "reported");
  EXPECT_EQ(m["MW_SOURCE_URL"], "https://news.example.org/a/1");
  EXPECT_EQ(m.count("MW_PREVIOUS_STATUS"), 0u);  // null: left out
}

}  // namespace
}  // namespace mw::alerts
