#pragma once
// Secrets named by the configuration (secret_file): read at the moment a channel needs them,
// held in a Secret that never prints its value. Logs say "secret from file X" instead.
//
//   auto key = read_secret(channel.secret);          // Result<Secret>
//   if (!key) return key.error();                     // names the file, never the content
//   spdlog::info("webhook {} signs with {}", channel.name, describe_secret(channel.secret));
//   sign(body, key->value());
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "common/result.h"
#include "daemon/config.h"

namespace mw {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  // The only way to the value: grep for it to audit where secrets go.
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

// Reads ref.path (resolved by resolve_config_paths; ref.file when unresolved). Trailing line
// breaks are dropped (editors add one). Fails with kNotFound/kIo/kInvalidArgument naming the
// file, never quoting its content; an empty file is an error.
Result<Secret> read_secret(const SecretRef& ref);

// "secret from file /run/credentials/missionwatch.service/webhook-secret", or "no secret".
std::string describe_secret(const SecretRef& ref);

}  // namespace mw

// Formatting a Secret (in a log call, an exception text) prints a placeholder, never the value.
template <>
struct fmt::formatter<mw::Secret> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const mw::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format("[redacted]", ctx);
  }
};
