// Poll-cycle benchmark for the HTTP client: N feeds on a loopback server, 10 % changed since the
// last poll (200 with a 20-entry RSS body), the rest answering 304 to the conditional GET. Reports
// the wall time of one full fetch cycle and the peak RSS of this (client) process; the server
// runs in a forked child so its memory is not counted.
//
//   poll_cycle_bench                        # 1,000 and 10,000 feeds
//   poll_cycle_bench --feeds 10000 --concurrency 16 --changed 0.1
//
// The per-host politeness limit is lifted (max_per_host = concurrency, no host delay) because
// every feed lives on the one loopback host, as in the issue's benchmark configuration.
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "feeds/http_client.h"

namespace {

std::string rss_body(int feed, int entries) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Feed " +
      std::to_string(feed) + "</title><link>https://example.org/</link>\n";
  for (int e = 0; e < entries; ++e) {
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

// Child process: serves /feed/<i> until killed. Writes the bound port to `fd`.
[[noreturn]] void serve(int fd, double changed, int entries, int threads) {
  httplib::Server server;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  const int every = changed > 0 ? static_cast<int>(1.0 / changed + 0.5) : 0;
  server.Get(R"(/feed/(\d+))", [=](const httplib::Request& req, httplib::Response& res) {
    const int i = std::stoi(req.matches[1]);
    const bool is_changed = every > 0 && i % every == 0;
    const std::string current = "\"v" + std::to_string(i) + (is_changed ? "-2\"" : "-1\"");
    res.set_header("ETag", current);
    if (req.get_header_value("If-None-Match") == current) {
      res.status = 304;
      return;
    }
    res.set_content(rss_body(i, entries), "application/rss+xml");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (write(fd, &port, sizeof port) != sizeof port) _exit(1);
  close(fd);
  server.listen_after_bind();
  _exit(0);
}

long peak_rss_kb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  int concurrency = 16, entries = 20;
  double changed = 0.1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--feeds")
      sizes.push_back(std::atoi(argv[i + 1]));
    else if (a == "--concurrency")
      concurrency = std::atoi(argv[i + 1]);
    else if (a == "--changed")
      changed = std::atof(argv[i + 1]);
    else if (a == "--entries")
      entries = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--feeds N]... [--concurrency N] [--changed F]\n", argv[0]);
      return 2;
    }
  }
  if (sizes.empty()) sizes = {1000, 10000};

  int fds[2];
  if (pipe(fds) != 0) return 1;
  const pid_t child = fork();
  if (child < 0) return 1;
  if (child == 0) {
    close(fds[0]);
    serve(fds[1], changed, entries, concurrency + 8);
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
  o.max_concurrent = concurrency;
  o.max_per_host = concurrency;
  o.min_host_delay = std::chrono::milliseconds(0);
  auto client = mw::make_http_client(o);
  if (!client) {
    std::fprintf(stderr, "poll_cycle_bench: %s\n", client.error().describe().c_str());
    kill(child, SIGTERM);
    return 1;
  }

  std::printf(
      "| feeds | changed (200) | 304 | errors | body MB | wall s | feeds/s | peak RSS MB |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  int rc = 0;
  for (int n : sizes) {
    std::vector<mw::HttpRequest> batch;
    batch.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      mw::HttpRequest r;
      r.url = "http://127.0.0.1:" + std::to_string(port) + "/feed/" + std::to_string(i);
      r.etag = "\"v" + std::to_string(i) + "-1\"";  // what the store kept from the last poll
      r.tag = static_cast<std::uint64_t>(i);
      batch.push_back(std::move(r));
    }
    long ok200 = 0, not_modified = 0, errors = 0;
    double bytes = 0;
    std::string first_error;
    const auto start = std::chrono::steady_clock::now();
    (*client)->fetch_all(std::move(batch), [&](mw::HttpResponse&& r) {
      if (!r.ok() || (r.status != 200 && r.status != 304)) {
        if (first_error.empty())
          first_error = r.error_message + " status " + std::to_string(r.status);
        ++errors;
      } else if (r.status == 304) {
        ++not_modified;
      } else {
        ++ok200;
        bytes += static_cast<double>(r.body.size());
      }
    });
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("| %d | %ld | %ld | %ld | %.1f | %.2f | %.0f | %.1f |\n", n, ok200, not_modified,
                errors, bytes / 1e6, secs, n / secs, peak_rss_kb() / 1024.0);
    if (errors > 0) {
      std::fprintf(stderr, "first error: %s\n", first_error.c_str());
      rc = 1;
    }
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);
  return rc;
}
