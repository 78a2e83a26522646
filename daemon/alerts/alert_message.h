#pragma once
// What an alert says, in each channel's shape. Pure: alert rows in, text out.
//
// An alert's payload (written by the pipeline, see daemon/alerts/alert_rules.h) is
//   {"kind": "created"|"status_changed"|"test", "previous_status": null|"<status>",
//    "event": <event record: id, direction, country, city, mission_kind, action, status, …,
//              sources: [{url, title, outlet, published, evidence, independent}]>}
//
// The webhook body (version 1, documented in docs/alerts.md; fields are only ever added):
//   {"type": "missionwatch.alert.created", "version": 1, "timestamp": "2026-…Z",
//    "data": {"alert_id": 7, "kind": "created", "previous_status": null,
//             "summary": "North Korea closes its embassy in Madrid, Spain (reported)",
//             "event": {…}}}
// A digest is {"type": "missionwatch.digest", "version": 1, "timestamp": …,
//              "data": {"alerts": [<data of each alert>]}}.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "daemon/alerts/alert_channel.h"

namespace mw::alerts {

inline constexpr int kWebhookBodyVersion = 1;

// The alert's payload parsed; text that is not a JSON object (it should always be one) gives
// {"kind": <the row's kind>, "event": {}, "payload_text": <the text>}.
nlohmann::json alert_payload(const store::AlertRecord& alert);

// English short name of an ISO 3166-1 alpha-2 code ("ES" → "Spain"); the code itself when
// unknown.
std::string country_name(std::string_view code);

// One line a person can scan: "North Korea closes its embassy in Madrid, Spain (reported)",
// "Sweden reopens its embassy in Pyongyang (completed)", "Now completed (was announced): …",
// "TEST alert: …".
std::string alert_summary(const store::AlertRecord& alert);

// The sentence that supports the event (the first source's evidence), or "".
std::string alert_evidence(const store::AlertRecord& alert);

// "2026-11-23T20:15:19Z".
std::string iso_time(TimePoint t);

// The "data" object of one alert in a webhook body.
nlohmann::json alert_data(const store::AlertRecord& alert);

// The webhook/command body of a message (see above), serialized compactly.
std::string standard_body(const OutgoingMessage& message, TimePoint now);

// Slack / Mattermost incoming-webhook body: {"text": "<summary, evidence, source links>"}.
std::string slack_body(const OutgoingMessage& message);

// The message id of a digest: "msg_" + the first 32 hex digits of SHA-256 over its deliveries'
// idempotency keys in delivery-id order, so a retried digest of the same alerts keeps its id.
std::string digest_message_id(const std::vector<OutboundAlert>& alerts);

}  // namespace mw::alerts
