// The libcurl multi implementation of HttpClient: one event loop, per-host queues, politeness.
//
// Scheduling: every request waits in its host's FIFO. A host is "ready" when it has waiting
// requests, fewer than max_per_host running and its min_host_delay has passed; ready hosts are
// served round-robin so one big host cannot starve the others. Hosts that only wait for their
// delay sit in a min-heap keyed by the time they become ready. Each pass of the loop starts what
// it can, lets libcurl work (curl_multi_perform), finishes completed hops (following redirects by
// re-queueing under the new host) and sleeps in curl_multi_poll until a socket is ready, a host
// delay expires or the stop token wakes it.
#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <queue>
#include <unordered_map>
#include <unordered_set>

#include "feeds/http_curl_client.h"
#include "feeds/http_curl_transfer.h"

namespace mw {
namespace {

using http_internal::SteadyTime;
using http_internal::Transfer;
using http_internal::TransferSettings;
using Clock = std::chrono::steady_clock;

struct HostState {
  std::deque<std::unique_ptr<Transfer>> waiting;
  int running = 0;
  SteadyTime next_start{};
  bool in_ready = false;    // listed in Run::ready
  bool in_delayed = false;  // listed in Run::delayed
};

struct DelayedHost {
  SteadyTime when;
  std::string host;
  bool operator>(const DelayedHost& o) const { return when > o.when; }
};

bool proxy_from_environment() {
  for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return true;
  }
  return false;
}

class CurlHttpClient final : public HttpClient {
 public:
  CurlHttpClient(TransferSettings settings, CURLM* multi)
      : settings_(std::move(settings)), multi_(multi) {}

  ~CurlHttpClient() override {
    for (CURL* e : pool_) curl_easy_cleanup(e);
    curl_multi_cleanup(multi_);
  }

  void fetch_all(std::vector<HttpRequest> requests, const Callback& on_done,
                 std::stop_token stop) override;

 private:
  // State of one fetch_all call.
  struct Run {
    std::unordered_map<std::string, HostState> hosts;
    std::deque<std::string> ready;
    std::priority_queue<DelayedHost, std::vector<DelayedHost>, std::greater<>> delayed;
    std::size_t unfinished = 0;  // requests not yet reported
    int running = 0;
    std::unordered_set<CURL*> active;  // easy handles added to the multi
    const Callback* on_done = nullptr;
  };

  void enqueue(Run& run, std::unique_ptr<Transfer> t, bool front);
  void consider(Run& run, const std::string& host, SteadyTime now);
  void start_ready(Run& run, SteadyTime now);
  void start(Run& run, HostState& host, std::unique_ptr<Transfer> t, SteadyTime now);
  void finish(Run& run, CURL* easy, CURLcode code);
  void report(Run& run, std::unique_ptr<Transfer> t);
  void drop_all(Run& run, bool callback);
  CURL* take_handle();
  void recycle(CURL* e);
  int poll_timeout_ms(const Run& run, SteadyTime now) const;

