// Politeness and isolation in the HTTP client's event loop: the per-host and global limits hold,
// the minimum delay between requests to one host holds, a slow host does not hold up a fast one,
// and a stop request ends a batch promptly.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "feeds/http_client.h"
#include "tests/feeds/http_test_server.h"

namespace mw {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;
using testing::ConcurrencyMeter;
using testing::LoopbackServer;

// A server whose /slow takes `delay` and counts how many requests it handles at once.
class MeteredServer {
 public:
  explicit MeteredServer(milliseconds delay) {
    server.http().Get("/slow", [this, delay](const httplib::Request&, httplib::Response& res) {
      ConcurrencyMeter::Scope scope(meter);
      {
        std::lock_guard<std::mutex> lock(mu);
        arrivals.push_back(Clock::now());
      }
      testing::sleep_unless_stopping(server, delay);
      res.set_content("ok", "text/plain");
    });
    server.http().Get("/fast", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
  }
  LoopbackServer server{24};
  ConcurrencyMeter meter;
  std::mutex mu;
  std::vector<Clock::time_point> arrivals;
};

std::vector<HttpRequest> requests(const LoopbackServer& s, const std::string& path, int n,
                                  std::uint64_t first_tag = 0) {
  std::vector<HttpRequest> out;
  for (int i = 0; i < n; ++i) {
    HttpRequest r;
    r.url = s.url(path + "?n=" + std::to_string(i));
    r.tag = first_tag + static_cast<std::uint64_t>(i);
    out.push_back(std::move(r));
  }
  return out;
}

TEST(HttpClientConcurrency, PerHostLimitIsRespected) {
  MeteredServer m(milliseconds(150));
  m.server.start();
  auto o = testing::loopback_options();
  o.max_per_host = 2;
  auto client = make_http_client(o);
  ASSERT_TRUE(client.has_value());
  int ok = 0;
  (*client)->fetch_all(requests(m.server, "/slow", 8),
                       [&](HttpResponse&& r) { ok += r.ok() && r.status == 200; });
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(m.meter.peak(), 2);
}

TEST(HttpClientConcurrency, GlobalLimitIsRespected) {
  MeteredServer m(milliseconds(150));
  m.server.start();
  auto o = testing::loopback_options();
  o.max_per_host = 16;
  o.max_concurrent = 3;
  auto client = make_http_client(o);
  ASSERT_TRUE(client.has_value());
  int ok = 0;
  (*client)->fetch_all(requests(m.server, "/slow", 9),
                       [&](HttpResponse&& r) { ok += r.ok() && r.status == 200; });
  EXPECT_EQ(ok, 9);
  EXPECT_EQ(m.meter.peak(), 3);
}

TEST(HttpClientConcurrency, MinimumDelaySpacesRequestsToOneHost) {
  MeteredServer m(milliseconds(0));
  m.server.start();
  auto o = testing::loopback_options();
  o.max_per_host = 2;
  o.min_host_delay = milliseconds(300);
  auto client = make_http_client(o);
  ASSERT_TRUE(client.has_value());
  (*client)->fetch_all(requests(m.server, "/slow", 4), [](HttpResponse&&) {});
  ASSERT_EQ(m.arrivals.size(), 4u);
  std::sort(m.arrivals.begin(), m.arrivals.end());
  for (std::size_t i = 1; i < m.arrivals.size(); ++i) {
    // Starts are 300 ms apart; arrivals can bunch a little when one connect is slower.
    EXPECT_GE(m.arrivals[i] - m.arrivals[i - 1], milliseconds(150)) << "request " << i;
  }
}

TEST(HttpClientConcurrency, SlowHostDoesNotDelayAFastOne) {
  MeteredServer slow(milliseconds(1000));
  MeteredServer fast(milliseconds(0));
  slow.server.start();
  fast.server.start();
  auto client = make_http_client(testing::loopback_options());
  ASSERT_TRUE(client.has_value());
  auto batch = requests(slow.server, "/slow", 2, 0);  // the slow host's requests come first
  auto f = requests(fast.server, "/fast", 6, 100);
  batch.insert(batch.end(), f.begin(), f.end());
  const auto start = Clock::now();
  Clock::duration last_fast{}, first_slow = Clock::duration::max();
  int fast_ok = 0;
  (*client)->fetch_all(std::move(batch), [&](HttpResponse&& r) {
    const auto t = Clock::now() - start;
    if (r.tag >= 100) {
      last_fast = std::max(last_fast, t);
      fast_ok += r.ok() && r.status == 200;
    } else {
      first_slow = std::min(first_slow, t);
    }
  });
  EXPECT_EQ(fast_ok, 6);
  EXPECT_LT(last_fast, first_slow) << "every fast response arrives before any slow one";
  EXPECT_GE(first_slow, milliseconds(900));
}

TEST(HttpClientConcurrency, StopCancelsRunningAndWaitingRequests) {
  MeteredServer m(milliseconds(5000));
  m.server.start();
  auto client = make_http_client(testing::loopback_options());
  ASSERT_TRUE(client.has_value());
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(300));
    stop.request_stop();
  });
  const auto start = Clock::now();
  int cancelled = 0;
  std::string message;
  (*client)->fetch_all(
      requests(m.server, "/slow", 6),
      [&](HttpResponse&& r) {
        cancelled += r.error == FetchError::kCancelled;
        message = r.error_message;
      },
      stop.get_token());
  stopper.join();
  EXPECT_EQ(cancelled, 6);
  EXPECT_LT(Clock::now() - start, milliseconds(3000));
  EXPECT_NE(message.find("cancelled"), std::string::npos) << message;
}

TEST(HttpClientConcurrency, ClientIsReusableAcrossBatches) {
  MeteredServer m(milliseconds(0));
  m.server.start();
  auto client = make_http_client(testing::loopback_options());
  ASSERT_TRUE(client.has_value());
  for (int round = 0; round < 3; ++round) {
    int ok = 0;
    (*client)->fetch_all(requests(m.server, "/fast", 40),
                         [&](HttpResponse&& r) { ok += r.ok() && r.status == 200; });
    EXPECT_EQ(ok, 40) << "round " << round;
  }
  int calls = 0;
  (*client)->fetch_all({}, [&](HttpResponse&&) { ++calls; });
  EXPECT_EQ(calls, 0) << "an empty batch returns at once";
}

}  // namespace
}  // namespace mw
