#pragma once
// The e-mail form of an alert: a subject a person can scan in a list, a plain-text body (what
// changed, where, status, the evidence sentence, the sources with their links) and the
// RFC 5322 message around them. Pure.
//
//   Subject: [missionwatch] North Korea closes its embassy in Madrid, Spain (reported)
//   Message-ID: <msg_0123…@example.org>      (the delivery's idempotency key: stable on retry)
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "daemon/alerts/alert_channel.h"

namespace mw::alerts {

struct EmailAddresses {
  std::string from;             // bare address: name@domain
  std::vector<std::string> to;  // at least one
};

// "[missionwatch] <summary>"; a digest: "[missionwatch] 3 alerts: <first summary>; …".
std::string email_subject(const OutgoingMessage& message);

// The plain-text body, "\n" line endings, lines wrapped at 76 columns where they have spaces.
std::string email_text(const OutgoingMessage& message);

// The whole message as sent over SMTP: headers (From, To, Subject (RFC 2047 encoded when not
// ASCII), Date, Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8,
// Content-Transfer-Encoding: 8bit, X-Missionwatch-Alert) and the body, "\r\n" line endings.
std::string email_message(const OutgoingMessage& message, const EmailAddresses& addresses,
                          TimePoint now);

// "Mon, 23 Nov 2026 23:09:14 +0000" (RFC 5322 date-time, always UTC, locale-independent).
std::string rfc5322_date(TimePoint t);

// The text as is when it is printable ASCII, else an RFC 2047 "=?UTF-8?B?…?=" encoded word
// sequence (each word at most 75 characters, never splitting a UTF-8 sequence).
std::string encode_header_text(std::string_view text);

}  // namespace mw::alerts
