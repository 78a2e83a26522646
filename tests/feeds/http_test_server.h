#pragma once
// A real HTTP server on 127.0.0.1 (cpp-httplib) for the HTTP client's tests: binds a free port,
// serves from a background thread, stops in its destructor. Handlers that stream or sleep must
// check stopping() so the server always stops promptly (every test stays bounded).
//
//   LoopbackServer server;
//   server.http().Get("/feed", [](const httplib::Request&, httplib::Response& res) {
//     res.set_content("<rss/>", "application/rss+xml");
//   });
//   server.start();
//   client->fetch({.url = server.url("/feed")});
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "feeds/http_client.h"

namespace mw::testing {

class LoopbackServer {
 public:
  explicit LoopbackServer(std::size_t threads = 16) {
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Idle keep-alive connections hold a worker thread; let them go quickly.
    server_.set_keep_alive_timeout(1);
    // Without this, Nagle + delayed ACK add ~40 ms to every keep-alive response.
    server_.set_tcp_nodelay(true);
  }
  ~LoopbackServer() { stop(); }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  httplib::Server& http() { return server_; }

  // Binds 127.0.0.1 on a free port and starts serving; fails the test if it cannot.
  void start() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0) << "could not bind a loopback port";
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_TRUE(server_.is_running()) << "loopback server did not start";
  }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

  bool stopping() const { return stopping_; }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int port_ = -1;
};

// Sleeps up to `d` in small steps, returning early when the server stops.
inline void sleep_unless_stopping(const LoopbackServer& s, std::chrono::milliseconds d) {
  const auto end = std::chrono::steady_clock::now() + d;
  while (!s.stopping() && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Counts handlers running at the same time and remembers the peak.
class ConcurrencyMeter {
 public:
  class Scope {
   public:
    explicit Scope(ConcurrencyMeter& m) : m_(m) {
      const int now = ++m_.current_;
      int peak = m_.peak_.load();
      while (now > peak && !m_.peak_.compare_exchange_weak(peak, now)) {
      }
    }
    ~Scope() { --m_.current_; }

   private:
    ConcurrencyMeter& m_;
  };
  int peak() const { return peak_; }

 private:
  std::atomic<int> current_{0};
  std::atomic<int> peak_{0};
};

// Client options for loopback tests: private networks allowed, no host delay, short timeouts.
inline HttpClientOptions loopback_options() {
  HttpClientOptions o;
  o.allow_private_networks = true;
  o.no_proxy = "*";  // a developer's http_proxy must not capture loopback test traffic
  o.min_host_delay = std::chrono::milliseconds(0);
  o.connect_timeout = std::chrono::milliseconds(5000);
  o.total_timeout = std::chrono::milliseconds(20000);
  o.contact_url = "https://example.org/missionwatch";
  return o;
}

}  // namespace mw::testing
