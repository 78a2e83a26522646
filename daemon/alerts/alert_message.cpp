#include "daemon/alerts/alert_message.h"

#include <algorithm>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "classifiers/embedded_data.h"

namespace mw::alerts {

namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const std::map<std::string, std::string, std::less<>>& country_names() {
  // Built once from the classifier's country list (compiled into the binary); immutable after.
  static const auto* names = [] {
    auto* m = new std::map<std::string, std::string, std::less<>>();
    std::string_view text = kb::embedded_data_file("countries.tsv");
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
      if (line.empty() || line[0] == '#') continue;
      std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      m->emplace(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
    return m;
  }();
  return *names;
}

std::string_view verb(std::string_view action) {
  if (action == "close") return "closes";
  if (action == "open") return "opens";
  if (action == "reopen") return "reopens";
  if (action == "suspend") return "suspends";
  if (action == "downgrade") return "downgrades";
  if (action == "relocate") return "relocates";
  return "changes";
}

std::string mission_words(std::string_view kind) {
  if (kind == "representative_office") return "representative office";
  if (kind.empty()) return "mission";
  return std::string(kind);
}

// "North Korea closes its embassy in Madrid, Spain (reported)".
std::string event_sentence(const json& event) {
  const std::string direction = str(event, "direction");
  const std::string country = country_name(str(event, "country"));
  const std::string city = str(event, "city");
  const std::string status = str(event, "status");
  std::string subject, place;
  if (direction == "foreign_in_dprk") {
    subject = country.empty() ? "A country" : country;
    place = city.empty() ? "Pyongyang" : city;
  } else {
    subject = "North Korea";
    place = city.empty() ? country : city + ", " + country;
  }
  std::string s = fmt::format("{} {} its {}", subject, verb(str(event, "action")),
                              mission_words(str(event, "mission_kind")));
  if (!place.empty()) s += " in " + place;
  if (!status.empty()) s += " (" + status + ")";
  return s;
}

// Slack's mrkdwn treats these as control characters; its documented escapes.
std::string slack_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

}  // namespace

json alert_payload(const store::AlertRecord& alert) {
  json j = json::parse(alert.payload, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return json{{"kind", alert.kind}, {"event", json::object()}, {"payload_text", alert.payload}};
  }
  if (!j.contains("event") || !j["event"].is_object()) j["event"] = json::object();
  return j;
}

std::string country_name(std::string_view code) {
  const auto& names = country_names();
  auto it = names.find(code);
  return it == names.end() ? std::string(code) : it->second;
}

std::string alert_summary(const store::AlertRecord& alert) {
  json payload = alert_payload(alert);
  std::string sentence = event_sentence(payload["event"]);
  if (alert.kind == "test") return "TEST alert from missionwatch: " + sentence;
  if (alert.kind == "status_changed") {
    std::string previous = str(payload, "previous_status");
    std::string now = str(payload["event"], "status");
    return fmt::format("Now {}{}: {}", now.empty() ? "changed" : now,
                       previous.empty() ? "" : " (was " + previous + ")", sentence);
  }
  return sentence;
}

std::string alert_evidence(const store::AlertRecord& alert) {
  json payload = alert_payload(alert);
  const json& sources = payload["event"]["sources"];
  if (!sources.is_array()) return {};
  for (const json& s : sources) {
    std::string evidence = s.is_object() ? str(s, "evidence") : std::string();
    if (!evidence.empty()) return evidence;
  }
  return {};
}

std::string iso_time(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

json alert_data(const store::AlertRecord& alert) {
  json payload = alert_payload(alert);
  json data{{"alert_id", alert.id},
            {"kind", alert.kind},
            {"created_at", iso_time(alert.created_at)},
            {"previous_status",
             payload.contains("previous_status") ? payload["previous_status"] : json(nullptr)},
            {"summary", alert_summary(alert)},
            {"event", payload["event"]}};
  return data;
}

std::string standard_body(const OutgoingMessage& message, TimePoint now) {
  json body;
  if (message.digest) {
    json alerts = json::array();
    for (const OutboundAlert& a : message.alerts) alerts.push_back(alert_data(a.alert));
    body = json{{"type", "missionwatch.digest"},
                {"version", kWebhookBodyVersion},
                {"timestamp", iso_time(now)},
                {"data", {{"alerts", std::move(alerts)}}}};
  } else {
    const store::AlertRecord& alert = message.alerts.at(0).alert;
    std::string type =
        alert.kind == "test" ? "missionwatch.test" : "missionwatch.alert." + alert.kind;
    body = json{{"type", type},
                {"version", kWebhookBodyVersion},
                {"timestamp", iso_time(alert.created_at)},
                {"data", alert_data(alert)}};
  }
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string slack_body(const OutgoingMessage& message) {
  std::string text;
  if (message.digest) {
    text = fmt::format("*missionwatch: {} alerts*\n", message.alerts.size());
  }
  for (const OutboundAlert& a : message.alerts) {
    json payload = alert_payload(a.alert);
    text += (message.digest ? "• *" : "*") + slack_escape(alert_summary(a.alert)) + "*\n";
    std::string evidence = alert_evidence(a.alert);
    if (!evidence.empty()) text += "> " + slack_escape(evidence) + "\n";
    const json& sources = payload["event"]["sources"];
    if (sources.is_array()) {
      for (const json& s : sources) {
        if (!s.is_object()) continue;
        std::string url = str(s, "url"), title = str(s, "title"), outlet = str(s, "outlet");
        if (url.empty()) continue;
        std::string label = title.empty() ? url : title;
        if (!outlet.empty()) label += " (" + outlet + ")";
        std::replace(label.begin(), label.end(), '|', '/');  // "|" ends a link's URL part
        text += "<" + url + "|" + slack_escape(label) + ">\n";
      }
    }
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return json{{"text", text}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string digest_message_id(const std::vector<OutboundAlert>& alerts) {
  std::vector<std::pair<std::int64_t, const std::string*>> keys;
  for (const OutboundAlert& a : alerts)
    keys.emplace_back(a.delivery.id, &a.delivery.idempotency_key);
  std::sort(keys.begin(), keys.end());
  std::string joined;
  for (const auto& [id, key] : keys) joined += *key + "\n";
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(joined.data(), joined.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out = "msg_";
  for (unsigned int i = 0; i < 16 && i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

}  // namespace mw::alerts