  TransferSettings settings_;
  CURLM* multi_;
  std::vector<CURL*> pool_;  // idle easy handles (reset), at most max_concurrent
};

void CurlHttpClient::enqueue(Run& run, std::unique_ptr<Transfer> t, bool front) {
  const std::string key = t->host_key;
  HostState& h = run.hosts[key];
  if (front)
    h.waiting.push_front(std::move(t));
  else
    h.waiting.push_back(std::move(t));
}

// Puts a host into `ready` or `delayed` if it can start something now or later.
void CurlHttpClient::consider(Run& run, const std::string& key, SteadyTime now) {
  auto it = run.hosts.find(key);
  if (it == run.hosts.end()) return;
  HostState& h = it->second;
  if (h.waiting.empty() || h.in_ready || h.in_delayed) return;
  if (h.running >= settings_.options.max_per_host) return;  // finish() reconsiders it
  if (h.next_start <= now) {
    h.in_ready = true;
    run.ready.push_back(key);
  } else {
    h.in_delayed = true;
    run.delayed.push(DelayedHost{h.next_start, key});
  }
}

void CurlHttpClient::start_ready(Run& run, SteadyTime now) {
  while (!run.delayed.empty() && run.delayed.top().when <= now) {
    const std::string key = run.delayed.top().host;
    run.delayed.pop();
    run.hosts[key].in_delayed = false;
    consider(run, key, now);
  }
  while (run.running < settings_.options.max_concurrent && !run.ready.empty()) {
    const std::string key = std::move(run.ready.front());
    run.ready.pop_front();
    HostState& h = run.hosts[key];
    h.in_ready = false;
    if (!h.waiting.empty() && h.running < settings_.options.max_per_host && h.next_start <= now) {
      auto t = std::move(h.waiting.front());
      h.waiting.pop_front();
      start(run, h, std::move(t), now);
    }
    consider(run, key, now);  // back of the round-robin, or into `delayed`
    if (h.waiting.empty() && h.running == 0) run.hosts.erase(key);
  }
}

void CurlHttpClient::start(Run& run, HostState& h, std::unique_ptr<Transfer> t, SteadyTime now) {
  if (!t->first_start) {
    t->first_start = now;
    t->response.timings.queued =
        std::chrono::duration_cast<std::chrono::microseconds>(now - t->submitted);
  }
  CURL* e = take_handle();
  if (e == nullptr) {
    http_internal::set_error(*t, FetchError::kOther, "libcurl could not create a handle");
    report(run, std::move(t));
    return;
  }
  if (!http_internal::begin_hop(*t, e) || curl_multi_add_handle(multi_, e) != CURLM_OK) {
    if (t->response.error == FetchError::kNone) {
      http_internal::set_error(*t, FetchError::kOther, "libcurl refused the transfer");
    }
    curl_slist_free_all(t->header_list);
    t->header_list = nullptr;
    recycle(e);
    report(run, std::move(t));
    return;
  }
  h.running++;
  h.next_start = now + settings_.options.min_host_delay;
  run.running++;
  run.active.insert(e);
  t.release();  // owned through CURLOPT_PRIVATE until finish()
}

void CurlHttpClient::finish(Run& run, CURL* easy, CURLcode code) {
  void* priv = nullptr;
  curl_easy_getinfo(easy, CURLINFO_PRIVATE, &priv);
  std::unique_ptr<Transfer> t(static_cast<Transfer*>(priv));
  curl_multi_remove_handle(multi_, easy);
  run.active.erase(easy);
  http_internal::end_hop(*t, code);
  recycle(easy);
  run.running--;
  const SteadyTime now = Clock::now();
  const std::string old_key = t->host_key;
  run.hosts[old_key].running--;

  const std::string next = code == CURLE_OK ? http_internal::redirect_target(*t) : "";
  if (!next.empty()) {
    const int max = settings_.options.max_redirects;
    auto parts = http_internal::split_url(next);
    t->response.redirects.push_back(RedirectHop{t->request.url, t->response.status});
    t->visited.push_back(t->request.url);
    const bool loop = std::find(t->visited.begin(), t->visited.end(), next) != t->visited.end();
    if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
      http_internal::set_error(*t, FetchError::kInvalidUrl,
                               "redirect to '" + next +
                                   "' refused: only http and https are "
                                   "followed");
    } else if (loop) {
      std::string chain;
      for (const auto& u : t->visited) chain += u + " -> ";
      http_internal::set_error(*t, FetchError::kRedirectLoop, "redirect loop: " + chain + next);
    } else if (static_cast<int>(t->response.redirects.size()) > max) {
      http_internal::set_error(
          *t, FetchError::kTooManyRedirects,
          "more than " + std::to_string(max) + " redirects (next: " + next + ")");
    } else {
      t->request.url = next;
      t->host_key = parts->host_key;
      const std::string key = t->host_key;
      enqueue(run, std::move(t), /*front=*/true);
      consider(run, key, now);
      consider(run, old_key, now);
      return;
    }
    t->response.status = 0;  // the error replaces the redirect response
    t->response.headers.clear();
    t->response.body.clear();
  }
  report(run, std::move(t));
  consider(run, old_key, now);
  auto it = run.hosts.find(old_key);
  if (it != run.hosts.end() && it->second.waiting.empty() && it->second.running == 0 &&
      !it->second.in_ready && !it->second.in_delayed) {
    run.hosts.erase(it);
  }
}

void CurlHttpClient::report(Run& run, std::unique_ptr<Transfer> t) {
  if (t->first_start) {
    t->response.timings.total =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - *t->first_start);
  }
  run.unfinished--;
  HttpResponse r = std::move(t->response);
  t.reset();  // free the transfer before the callback, so memory stays flat across a batch
  (*run.on_done)(std::move(r));
}

// Reports every unfinished request as cancelled (callback = true) or just frees them (false,
// used when a callback threw and the loop unwinds).
void CurlHttpClient::drop_all(Run& run, bool callback) {
  for (CURL* e : std::vector<CURL*>(run.active.begin(), run.active.end())) {
    void* priv = nullptr;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
    std::unique_ptr<Transfer> t(static_cast<Transfer*>(priv));
    curl_multi_remove_handle(multi_, e);
    run.active.erase(e);
    curl_slist_free_all(t->header_list);
    t->header_list = nullptr;
    recycle(e);
    run.running--;
    if (callback) {
      http_internal::set_error(*t, FetchError::kCancelled, "cancelled (shutting down)");
      report(run, std::move(t));
    }
  }
  for (auto& [key, h] : run.hosts) {
    (void)key;
    while (!h.waiting.empty()) {
      auto t = std::move(h.waiting.front());
      h.waiting.pop_front();
      if (callback) {
        http_internal::set_error(*t, FetchError::kCancelled, "cancelled before it started");
        report(run, std::move(t));
      }
    }
  }
  run.hosts.clear();
  run.ready.clear();
  run.delayed = {};
}

