#pragma once
// Shared by the alerts_*_test suites (a header, so it is not linked into other daemon tests):
// alert payloads like the pipeline writes, a store with alert rows, and a real loopback
// webhook receiver (cpp-httplib) that checks every request the way a Standard Webhooks
// verifier does — written here from the convention, independently of daemon/alerts.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "daemon/store/alert_repository.h"
#include "tests/daemon/store_fixture.h"

namespace mw::alerts::testing {

// whsec_ + base64 of 24 bytes "missionwatch-test-key-01".
inline constexpr char kTestSecret[] = "whsec_bWlzc2lvbndhdGNoLXRlc3Qta2V5LTAx";

inline std::string payload(const std::string& country, const std::string& city,
                           const std::string& action = "close",
                           const std::string& status = "reported",
                           const std::string& kind = "created") {
  nlohmann::json event{
      {"id", 1},
      {"direction", "dprk_abroad"},
      {"country", country},
      {"city", city},
      {"mission_kind", "embassy"},
      {"action", action},
      {"status", status},
      {"effective_date", nullptr},
      {"first_seen", "2026-03-01T12:00:00Z"},
      {"last_seen", "2026-03-01T12:00:00Z"},
      {"historical", false},
      {"confidence", 0.9},
      {"sources",
       {{{"url", "https://news.example.org/a/1"},
         {"title", "North Korea shuts embassy in " + city},
         {"outlet", "Example News"},
         {"published", "2026-03-01T08:00:00Z"},
         {"evidence", "North Korea has closed its embassy in " + city + ", officials said."},
         {"independent", true}}}}};
  return nlohmann::json{{"kind", kind},
                        {"previous_status", kind == "status_changed" ? nlohmann::json("planned")
                                                                     : nlohmann::json(nullptr)},
                        {"event", event}}
      .dump();
}

inline store::InsertedAlert add_alert(store::Store& store, const std::vector<std::string>& channels,
                                      TimePoint now, const std::string& country = "ES",
                                      const std::string& city = "Madrid") {
  store::NewAlert a;
  a.kind = "created";
  a.payload = payload(country, city);
  a.channels = channels;
  auto inserted = store::insert_alert(store, a, now);
  EXPECT_TRUE(inserted) << inserted.error().describe();
  return inserted ? *inserted : store::InsertedAlert{};
}

// ---- an independent Standard Webhooks verifier -------------------------------------------

inline std::string b64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

inline std::string unb64(const std::string& text) {
  std::string out(3 * text.size() / 4 + 3, '\0');
  int len = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                            reinterpret_cast<const unsigned char*>(text.data()),
                            static_cast<int>(text.size()));
  if (len < 0) return {};
  std::size_t pad = 0;
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) ++pad;
  out.resize(static_cast<std::size_t>(len) - pad);
  return out;
}

// What a verifier does: strip "whsec_", base64-decode the key, HMAC-SHA256 over
// "id.timestamp.body", compare with each space-separated "v1,<sig>" of the header; optionally
// reject timestamps more than 5 minutes from the verifier's clock.
inline bool verify_standard_webhook(const std::string& secret, const std::string& id,
                                    const std::string& timestamp, const std::string& body,
                                    const std::string& signature_header, bool check_time) {
  if (id.empty() || timestamp.empty() || signature_header.empty()) return false;
  if (check_time) {
    long long ts = std::stoll(timestamp);
    long long now = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    if (ts < now - 300 || ts > now + 300) return false;
  }
  std::string key = unb64(secret.substr(secret.rfind("whsec_", 0) == 0 ? 6 : 0));
  std::string signed_content = id + "." + timestamp + "." + body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_content.data()), signed_content.size(), mac,
       &mac_len);
  const std::string expected = b64(mac, mac_len);
  std::size_t start = 0;
  while (start < signature_header.size()) {
    std::size_t end = signature_header.find(' ', start);
    std::string one =
        signature_header.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (one.rfind("v1,", 0) == 0 && one.substr(3) == expected) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

struct ReceivedWebhook {
  std::string id, timestamp, signature, body, content_type;
  bool verified = false;
};

// A webhook endpoint on 127.0.0.1. `respond` (default: 204) decides each answer; every request
// is recorded with whether its signature verified. Stops in its destructor.
class WebhookReceiver {
 public:
  using Responder = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit WebhookReceiver(std::string secret = kTestSecret, int port = 0, bool check_time = true)
      : secret_(std::move(secret)), check_time_(check_time) {
    start(port);
  }
  ~WebhookReceiver() { stop(); }

  void start(int port = 0) {
    server_ = std::make_unique<httplib::Server>();
    server_->set_keep_alive_max_count(1000);
    server_->Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      ReceivedWebhook r;
      r.id = req.get_header_value("webhook-id");
      r.timestamp = req.get_header_value("webhook-timestamp");
      r.signature = req.get_header_value("webhook-signature");
      r.content_type = req.get_header_value("Content-Type");
      r.body = req.body;
      r.verified =
          verify_standard_webhook(secret_, r.id, r.timestamp, r.body, r.signature, check_time_);
      Responder respond;
      {
        std::lock_guard lock(mu_);
        received_.push_back(r);
        respond = respond_;
      }
      if (respond) {
        respond(req, res);
      } else {
        res.status = 204;
      }
    });
    if (port == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
    } else {
      // The port was just released by stop(): bind may need a moment on a busy machine.
      for (int i = 0; i < 100 && !server_->bind_to_port("127.0.0.1", port); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      port_ = port;
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void stop() {
    if (!server_) return;
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  void respond_with(Responder r) {
    std::lock_guard lock(mu_);
    respond_ = std::move(r);
  }
  std::vector<ReceivedWebhook> received() const {
    std::lock_guard lock(mu_);
    return received_;
  }
  std::size_t count() const {
    std::lock_guard lock(mu_);
    return received_.size();
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }

 private:
  std::string secret_;
  bool check_time_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::vector<ReceivedWebhook> received_;
  Responder respond_;
};

}  // namespace mw::alerts::testing
