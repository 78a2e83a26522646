// Poll-cycle benchmark through the daemon's own poll path (issue #4): N feeds on a loopback
// server, polled by the real mw::Poller (libcurl fetch, parse, entries stored in a real SQLite
// file, one transaction per feed, next poll scheduled). A first cycle fills the store (every feed
// answers 200 with 20 entries and an ETag); then 10 % of the feeds change (new ETag, 2 new
// entries) and the measured cycle polls every feed again: the changed ones answer 200 and are
// parsed and stored, the rest answer 304 to the conditional GET. Reports wall time of both cycles
// and the peak RSS of this process (the daemon side; the server runs in a forked child so its
// memory is not counted).
//
//   poll_cycle_bench                          # 1,000 and 10,000 feeds
//   poll_cycle_bench --feeds 10000 --concurrency 16 --changed 0.1 --db /tmp/x.db
//
// The per-host politeness limit is lifted (max_per_host = concurrency, no host delay) because
// every feed lives on the one loopback host, as in the issue's benchmark configuration. The
// daemon logs at "warn" here (one info line per updated feed would only measure the terminal).
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "common/clock.h"
#include "daemon/poller.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/store.h"
#include "feeds/http_client.h"

namespace {

constexpr int kNewEntriesWhenChanged = 2;

// Feed `feed` as served in `version` 1 (entries 0..n-1) or 2 (shifted by two: two new entries).
std::string rss_body(int feed, int entries, int version) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
      std::to_string(feed) + "</title><link>https://example.org/</link>\n";
  const int first = version == 1 ? 0 : kNewEntriesWhenChanged;
  for (int e = first; e < first + entries; ++e) {
    const std::string id = std::to_string(feed) + "-" + std::to_string(e);
    s += "<item><title>Item " + id +
         " about diplomatic missions</title><link>https://example.org/" + id + "</link><guid>" +
         id +
         "</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>Summary of item " +
         id +
         ", a few sentences of text to make the body realistic in size. Lorem ipsum dolor "
         "sit amet.</description></item>\n";
  }
  return s + "</channel></rss>\n";
}

// Child process: serves /feed/<i> until killed; GET /phase/2 switches to the changed state,
// /phase/1 back.
// Writes the bound port to `fd`.
[[noreturn]] void serve(int fd, double changed, int entries, int threads) {
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  static std::atomic<int> phase{1};
  const int every = changed > 0 ? static_cast<int>(1.0 / changed + 0.5) : 0;
  server.Get(R"(/phase/([12]))", [](const httplib::Request& req, httplib::Response& res) {
    phase = std::stoi(req.matches[1]);
    res.set_content("ok", "text/plain");
  });
  server.Get(R"(/feed/(\d+))", [=](const httplib::Request& req, httplib::Response& res) {
    const int i = std::stoi(req.matches[1]);
    const int version = phase == 2 && every > 0 && i % every == 0 ? 2 : 1;
    const std::string current = "\"v" + std::to_string(i) + "-" + std::to_string(version) + "\"";
    res.set_header("ETag", current);
    if (req.get_header_value("If-None-Match") == current) {
      res.status = 304;
      return;
    }
    res.set_content(rss_body(i, entries, version), "application/rss+xml");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (write(fd, &port, sizeof port) != sizeof port) _exit(1);
  close(fd);
  server.listen_after_bind();
  _exit(0);
}

// CPU seconds (user + system) this process has used: unlike wall time, not inflated by other
// processes on a busy machine.
double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

double peak_rss_mb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

struct Args {
  std::vector<int> sizes;
  int concurrency = 16;
  int entries = 20;
  double changed = 0.1;
  std::string db_dir;
};

bool parse_args(int argc, char** argv, Args& a) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    if (k == "--feeds")
      a.sizes.push_back(std::atoi(argv[i + 1]));
    else if (k == "--concurrency")
      a.concurrency = std::atoi(argv[i + 1]);
    else if (k == "--changed")
      a.changed = std::atof(argv[i + 1]);
    else if (k == "--entries")
      a.entries = std::atoi(argv[i + 1]);
    else if (k == "--db-dir")
      a.db_dir = argv[i + 1];
    else
      return false;
  }
  if ((argc - 1) % 2 != 0) return false;
  if (a.sizes.empty()) a.sizes = {1000, 10000};
  return true;
}

struct Row {
  int feeds = 0;
  mw::PollCycleSummary fill, measured;
  double fill_s = 0, measured_s = 0, measured_cpu_s = 0, rss_mb = 0, db_mb = 0;
};

