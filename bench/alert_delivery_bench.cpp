// Alert delivery benchmark: a loopback webhook receiver (cpp-httplib, in this process) and a
// real SQLite outbox in a temporary folder.
//  1. throughput: N alerts already in the outbox, drained by AlertOutbox::run_due (one thread,
//     one keep-alive connection, signed bodies), alerts/s;
//  2. latency: the service's delivery thread (run_alert_worker, idle poll 50 ms) runs while
//     alerts are committed one at a time at random moments; time from the commit returning to
//     the receiver handling the request (it answers 204 at once). Target: median < 100 ms.
//
//   alert_delivery_bench [--alerts 2000] [--samples 200]
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "daemon/alerts/alert_outbox.h"
#include "daemon/alerts/webhook_channel.h"
#include "daemon/store/alert_repository.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

struct Receiver {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, SteadyClock::time_point> arrivals;  // webhook-id -> first arrival

  Receiver() {
    server.set_keep_alive_max_count(100000);
    server.Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      auto now = SteadyClock::now();
      {
        std::lock_guard lock(mu);
        arrivals.emplace(req.get_header_value("webhook-id"), now);
      }
      cv.notify_all();
      res.status = 204;
    });
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Receiver() {
    server.stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/hook"; }
};

std::string payload(int i) {
  return R"({"kind":"created","previous_status":null,"event":{"id":)" + std::to_string(i) +
         R"(,"direction":"dprk_abroad","country":"ES","city":"Madrid","mission_kind":"embassy",)"
         R"("action":"close","status":"reported","effective_date":null,)"
         R"("first_seen":"2026-03-01T12:00:00Z","last_seen":"2026-03-01T12:00:00Z",)"
         R"("historical":false,"confidence":0.9,"sources":[{"url":"https://news.example.org/a",)"
         R"("title":"North Korea shuts embassy in Madrid","outlet":"Example News",)"
         R"("published":"2026-03-01T08:00:00Z","evidence":"North Korea has closed its embassy )"
         R"(in Madrid, officials said on Monday.","independent":true}]}})";
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  int alerts = 2000, samples = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--alerts") alerts = std::atoi(argv[i + 1]);
    if (a == "--samples") samples = std::atoi(argv[i + 1]);
  }
  spdlog::set_level(spdlog::level::warn);
  char tmpl[] = "/tmp/mw-alert-bench-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  const std::string db = (dir / "mw.db").string();
  const std::string secret = (dir / "secret").string();
  std::ofstream(secret) << "whsec_bWlzc2lvbndhdGNoLXRlc3Qta2V5LTAx\n";

  Receiver receiver;
  mw::Config config;
  config.service.database = db;
  mw::WebhookChannel hook;
  hook.name = "hook";
  hook.url = receiver.url();
  hook.secret.file = secret;
  config.alerts.webhook.push_back(hook);
  mw::SystemClock clock;

  auto store = mw::store::Store::open(db);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  // 1. Throughput.
  for (int i = 0; i < alerts; ++i) {
    mw::store::NewAlert a{std::nullopt, "created", payload(i), {"hook"}};
    if (!mw::store::insert_alert(**store, a, clock.now())) return 1;
  }
  {
    std::vector<std::unique_ptr<mw::alerts::AlertChannel>> channels;
    channels.push_back(std::make_unique<mw::alerts::WebhookSender>(
        mw::alerts::WebhookOptions{hook, "", "missionwatch-bench"}));
    mw::alerts::AlertOutbox outbox(std::move(channels));
    auto start = SteadyClock::now();
    int delivered = 0;
    for (;;) {
      auto run = outbox.run_due(**store, clock);
      if (!run) {
        std::fprintf(stderr, "%s\n", run.error().message.c_str());
        return 1;
      }
      delivered += run->delivered;
      if (!run->did_work()) break;
    }
    double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::printf(
        "throughput: %d alerts delivered in %.2f s = %.0f alerts/s (one thread, signed, "
        "keep-alive, SQLite synchronous=NORMAL)\n",
        delivered, seconds, delivered / seconds);
  }

  // 2. Latency through the service's delivery thread.
  auto shared = std::make_shared<const mw::Config>(config);
  std::jthread worker(
      mw::alerts::run_alert_worker, [shared] { return shared; }, std::cref(clock),
      mw::alerts::AlertWorkerOptions{});
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pause_ms(0, 60);
  std::vector<double> latencies;
  for (int i = 0; i < samples; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    mw::store::NewAlert a{std::nullopt, "created", payload(alerts + i), {"hook"}};
    auto inserted = mw::store::insert_alert(**store, a, clock.now());
    auto committed = SteadyClock::now();
    if (!inserted) return 1;
    const std::string key = inserted->deliveries[0].idempotency_key;
    std::unique_lock lock(receiver.mu);
    if (!receiver.cv.wait_for(lock, std::chrono::seconds(10),
                              [&] { return receiver.arrivals.count(key) > 0; })) {
      std::fprintf(stderr, "alert %d not delivered within 10 s\n", i);
      return 1;
    }
    latencies.push_back(
        std::chrono::duration<double, std::milli>(receiver.arrivals[key] - committed).count());
  }
  worker.request_stop();
  worker.join();
  std::printf(
      "latency commit -> receiver (%d alerts, idle poll 50 ms): median %.1f ms, p90 "
      "%.1f ms, p99 %.1f ms, max %.1f ms\n",
      samples, percentile(latencies, 0.5), percentile(latencies, 0.9), percentile(latencies, 0.99),
      *std::max_element(latencies.begin(), latencies.end()));
  store->reset();
  fs::remove_all(dir);
  return 0;
}