void CurlHttpClient::fetch_all(std::vector<HttpRequest> requests, const Callback& on_done,
                               std::stop_token stop) {
  Run run;
  run.on_done = &on_done;
  const SteadyTime submitted = Clock::now();
  // If a callback throws, free every transfer (no more callbacks) and let the exception through.
  struct Guard {
    CurlHttpClient* self;
    Run* run;
    ~Guard() { self->drop_all(*run, false); }
  } guard{this, &run};

  run.unfinished = requests.size();
  for (auto& req : requests) {
    auto t = std::make_unique<Transfer>();
    t->settings = &settings_;
    t->submitted = submitted;
    t->cap = req.max_body > 0 ? req.max_body : settings_.options.max_body;
    t->response.tag = req.tag;
    t->response.url = req.url;
    t->request = std::move(req);
    auto parts = http_internal::split_url(t->request.url);
    if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
      http_internal::set_error(*t, FetchError::kInvalidUrl,
                               "not an http(s) URL; only http:// and https:// feeds are fetched");
      report(run, std::move(t));
      continue;
    }
    // Literal private addresses are refused before any connection; names are checked on the
    // socket (on_open_socket), and through a proxy this is the only check possible.
    if (!settings_.options.allow_private_networks) {
      auto cls = classify_ip(parts->host);
      if ((cls && !is_public(*cls)) || (settings_.proxy_in_use && parts->host == "localhost")) {
        t->refused_address = parts->host;
        http_internal::set_error(
            *t, FetchError::kSsrfRefused,
            "refused to connect to " + parts->host + " (" +
                std::string(to_string(cls.value_or(AddressClass::kLoopback))) +
                " address); set http.allow_private_networks = true to allow private networks");
        report(run, std::move(t));
        continue;
      }
    }
    t->host_key = parts->host_key;
    enqueue(run, std::move(t), /*front=*/false);
  }
  requests.clear();
  requests.shrink_to_fit();
  {
    const SteadyTime now = Clock::now();
    std::vector<std::string> keys;
    keys.reserve(run.hosts.size());
    for (const auto& [key, h] : run.hosts) keys.push_back(key);
    for (const auto& key : keys) consider(run, key, now);
  }

  std::stop_callback wake(stop, [this] { curl_multi_wakeup(multi_); });
  while (run.unfinished > 0) {
    if (stop.stop_requested()) {
      drop_all(run, true);
      break;
    }
    start_ready(run, Clock::now());
    int still_running = 0;
    curl_multi_perform(multi_, &still_running);
    CURLMsg* msg = nullptr;
    int left = 0;
    while ((msg = curl_multi_info_read(multi_, &left)) != nullptr) {
      if (msg->msg == CURLMSG_DONE) finish(run, msg->easy_handle, msg->data.result);
    }
    if (run.unfinished == 0) break;
    start_ready(run, Clock::now());
    curl_multi_poll(multi_, nullptr, 0, poll_timeout_ms(run, Clock::now()), nullptr);
  }
}

CURL* CurlHttpClient::take_handle() {
  if (!pool_.empty()) {
    CURL* e = pool_.back();
    pool_.pop_back();
    return e;
  }
  return curl_easy_init();
}

void CurlHttpClient::recycle(CURL* e) {
  curl_easy_reset(e);
  if (pool_.size() < static_cast<std::size_t>(settings_.options.max_concurrent)) {
    pool_.push_back(e);
  } else {
    curl_easy_cleanup(e);
  }
}

int CurlHttpClient::poll_timeout_ms(const Run& run, SteadyTime now) const {
  int timeout = 1000;
  if (!run.delayed.empty()) {
    const auto until = std::chrono::ceil<std::chrono::milliseconds>(run.delayed.top().when - now);
    timeout = static_cast<int>(std::clamp<long long>(until.count(), 0, timeout));
  }
  return timeout;
}

}  // namespace

Result<std::unique_ptr<HttpClient>> create_curl_http_client(const HttpClientOptions& options,
                                                            std::string user_agent) {
  static std::once_flag once;
  static CURLcode init = CURLE_OK;
  std::call_once(once, [] { init = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (init != CURLE_OK) {
    return fail(ErrorCode::kInternal,
                std::string("http: libcurl failed to initialise: ") + curl_easy_strerror(init));
  }
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return fail(ErrorCode::kInternal, "http: curl_multi_init failed");
  // Keep enough idle connections for the next cycle to reuse them.
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_concurrent * 4));
  TransferSettings settings{
      options, std::move(user_agent),
      (!options.proxy.empty() || proxy_from_environment()) && options.no_proxy != "*"};
  return std::unique_ptr<HttpClient>(new CurlHttpClient(std::move(settings), multi));
}

}  // namespace mw
