#include "daemon/alerts/email_channel.h"

#include <cstring>
#include <memory>

#include <curl/curl.h>

#include <fmt/format.h>

#include "daemon/alerts/email_message.h"
#include "daemon/alerts/webhook_channel.h"
#include "daemon/config_secrets.h"
#include "daemon/logging.h"

namespace mw::alerts {

namespace {

struct Upload {
  std::string_view rest;
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t n, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t count = std::min(size * n, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), count);
  upload->rest.remove_prefix(count);
  return count;
}

std::string angle(const std::string& address) {
  return "<" + address + ">";
}

}  // namespace

EmailSender::EmailSender(EmailOptions options) : options_(std::move(options)) {}

DeliveryOutcome EmailSender::send(const OutgoingMessage& message, TimePoint now) {
  const EmailChannel& c = options_.channel;
  const std::string where = fmt::format("email {} ({})", name(), url_origin(c.smtp_server));

  Secret password;
  if (!c.username.empty()) {
    if (c.secret.empty()) {
      return DeliveryOutcome::retry(where +
                                    ": username is set but no secret_file holds the "
                                    "password");
    }
    auto secret = read_secret(c.secret);
    if (!secret) return DeliveryOutcome::retry(where + ": " + secret.error().message);
    password = std::move(*secret);
  }

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return DeliveryOutcome::retry(where + ": libcurl failed to start");

  const std::string text = email_message(message, {c.from, c.to}, now);
  Upload upload{text};
  curl_slist* recipients = nullptr;
  for (const std::string& to : c.to) recipients = curl_slist_append(recipients, angle(to).c_str());
  char error[CURL_ERROR_SIZE] = {0};
  const long timeout_ms = static_cast<long>(c.rules.timeout.count());
  const std::string from = angle(c.from);

  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, c.smtp_server.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (c.smtp_server.rfind("smtp://", 0) == 0 && c.starttls) {
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!c.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, c.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password.value().c_str());
  }
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);

  CURLcode rc = curl_easy_perform(h);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  if (rc == CURLE_OK) return DeliveryOutcome::delivered();

  std::string what = error[0] != 0 ? std::string(error) : curl_easy_strerror(rc);
  // libcurl quotes server replies, never our password; redact anyway in case a server echoes.
  const std::string secrets[] = {password.value()};
  std::string detail = fmt::format("{}: {}", where, redact(what, secrets));
  if (reply > 0) detail += fmt::format(" (SMTP {})", reply);
  if (reply >= 500 && reply < 600 && rc != CURLE_LOGIN_DENIED) {
    return DeliveryOutcome::permanent(detail);
  }
  return DeliveryOutcome::retry(detail);
}

}  // namespace mw::alerts
