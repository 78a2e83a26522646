#include "daemon/alerts/email_message.h"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "daemon/alerts/alert_message.h"
#include "daemon/alerts/webhook_signature.h"

namespace mw::alerts {

namespace {

using nlohmann::json;

constexpr std::size_t kWrap = 76;

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// Word-wraps one paragraph at kWrap columns (bytes: close enough for mail readers), each line
// after the first starting with `indent`.
std::string wrap(std::string_view text, std::string_view first_indent, std::string_view indent) {
  std::string out(first_indent);
  std::size_t column = first_indent.size();
  bool line_has_word = false;
  while (!text.empty()) {
    std::size_t space = text.find(' ');
    std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
    if (word.empty()) continue;
    if (line_has_word && column + 1 + word.size() > kWrap) {
      out += "\n";
      out += indent;
      column = indent.size();
      line_has_word = false;
    }
    if (line_has_word) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_has_word = true;
  }
  return out + "\n";
}

std::string domain_of(std::string_view address) {
  std::size_t at = address.rfind('@');
  std::string domain = at == std::string_view::npos ? "" : std::string(address.substr(at + 1));
  while (!domain.empty() && (domain.back() == '>' || domain.back() == ' ')) domain.pop_back();
  return domain.empty() ? "missionwatch.invalid" : domain;
}

std::string direction_words(std::string_view direction) {
  if (direction == "dprk_abroad") return "a North Korean mission abroad";
  if (direction == "foreign_in_dprk") return "a foreign mission in North Korea";
  return std::string(direction);
}

void append_alert(std::string& out, const OutboundAlert& a) {
  json payload = alert_payload(a.alert);
  const json& event = payload["event"];
  out += wrap(alert_summary(a.alert), "", "");
  out += "\n";
  auto field = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += wrap(value, fmt::format("{:<12}", label), std::string(12, ' '));
  };
  std::string country = str(event, "country");
  std::string city = str(event, "city");
  std::string where = country.empty() ? "" : country_name(country) + " (" + country + ")";
  if (!city.empty()) where = city + ", " + where;
  field("What:", str(event, "action") + " " + str(event, "mission_kind"));
  field("Where:", where);
  field("Mission:", direction_words(str(event, "direction")));
  std::string status = str(event, "status");
  std::string previous = str(payload, "previous_status");
  field("Status:", previous.empty() ? status : status + " (was " + previous + ")");
  field("Effective:", str(event, "effective_date"));
  field("Confidence:", event.contains("confidence") && event["confidence"].is_number()
                           ? fmt::format("{:.2f}", event["confidence"].get<double>())
                           : "");
  field("First seen:", str(event, "first_seen"));
  field("Event:", event.contains("id") ? "#" + str(event, "id") : "");

  std::string evidence = alert_evidence(a.alert);
  if (!evidence.empty()) {
    out += "\nEvidence:\n";
    out += wrap("\"" + evidence + "\"", "  ", "  ");
  }
  const json& sources = event.contains("sources") ? event["sources"] : json();
  if (sources.is_array() && !sources.empty()) {
    out += "\nSources:\n";
    int n = 0;
    for (const json& s : sources) {
      if (!s.is_object()) continue;
      std::string title = str(s, "title");
      std::string meta = str(s, "outlet");
      std::string published = str(s, "published");
      if (!published.empty()) meta += (meta.empty() ? "" : ", ") + published;
      std::string line = fmt::format("{}. {}", ++n, title.empty() ? "(untitled)" : title);
      if (!meta.empty()) line += " — " + meta;
      out += wrap(line, "  ", "     ");
      std::string url = str(s, "url");
      if (!url.empty()) out += "     " + url + "\n";  // never wrapped: links must stay whole
    }
  }
}

}  // namespace

std::string email_subject(const OutgoingMessage& message) {
  if (!message.digest || message.alerts.size() == 1) {
    return "[missionwatch] " + alert_summary(message.alerts.at(0).alert);
  }
  std::string subject = fmt::format("[missionwatch] {} alerts: ", message.alerts.size());
  for (std::size_t i = 0; i < message.alerts.size(); ++i) {
    std::string next = alert_summary(message.alerts[i].alert);
    if (i > 0 && subject.size() + next.size() > 150) {
      subject += "; …";
      break;
    }
    subject += (i > 0 ? "; " : "") + next;
  }
  return subject;
}

std::string email_text(const OutgoingMessage& message) {
  std::string out;
  if (message.digest) {
    out += fmt::format("{} alerts since the last message.\n\n", message.alerts.size());
  }
  for (std::size_t i = 0; i < message.alerts.size(); ++i) {
    if (i > 0) out += "\n" + std::string(40, '-') + "\n\n";
    append_alert(out, message.alerts[i]);
  }
  out += "\n-- \nSent by missionwatch";
  if (message.alerts.size() == 1) {
    out += fmt::format(" (alert {}, {})", message.alerts[0].alert.id, message.message_id);
  } else {
    out += fmt::format(" ({})", message.message_id);
  }
  out += ".\n";
  return out;
}

std::string rfc5322_date(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string encode_header_text(std::string_view text) {
  bool ascii = true;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20) ascii = false;
  }
  if (ascii) return std::string(text);
  // Each encoded word: "=?UTF-8?B?" + base64 + "?=" <= 75 characters, so at most 45 input
  // bytes (60 base64 characters); cut only before a UTF-8 lead byte.
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(start + 45, text.size());
    while (end < text.size() && end > start &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    std::string chunk;
    for (char c : text.substr(start, end - start)) {
      chunk += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(chunk) + "?=";
    start = end;
  }
  return out;
}

std::string email_message(const OutgoingMessage& message, const EmailAddresses& addresses,
                          TimePoint now) {
  std::string to;
  for (const std::string& address : addresses.to) to += (to.empty() ? "" : ", ") + address;
  std::string head;
  head += "From: missionwatch <" + addresses.from + ">\r\n";
  head += "To: " + to + "\r\n";
  head += "Subject: " + encode_header_text(email_subject(message)) + "\r\n";
  head += "Date: " + rfc5322_date(now) + "\r\n";
  head += "Message-ID: <" + message.message_id + "@" + domain_of(addresses.from) + ">\r\n";
  head += "MIME-Version: 1.0\r\n";
  head += "Content-Type: text/plain; charset=utf-8\r\n";
  head += "Content-Transfer-Encoding: 8bit\r\n";
  head += "Auto-Submitted: auto-generated\r\n";
  if (!message.digest) {
    head += fmt::format("X-Missionwatch-Alert: {}\r\n", message.alerts.at(0).alert.id);
  }
  std::string body = email_text(message);
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40);
  for (char c : body) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  return head + "\r\n" + crlf;
}

}  // namespace mw::alerts