// One size: a fresh database with `n` feeds, the filling cycle, the switch, the measured cycle.
bool run_size(int n, int port, const Args& args, mw::HttpClient& http, Row& row,
              std::string& error) {
  namespace fs = std::filesystem;
  const fs::path db = fs::path(args.db_dir) / ("poll_cycle_" + std::to_string(n) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  auto store = mw::store::Store::open(db.string());
  if (!store) {
    error = store.error().describe();
    return false;
  }
  mw::ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 23});
  const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/feed/";
  auto added = (*store)->transaction([&]() -> mw::Status {
    for (int i = 0; i < n; ++i) {
      mw::store::FeedSpec spec;
      spec.url = base + std::to_string(i);
      spec.name = "feed " + std::to_string(i);
      if (auto id = mw::store::upsert_feed(**store, spec, clock.now()); !id) {
        return tl::unexpected(id.error());
      }
    }
    return mw::ok();
  });
  if (!added) {
    error = added.error().describe();
    return false;
  }
  mw::Poller poller(**store, http, mw::PollerOptions{}, [] { return 0.5; });
  auto cycle = [&](mw::PollCycleSummary& out, double& secs) {
    const auto start = std::chrono::steady_clock::now();
    auto summary = poller.poll_due(clock);
    secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!summary) {
      error = summary.error().describe();
      return false;
    }
    out = std::move(*summary);
    return true;
  };
  if (!cycle(row.fill, row.fill_s)) return false;
  httplib::Client(base.substr(0, base.size() - 6)).Get("/phase/2");
  clock.advance(std::chrono::hours(24 * 30));  // every feed is due again
  const double cpu_before = cpu_seconds();
  if (!cycle(row.measured, row.measured_s)) return false;
  row.measured_cpu_s = cpu_seconds() - cpu_before;
  row.feeds = n;
  row.rss_mb = peak_rss_mb();
  row.db_mb = static_cast<double>(fs::file_size(db)) / 1e6;
  // Keep the next size's numbers its own: the server goes back to phase 1 for fresh feeds.
  httplib::Client(base.substr(0, base.size() - 6)).Get("/phase/1");
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse_args(argc, argv, args)) {
    std::fprintf(stderr,
                 "usage: %s [--feeds N]... [--concurrency N] [--changed F] [--entries N] "
                 "[--db-dir DIR]\n",
                 argv[0]);
    return 2;
  }
  if (args.db_dir.empty()) {
    args.db_dir = (std::filesystem::temp_directory_path() / "mw_poll_cycle_bench").string();
  }
  std::filesystem::create_directories(args.db_dir);
  spdlog::set_level(spdlog::level::warn);

  int fds[2];
  if (pipe(fds) != 0) return 1;
  const pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(fds[0]);
    serve(fds[1], args.changed, args.entries, args.concurrency + 8);
  }
  close(fds[1]);
  int port = 0;
  if (read(fds[0], &port, sizeof port) != sizeof port || port <= 0) {
    std::fprintf(stderr, "poll_cycle_bench: the loopback server did not start\n");
    return 1;
  }
  close(fds[0]);

  mw::HttpClientOptions o;
  o.allow_private_networks = true;
  o.max_concurrent = args.concurrency;
  o.max_per_host = args.concurrency;
  o.min_host_delay = std::chrono::milliseconds(0);
  o.no_proxy = "*";  // loopback: never through a proxy from the environment
  auto client = mw::make_http_client(o);
  if (!client) {
    std::fprintf(stderr, "poll_cycle_bench: %s\n", client.error().describe().c_str());
    kill(child, SIGTERM);
    return 1;
  }

  std::printf(
      "| feeds | first cycle (all 200) s | measured cycle s | measured cycle CPU s | updated (200) "
      "| unchanged (304) | failed | new entries | feeds/s | peak RSS MB | db MB |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  int rc = 0;
  for (int n : args.sizes) {
    Row row;
    std::string error;
    if (!run_size(n, port, args, **client, row, error)) {
      std::fprintf(stderr, "poll_cycle_bench: %d feeds: %s\n", n, error.c_str());
      rc = 1;
      break;
    }
    const auto& m = row.measured;
    std::printf("| %d | %.2f | %.2f | %.2f | %d | %d | %d | %d | %.0f | %.1f | %.1f |\n", n,
                row.fill_s, row.measured_s, row.measured_cpu_s, m.updated, m.unchanged, m.failed,
                m.new_entries, n / row.measured_s, row.rss_mb, row.db_mb);
    std::fflush(stdout);
    if (row.fill.failed > 0 || m.failed > 0) {
      for (const auto& f : m.feeds) {
        if (f.outcome == mw::FeedOutcome::kFailed) {
          std::fprintf(stderr, "first failure: %s: %s\n", f.name.c_str(), f.error.c_str());
          break;
        }
      }
      rc = 1;
    }
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  return rc;
}
