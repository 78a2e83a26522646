#include "daemon/article_prefetch.h"

#include <algorithm>
#include <utility>

#include "daemon/logging.h"

namespace mw {

namespace {

constexpr const char* kArticleAccept =
    "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1";

// The page of one response, or a problem saying why the feed's text must stand in.
void extract_page(const HttpResponse& r, const ExtractOptions& options, PrefetchedEntry& out) {
  if (!r.ok()) {
    out.page_problem = r.error_message;
    return;
  }
  if (r.status != 200) {
    out.page_problem = "HTTP " + std::to_string(r.status);
    return;
  }
  out.page_url = r.final_url.empty() ? r.url : r.final_url;
  auto content_type = r.header("content-type");
  auto article = extract_article(r.body, options, out.page_url,
                                 content_type ? *content_type : std::string_view{});
  if (!article) {
    out.page_problem = article.error().message;
  } else if (article->text.empty()) {
    out.page_problem = "no main text: " + article->no_text_reason;
  } else {
    out.page = std::move(*article);
  }
}

}  // namespace

ArticlePrefetch::ArticlePrefetch(HttpClient& http, ArticlePrefetchOptions options,
                                 std::stop_token stop)
    : http_(http), options_(std::move(options)) {
  thread_ = std::jthread([this](std::stop_token own) { run(own); });
  forward_stop_.emplace(std::move(stop), [this] { thread_.request_stop(); });
}

ArticlePrefetch::~ArticlePrefetch() {
  forward_stop_.reset();
  thread_.request_stop();  // wakes the thread and cancels its transfers; ~jthread joins
}

bool ArticlePrefetch::has_room() const {
  std::lock_guard lock(mutex_);
  return outstanding_ < std::max<std::size_t>(options_.capacity, 1);
}

void ArticlePrefetch::submit(std::vector<PrefetchJob> batch) {
  if (batch.empty()) return;
  {
    std::lock_guard lock(mutex_);
    to_fetch_.push_back(std::move(batch));
    ++outstanding_;
  }
  changed_.notify_all();
}

std::optional<std::vector<PrefetchedEntry>> ArticlePrefetch::next() {
  const std::stop_token stop = thread_.get_stop_token();
  std::unique_lock lock(mutex_);
  if (outstanding_ == 0) return std::nullopt;
  changed_.wait(lock, stop, [&] { return !ready_.empty(); });
  // After a stop, even a batch that is ready is dropped: it may be cut short.
  if (stop.stop_requested()) return std::nullopt;
  auto batch = std::move(ready_.front());
  ready_.pop_front();
  --outstanding_;
  return batch;
}

void ArticlePrefetch::run(std::stop_token stop) {
  for (;;) {
    std::vector<PrefetchJob> jobs;
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait(lock, stop, [&] { return !to_fetch_.empty(); })) return;
      jobs = std::move(to_fetch_.front());
      to_fetch_.pop_front();
    }
    auto prepared = prepare(std::move(jobs), stop);
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(prepared));
    }
    changed_.notify_all();
  }
}

std::vector<PrefetchedEntry> ArticlePrefetch::prepare(std::vector<PrefetchJob>&& jobs,
                                                      std::stop_token stop) {
  std::vector<HttpRequest> requests;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto& entry = jobs[i].entry;
    if (jobs[i].fetch_page && entry.url && !entry.url->empty()) {
      requests.push_back(HttpRequest{.url = *entry.url,
                                     .accept = kArticleAccept,
                                     .max_body = options_.max_article_bytes,
                                     .tag = i});
    }
  }
  std::vector<std::optional<HttpResponse>> responses(jobs.size());
  if (!requests.empty()) {
    http_.fetch_all(
        std::move(requests), [&](HttpResponse&& r) { responses[r.tag] = std::move(r); }, stop);
  }

  std::vector<PrefetchedEntry> out;
  out.reserve(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    PrefetchedEntry& item = out.emplace_back(
        PrefetchedEntry{.entry = std::move(jobs[i].entry), .outlet = std::move(jobs[i].outlet)});
    if (!responses[i]) continue;  // nothing to fetch: the feed's text stands in
    if (responses[i]->error == FetchError::kCancelled || stop.stop_requested()) {
      item.cancelled = true;
      continue;
    }
    ScopedLogContext log_context({.feed = item.outlet, .url = item.entry.url.value_or("")});
    extract_page(*responses[i], options_.extract, item);
    responses[i].reset();  // the body is no longer needed
  }
  return out;
}

}  // namespace mw
