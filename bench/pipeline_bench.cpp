// End-to-end pipeline benchmark (issue #7): feeds on a loopback server whose entries link to
// synthetic article pages; one poll stores the entries, then the pipeline fetches, extracts,
// classifies, merges and stores every article (one transaction each). Reports articles/s end to
// end, peak RSS, and the latency from a poll that sees a new entry to its alert row.
//
//   pipeline_bench [--articles 10000] [--per-feed 100] [--relevant 0.1] [--latency-runs 15]
//
// The pages (about 5 KB of HTML each, with navigation and footer boilerplate) all name North
// Korea, so every one passes the pre-filter and is fetched, extracted and classified; a share
// of them (--relevant) reports a mission change, the rest is other North Korea news. The per-host
// politeness limit is lifted for the loopback host, as in the issue's benchmark configuration.
//
// The server (cpp-httplib) runs in a forked child on the same two cores, so its memory is not
// counted but its CPU competes with missionwatch's. It behaves like a CDN serving cached,
// pre-compressed pages: before it accepts a connection it builds every feed and page once and
// compresses each with brotli (quality 5), then answers each request by copying those bytes,
// with Content-Encoding: br when the request accepts br (missionwatch's libcurl does) and the
// identity body otherwise. The one document that changes during the run (feed 0 gaining an entry
// in the latency part) and the new entry's page are built and compressed per request, at the
// same quality. Connections are kept alive for up to 1,000 requests and the listen backlog is
// 511, as nginx's defaults. Earlier versions kept cpp-httplib 0.11's own behaviour: it
// compressed every response on the fly at brotli's default quality 11 (about 3.4 ms of CPU per
// 5 KB page), closed each connection after 5 requests and listened with a backlog of 5, so the
// reconnections overflowed the accept queue and stalled for 1 s SYN retransmissions; between
// them they, not missionwatch, set the wall time.
#include <brotli/encode.h>
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "classifiers/mission_classifier.h"
#include "common/clock.h"
#include "daemon/command_env.h"
#include "daemon/config.h"
#include "daemon/entry_processor.h"
#include "daemon/poller.h"
#include "daemon/stage_options.h"
#include "daemon/store/feed_repository.h"
#include "daemon/store/store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* const kCountries[][2] = {{"Spain", "Madrid"},         {"Angola", "Luanda"},
                                     {"Uganda", "Kampala"},       {"Nepal", "Kathmandu"},
                                     {"Bangladesh", "Dhaka"},     {"Senegal", "Dakar"},
                                     {"Guinea", "Conakry"},       {"Peru", "Lima"},
                                     {"Mexico", "Mexico City"},   {"Nigeria", "Abuja"},
                                     {"Ethiopia", "Addis Ababa"}, {"Mongolia", "Ulaanbaatar"},
                                     {"Brazil", "Brasilia"},      {"Egypt", "Cairo"},
                                     {"Iran", "Tehran"},          {"Laos", "Vientiane"},
                                     {"Pakistan", "Islamabad"},   {"Syria", "Damascus"},
                                     {"Cuba", "Havana"},          {"Vietnam", "Hanoi"}};
constexpr int kCountryCount = sizeof(kCountries) / sizeof(kCountries[0]);

const char* const kFiller[] = {
    "Analysts in Seoul said the move reflected a long-running shortage of foreign currency.",
    "The country has been under United Nations sanctions over its weapons programmes since 2006.",
    "Officials did not give further details, and the foreign ministry declined to comment.",
    "Trade with China, its largest partner, has recovered slowly since the border reopened.",
    "Diplomats said the decision had been discussed for months before it was made public.",
    "State media carried a short statement on the matter late on Tuesday evening.",
    "Observers expect further changes as the government reviews its spending abroad.",
    "The report could not be independently verified by reporters in the region.",
};

