#include "daemon/config_secrets.h"

#include "common/files.h"

namespace mw {

Result<Secret> read_secret(const SecretRef& ref) {
  const std::string& path = ref.path.empty() ? ref.file : ref.path;
  if (path.empty()) return fail(ErrorCode::kInvalidArgument, "no secret_file configured");
  // Secrets are short; a large file is a wrong path, and reading it whole would be wasteful.
  auto content = read_file(path, 64 * 1024);
  if (!content) {
    return fail(content.error().code, "secret file " + content.error().message);
  }
  std::string value = std::move(*content);
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                "secret file " + path + " is empty (write the secret into it)");
  }
  return Secret(std::move(value));
}

std::string describe_secret(const SecretRef& ref) {
  if (ref.empty()) return "no secret";
  return "secret from file " + (ref.path.empty() ? ref.file : ref.path);
}

}  // namespace mw
