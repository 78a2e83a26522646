#pragma once
// Standard Webhooks signatures (https://www.standardwebhooks.com/, "Verifying webhooks"):
// the signed content is "<webhook-id>.<webhook-timestamp>.<body>", the signature is
// HMAC-SHA256 with the secret's key bytes, sent as "v1,<base64 of the MAC>" in the
// webhook-signature header. The secret is written "whsec_<base64 of the key bytes>"; the
// prefix is optional when reading, as in the reference verifiers.
//
//   auto key = webhook_key_from_secret(secret.value());       // Result<std::string> (raw bytes)
//   std::string sig = sign_webhook(*key, "msg_…", 1700000000, body);   // "v1,K5oZ…="
//
// Pure functions; no secret ever appears in an error message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mw::alerts {

// RFC 4648 base64 with padding.
std::string base64_encode(std::string_view bytes);
// Decodes RFC 4648 base64 (padding optional, no whitespace). nullopt on any invalid character
// or impossible length.
std::optional<std::string> base64_decode(std::string_view text);

// The HMAC key bytes of a "whsec_<base64>" secret (prefix optional). Fails with
// kInvalidArgument when the rest is not base64 or decodes to fewer than 16 bytes (the
// convention asks for 24 to 64 random bytes).
Result<std::string> webhook_key_from_secret(std::string_view secret);

// "v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>".
std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp,
                         std::string_view body);

}  // namespace mw::alerts