std::string page(int feed, int entry, bool relevant, int salt) {
  const int c = (feed * 31 + entry + salt) % kCountryCount;
  std::string title, lead;
  if (relevant) {
    title = std::string("North Korea closes its embassy in ") + kCountries[c][0];
    lead = std::string("North Korea has closed its embassy in ") + kCountries[c][1] +
           ", the foreign ministry of " + kCountries[c][0] + " said on Thursday, as Pyongyang " +
           "continues to cut back its diplomatic presence abroad.";
  } else {
    title = "North Korea tests new missile engine, state media say (" + std::to_string(entry) + ")";
    lead =
        "North Korea said it had tested a solid-fuel engine for a new missile, its state media "
        "reported, in the latest of a series of weapons tests this year near " +
        std::string(kCountries[c][1]) + " time zone markets.";
  }
  std::string h = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
                  " | Loopback Wire</title><meta property=\"article:published_time\" "
                  "content=\"2026-11-20T08:00:00Z\"></head><body><header><nav><a href=\"/\">Home"
                  "</a> <a href=\"/world\">World</a> <a href=\"/asia\">Asia</a> <a href=\"/biz\">"
                  "Business</a></nav></header><main><article><h1>" +
                  title + "</h1><p>" + lead + "</p>";
  for (int p = 0; p < 24; ++p) {
    h += "<p>";
    h += kFiller[(entry + p) % 8];
    h += " Paragraph " + std::to_string(p) + " of story " + std::to_string(feed) + "-" +
         std::to_string(entry) + ".</p>";
  }
  h += "</article><aside><h2>Most read</h2><ul><li><a href=\"/x\">Markets rally</a></li><li>"
       "<a href=\"/y\">Weather</a></li></ul></aside></main><footer>© Loopback Wire. All rights "
       "reserved. <a href=\"/privacy\">Privacy</a></footer></body></html>";
  return h;
}

std::string feed_xml(int feed, int entries, int extra, double relevant, int port) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
      "<title>Wire " +
      std::to_string(feed) + "</title><link>http://127.0.0.1/</link>";
  const int every = relevant > 0 ? static_cast<int>(1.0 / relevant + 0.5) : 0;
  for (int e = 0; e < entries + (feed == 0 ? extra : 0); ++e) {
    const bool rel = e >= entries || (every > 0 && e % every == 0);
    const std::string id = std::to_string(feed) + "/" + std::to_string(e);
    s += "<item><title>North Korea news " + id +
         "</title><link>http://127.0.0.1:" + std::to_string(port) + "/a/" + id +
         (rel ? "/r" : "/n") + ".html</link><guid>" + id +
         "</guid><description>A report on North Korea.</description></item>";
  }
  return s + "</channel></rss>";
}

// One response body as the server stores it: the identity bytes and their brotli encoding.
struct Encoded {
  std::string identity;
  std::string br;
};

constexpr int kBrotliQuality = 5;  // 0.02 ms per page here; quality 11 takes 3.4 ms

std::shared_ptr<const Encoded> encode(std::string body) {
  auto e = std::make_shared<Encoded>();
  std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
  e->br.resize(size);
  if (!BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                             reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                             reinterpret_cast<std::uint8_t*>(e->br.data()))) {
    std::_Exit(1);
  }
  e->br.resize(size);
  e->identity = std::move(body);
  return e;
}

// Sends stored bytes as they are. cpp-httplib compresses res.body (and chunked providers) on the
// fly; a content provider of known length is sent untouched, with the encoding we set.
void send(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const Encoded> body,
          const char* content_type) {
  const bool br = req.get_header_value("Accept-Encoding").find("br") != std::string::npos;
  res.set_header("Vary", "Accept-Encoding");
  if (br) res.set_header("Content-Encoding", "br");
  const std::string* bytes = br ? &body->br : &body->identity;
  res.set_content_provider(bytes->size(), content_type,
                           [body = std::move(body), bytes](std::size_t offset, std::size_t length,
                                                           httplib::DataSink& sink) {
                             return sink.write(bytes->data() + offset, length);
                           });
}

