#include "daemon/alerts/webhook_channel.h"

#include <curl/curl.h>

#include <fmt/format.h>

#include "daemon/alerts/alert_message.h"
#include "daemon/alerts/webhook_signature.h"
#include "daemon/config_secrets.h"
#include "feeds/http_headers.h"

namespace mw::alerts {

namespace {

constexpr std::size_t kKeepBody = 300;  // bytes of an error response kept for last_error

struct Response {
  HttpHeaders headers;
  std::string body;
};

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Response*>(user);
  std::string_view line(data, size * n);
  std::size_t colon = line.find(':');
  if (line.substr(0, 5) == "HTTP/") r->headers.clear();  // a new response (after 100 Continue)
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() &&
           (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    r->headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* r = static_cast<Response*>(user);
  if (r->body.size() < kKeepBody) {
    r->body.append(data, std::min(size * n, kKeepBody - r->body.size()));
  }
  return size * n;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace

std::string url_origin(std::string_view url) {
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "(invalid URL)";
  std::size_t end = url.find_first_of("/?#", scheme + 3);
  std::string_view authority = url.substr(
      scheme + 3, end == std::string_view::npos ? std::string_view::npos : end - scheme - 3);
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);  // user:password@ never shown
  }
  return std::string(url.substr(0, scheme + 3)) + std::string(authority);
}

WebhookSender::WebhookSender(WebhookOptions options)
    : options_(std::move(options)), origin_(url_origin(options_.channel.url)) {
  curl_ = curl_easy_init();
}

WebhookSender::~WebhookSender() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

DeliveryOutcome WebhookSender::send(const OutgoingMessage& message, TimePoint now) {
  const std::string where = fmt::format("webhook {} ({})", name(), origin_);
  if (curl_ == nullptr) return DeliveryOutcome::retry(where + ": libcurl failed to start");

  // The secret is read at each attempt: a rotated or late-provisioned file takes effect without
  // a restart, and an unreadable one is a retry (the operator can fix it), not a lost alert.
  std::string key;
  if (!options_.channel.secret.empty()) {
    auto secret = read_secret(options_.channel.secret);
    if (!secret) return DeliveryOutcome::retry(where + ": " + secret.error().message);
    auto decoded = webhook_key_from_secret(secret->value());
    if (!decoded) {
      return DeliveryOutcome::retry(fmt::format("{}: {} ({})", where, decoded.error().message,
                                                describe_secret(options_.channel.secret)));
    }
    key = std::move(*decoded);
  }

  const std::string body =
      options_.channel.format == "slack" ? slack_body(message) : standard_body(message, now);
  const std::int64_t timestamp =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, ("webhook-id: " + message.message_id).c_str());
  headers = curl_slist_append(headers, fmt::format("webhook-timestamp: {}", timestamp).c_str());
  if (!key.empty()) {
    headers = curl_slist_append(
        headers,
        ("webhook-signature: " + sign_webhook(key, message.message_id, timestamp, body)).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip

  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);  // keeps the connection cache
  Response response;
  char error[CURL_ERROR_SIZE] = {0};
  const long timeout_ms = static_cast<long>(options_.channel.rules.timeout.count());
  curl_easy_setopt(curl, CURLOPT_URL, options_.channel.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // the convention: a redirect is a failure
  // Loopback receivers (local relays, tests) never go through a proxy from the environment.
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  if (!options_.user_agent.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

  CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);

  if (rc != CURLE_OK) {
    std::string what = error[0] != 0 ? std::string(error) : curl_easy_strerror(rc);
    return DeliveryOutcome::retry(where + ": " + one_line(what));
  }
  if (status >= 200 && status < 300) return DeliveryOutcome::delivered();

  std::string detail = fmt::format("{}: HTTP {}", where, status);
  if (!response.body.empty()) detail += ": " + one_line(response.body);
  if (status == 410) {
    return DeliveryOutcome::permanent(detail +
                                      " (the endpoint is gone; fix the URL, then "
                                      "`missionwatch alerts retry ID`)");
  }
  if (status >= 400 && status < 500 && status != 408 && status != 429) {
    return DeliveryOutcome::permanent(detail);
  }
  std::optional<std::chrono::seconds> retry_after;
  if (auto value = find_header(response.headers, "Retry-After")) {
    retry_after = parse_retry_after(*value, now);
  }
  if (status >= 300 && status < 400) {
    if (auto location = find_header(response.headers, "Location")) {
      detail += " (redirect to " + url_origin(*location) + "…; configure the final URL)";
    }
  }
  return DeliveryOutcome::retry(detail, retry_after);
}

}  // namespace mw::alerts