[[noreturn]] void serve(int fd, int feeds, int per_feed, double relevant) {
  httplib::Server server;
  // More server threads than client connections (per_host = 16): cpp-httplib holds a thread
  // per kept-alive connection, and a starved pool would measure the server, not missionwatch.
  server.new_task_queue = [] { return new httplib::ThreadPool(48); };
  server.set_tcp_nodelay(true);
  // Connection handling as a production server's (nginx: keepalive_requests 1000, listen
  // backlog 511), not cpp-httplib 0.11's defaults: it closes a connection after 5 requests and
  // listens with a backlog of 5, so the client's reconnections overflowed the accept queue and
  // each dropped SYN cost a 1 s retransmission.
  server.set_keep_alive_max_count(1000);
  int listen_fd = -1;
  server.set_socket_options([&listen_fd](int fd) {
    httplib::default_socket_options(fd);
    listen_fd = fd;
  });
  auto extra = std::make_shared<std::atomic<int>>(0);
  int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0 || listen_fd < 0 || ::listen(listen_fd, 511) != 0) std::_Exit(1);

  // The cache: every feed and page, built and compressed once, before the first request.
  const int every = relevant > 0 ? static_cast<int>(1.0 / relevant + 0.5) : 0;
  auto feed_cache = std::make_shared<std::vector<std::shared_ptr<const Encoded>>>();
  auto page_cache = std::make_shared<std::vector<std::shared_ptr<const Encoded>>>();
  for (int f = 0; f < feeds; ++f) {
    feed_cache->push_back(encode(feed_xml(f, per_feed, 0, relevant, port)));
    for (int e = 0; e < per_feed; ++e) {
      page_cache->push_back(encode(page(f, e, every > 0 && e % every == 0, 0)));
    }
  }

  server.Get(R"(/feed/(\d+))", [=](const httplib::Request& req, httplib::Response& res) {
    const int f = std::stoi(req.matches[1]);
    auto body = f < feeds && !(f == 0 && *extra > 0)
                    ? (*feed_cache)[static_cast<std::size_t>(f)]
                    : encode(feed_xml(f, per_feed, *extra, relevant, port));
    send(req, res, std::move(body), "application/rss+xml");
  });
  server.Get(R"(/a/(\d+)/(\d+)/([rn])\.html)",
             [=](const httplib::Request& req, httplib::Response& res) {
               const int f = std::stoi(req.matches[1]), e = std::stoi(req.matches[2]);
               const bool rel = req.matches[3] == "r";
               auto body = f < feeds && e < per_feed && rel == (every > 0 && e % every == 0)
                               ? (*page_cache)[static_cast<std::size_t>(f * per_feed + e)]
                               : encode(page(f, e, rel, 0));
               send(req, res, std::move(body), "text/html; charset=utf-8");
             });
  server.Get("/control/add", [=](const httplib::Request&, httplib::Response& res) {
    ++*extra;
    res.set_content("ok", "text/plain");
  });
  if (::write(fd, &port, sizeof port) != sizeof port) std::_Exit(1);
  server.listen_after_bind();
  std::_Exit(0);
}

long peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// CPU time of this process only (the server is a separate process).
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  int articles = 10000, per_feed = 100, latency_runs = 15;
  double relevant = 0.1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--articles")
      articles = std::stoi(argv[i + 1]);
    else if (a == "--per-feed")
      per_feed = std::stoi(argv[i + 1]);
    else if (a == "--relevant")
      relevant = std::stod(argv[i + 1]);
    else if (a == "--latency-runs")
      latency_runs = std::stoi(argv[i + 1]);
  }
  const int feeds = std::max(1, articles / per_feed);

  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return 1;
  pid_t child = ::fork();
  if (child == 0) serve(pipe_fds[1], feeds, per_feed, relevant);
  int port = 0;
  if (::read(pipe_fds[0], &port, sizeof port) != sizeof port) return 1;

  const fs::path dir =
      fs::temp_directory_path() / ("mw-pipeline-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string toml = "[service]\ndatabase = \"" + (dir / "mw.db").string() +
                     "\"\nallow_private_networks = true\nconcurrency = 16\nper_host = 16\n"
                     "[http]\nmin_host_delay = \"0s\"\n";
  for (int f = 0; f < feeds; ++f) {
    toml += "[[feeds]]\nurl = \"http://127.0.0.1:" + std::to_string(port) + "/feed/" +
            std::to_string(f) + "\"\nname = \"Wire " + std::to_string(f) + "\"\n";
  }
  auto config = mw::parse_config(toml, "bench.toml");
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().message.c_str());
    return 1;
  }
  auto store = mw::store::Store::open(config->service.database);
  auto http = mw::make_http_client(mw::http_client_options(*config));
  auto classifier = mw::MissionClassifier::create();
  if (!store || !http || !classifier) return 1;
  mw::SystemClock clock;
  if (!mw::sync_config_feeds(**store, *config, clock.now())) return 1;
  mw::Poller poller(**store, **http, mw::poller_options(*config), [] { return 0.5; });

  // 1. Throughput: one poll stores every entry, the pipeline drains them.
  const double cpu0 = cpu_seconds();
  const auto t0 = Clock::now();
  auto polled = poller.poll_due(clock);
  const double poll_s = seconds_since(t0);
  const auto t1 = Clock::now();
  mw::EntryCycleSummary total;
  for (;;) {
    auto cycle = mw::run_pipeline_cycle(**store, **http, *config, *classifier, clock);
    if (!cycle) {
      std::fprintf(stderr, "pipeline: %s\n", cycle.error().message.c_str());
      return 1;
    }
    if (cycle->entries == 0) break;
    total.entries += cycle->entries;
    total.fetched += cycle->fetched;
    total.stored += cycle->stored;
    total.events_created += cycle->events_created;
    total.alerts += cycle->alerts;
  }
  const double pipeline_s = seconds_since(t1);
  const double all_s = seconds_since(t0);
  const double all_cpu = cpu_seconds() - cpu0;
  if (total.fetched != total.entries) {  // e.g. a page the client could not decode
    std::fprintf(stderr, "only %d of %d pages were fetched and extracted\n", total.fetched,
                 total.entries);
    return 1;
  }

  // 2. Latency: a new relevant entry appears in feed 0; time from the poll that sees it to the
  // commit of its alert row (or, once its event exists, of its article and changes).
  std::vector<double> latencies;
  httplib::Client control("127.0.0.1", port);
  auto feed0 =
      mw::store::find_feed_by_url(**store, "http://127.0.0.1:" + std::to_string(port) + "/feed/0");
  for (int run = 0; run < latency_runs && feed0 && *feed0; ++run) {
    control.Get("/control/add");
    const auto start = Clock::now();
    if (!poller.poll({**feed0}, clock)) return 1;
    auto cycle = mw::run_pipeline_cycle(**store, **http, *config, *classifier, clock);
    if (!cycle || cycle->stored != 1) {
      std::fprintf(stderr, "latency run %d: the new entry was not stored\n", run);
      return 1;
    }
    latencies.push_back(seconds_since(start) * 1000);
  }
  std::sort(latencies.begin(), latencies.end());

  ::kill(child, SIGTERM);
  ::waitpid(child, nullptr, 0);
  fs::remove_all(dir);

  // Wall time includes the loopback server, which runs on the same two cores (it copies
  // pre-compressed bodies); the CPU column is missionwatch's own.
  std::printf(
      "| articles | feeds | relevant stored | events | poll s | pipeline s | end-to-end "
      "articles/s (wall) | missionwatch CPU ms/article | articles per CPU-s | peak RSS "
      "MiB | poll→alert median ms | max ms |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::printf("| %d | %d | %d | %d | %.2f | %.2f | %.0f | %.2f | %.0f | %ld | %.1f | %.1f |\n",
              total.entries, polled ? polled->due : 0, total.stored, total.events_created, poll_s,
              pipeline_s, total.entries / all_s, all_cpu * 1000 / std::max(1, total.entries),
              total.entries / all_cpu, peak_rss_mib(),
              latencies.empty() ? 0.0 : latencies[latencies.size() / 2],
              latencies.empty() ? 0.0 : latencies.back());
  return 0;
}
