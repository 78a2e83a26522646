#include "daemon/poller.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "daemon/store/entry_repository.h"
#include "feeds/feed_parser.h"
#include "feeds/http_poll_outcome.h"

namespace mw {

namespace {

FeedPollState policy_state(const store::FeedRecord& feed) {
  FeedPollState s;
  s.interval = Seconds(feed.spec.interval_s);
  s.failure_count = feed.state.failure_count;
  s.redirect_candidate = feed.state.redirect_url.value_or("");
  s.redirect_streak = feed.state.redirect_count;
  return s;
}

std::optional<TimePoint> to_time(const std::optional<std::int64_t>& epoch_seconds) {
  if (!epoch_seconds) return std::nullopt;
  return TimePoint(Seconds(*epoch_seconds));
}

// The summary the pipeline's pre-filter reads: the feed's plain text, bounded.
std::string entry_summary(const Entry& e) {
  constexpr std::size_t kMax = 16 * 1024;
  const std::string& text = e.text.empty() ? e.summary : e.text;
  return text.size() <= kMax ? text : text.substr(0, kMax);
}

}  // namespace

std::string_view to_string(FeedOutcome outcome) {
  switch (outcome) {
    case FeedOutcome::kUpdated: return "updated";
    case FeedOutcome::kUnchanged: return "unchanged";
    case FeedOutcome::kFailed: return "failed";
    case FeedOutcome::kGone: return "gone";
  }
  return "failed";
}

std::optional<double> entries_per_day(const Feed& feed, TimePoint now) {
  constexpr int kWindowDays = 7;
  const auto since = now - std::chrono::hours(24 * kWindowDays);
  int dated = 0;
  int recent = 0;
  for (const Entry& e : feed.entries) {
    auto t = to_time(e.published ? e.published : e.updated);
    if (!t) continue;
    ++dated;
    if (*t >= since && *t <= now + std::chrono::hours(24)) ++recent;
  }
  // Too few dates say nothing about the rate; a feed of undated entries keeps its interval.
  if (dated < 3) return std::nullopt;
  return static_cast<double>(recent) / kWindowDays;
}

std::optional<Seconds> feed_ttl(const Feed& feed) {
  const std::string& s = feed.ttl;
  long minutes = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), minutes);
  // RSS <ttl> is in minutes; anything above a week is a typo or a joke.
  if (ec != std::errc() || minutes <= 0 || minutes > 7 * 24 * 60) return std::nullopt;
  return Seconds(minutes * 60);
}

Poller::Poller(store::Store& store, HttpClient& http, PollerOptions options,
               std::function<double()> random01)
    : store_(store), http_(http), options_(std::move(options)), random01_(std::move(random01)) {}

Result<PollCycleSummary> Poller::poll_due(const Clock& clock, const Progress& progress,
                                          std::stop_token stop) {
  auto due = store::due_feeds(store_, clock.now(), options_.max_feeds_per_cycle);
  if (!due) return tl::unexpected(due.error());
  return poll(std::move(*due), clock, progress, stop);
}

Result<PollCycleSummary> Poller::poll(std::vector<store::FeedRecord> feeds, const Clock& clock,
                                      const Progress& progress, std::stop_token stop) {
  const auto started = std::chrono::steady_clock::now();
  PollCycleSummary summary;
  summary.due = static_cast<int>(feeds.size());

  std::vector<HttpRequest> requests;
  requests.reserve(feeds.size());
  for (std::size_t i = 0; i < feeds.size(); ++i) {
    HttpRequest r;
    r.url = feeds[i].spec.url;
    r.etag = feeds[i].state.etag.value_or("");
    r.last_modified = feeds[i].state.last_modified.value_or("");
    r.max_body = options_.max_feed_bytes;
    r.tag = i;
    requests.push_back(std::move(r));
  }

  int done = 0;
  http_.fetch_all(
      std::move(requests),
      [&](HttpResponse&& response) {
        const store::FeedRecord& feed = feeds.at(response.tag);
        FeedPollReport report = handle(feed, std::move(response), clock.now());
        switch (report.outcome) {
          case FeedOutcome::kUpdated: ++summary.updated; break;
          case FeedOutcome::kUnchanged: ++summary.unchanged; break;
          case FeedOutcome::kFailed:
          case FeedOutcome::kGone: ++summary.failed; break;
        }
        summary.new_entries += report.new_entries;
        summary.feeds.push_back(std::move(report));
        ++done;
        if (progress) progress(done, summary.due, summary.new_entries, summary.failed);
      },
      stop);

  summary.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  return summary;
}

FeedPollReport Poller::handle(const store::FeedRecord& feed, HttpResponse&& response,
                              TimePoint now) {
  FeedPollReport report;
  report.feed_id = feed.id;
  report.name = feed.spec.name.empty() ? feed.spec.url : feed.spec.name;
  report.url = feed.spec.url;
  report.http_status = response.status;

  PollOutcome outcome = to_poll_outcome(response, now);
  store::FeedState state = feed.state;
  state.last_polled_at = now;
  state.last_status = response.status;

  std::vector<store::NewEntry> entries;
  if (!response.ok()) {
    report.outcome = FeedOutcome::kFailed;
    report.error = response.error_message;
  } else if (response.not_modified()) {
    report.outcome = FeedOutcome::kUnchanged;
  } else if (response.status < 200 || response.status >= 300) {
    report.outcome = response.status == 410 ? FeedOutcome::kGone : FeedOutcome::kFailed;
    report.error = fmt::format("HTTP {} from {}", response.status, response.final_url);
  } else {
    FeedParseOptions popt;
    popt.url = response.final_url.empty() ? feed.spec.url : response.final_url;
    if (auto ct = response.header("content-type")) popt.content_type = std::string(*ct);
    if (auto cl = response.header("content-location")) popt.content_location = std::string(*cl);
    if (auto lang = response.header("content-language")) {
      popt.content_language = std::string(*lang);
    }
    Feed parsed = parse_feed(response.body, popt);
    report.entries = static_cast<int>(parsed.entries.size());
    report.bozo = parsed.bozo;
    if (parsed.version.empty() && parsed.entries.empty()) {
      // Not a feed at all (an HTML page, an error page served with 200, an empty body).
      report.outcome = FeedOutcome::kFailed;
      outcome.kind = PollOutcome::Kind::kHttpError;
      report.error = fmt::format("{}: not a feed: {}", popt.url,
                                 parsed.bozo_exception.empty() ? "no RSS, Atom or JSON Feed found"
                                                               : parsed.bozo_exception);
    } else {
      report.outcome = FeedOutcome::kUpdated;
      if (parsed.bozo) report.error = parsed.bozo_exception;
      outcome.ttl = feed_ttl(parsed);
      outcome.entries_per_day = entries_per_day(parsed, now);
      // Validators only change on a full response; a 304 keeps the stored ones.
      auto etag = response.header("etag");
      auto last_modified = response.header("last-modified");
      state.etag = etag ? std::optional<std::string>(std::string(*etag)) : std::nullopt;
      state.last_modified =
          last_modified ? std::optional<std::string>(std::string(*last_modified)) : std::nullopt;
      entries.reserve(parsed.entries.size());
      for (const Entry& e : parsed.entries) {
        store::NewEntry n;
        n.feed_id = feed.id;
        n.entry_key = e.key;
        if (!e.link.empty()) n.url = e.link;
        n.title = e.title;
        n.summary = entry_summary(e);
        n.published_at = to_time(e.published ? e.published : e.updated);
        entries.push_back(std::move(n));
      }
    }
  }

  PollDecision decision =
      decide_next_poll(policy_state(feed), outcome, options_.policy, now, random01_());
  state.failure_count = decision.state.failure_count;
  state.redirect_url = decision.state.redirect_candidate.empty()
                           ? std::nullopt
                           : std::optional<std::string>(decision.state.redirect_candidate);
  state.redirect_count = decision.state.redirect_streak;
  state.next_poll_at = decision.next_poll;
  state.gone = state.gone || decision.gone;
  if (report.outcome == FeedOutcome::kUpdated || report.outcome == FeedOutcome::kUnchanged) {
    state.last_success_at = now;
    state.last_error.reset();
  } else {
    state.last_error = report.error;
  }
  report.next = decision.reason;

  auto written = store_.transaction([&]() -> Status {
    for (const auto& e : entries) {
      auto r = store::insert_entry_if_new(store_, e, now);
      if (!r) return tl::unexpected(r.error());
      if (r->is_new) ++report.new_entries;
    }
    if (auto st = store::update_feed_state(store_, feed.id, state, now); !st) return st;
    if (decision.new_url) {
      auto moved = store::move_feed(store_, feed.id, *decision.new_url, now);
      if (moved) {
        report.moved_to = *decision.new_url;
      } else {
        // Another feed already has that URL: keep polling this one where it is.
        spdlog::warn("feed {}: permanent redirect to {} not adopted: {}", report.name,
                     *decision.new_url, moved.error().message);
      }
    }
    return ok();
  });
  if (!written) {
    report.outcome = FeedOutcome::kFailed;
    report.new_entries = 0;
    report.error = written.error().describe();
    spdlog::error("feed {}: could not store the poll result: {}", report.name, report.error);
    return report;
  }

  switch (report.outcome) {
    case FeedOutcome::kUpdated:
      spdlog::info("feed {}: {} entries, {} new{}; next {}", report.name, report.entries,
                   report.new_entries,
                   report.bozo ? " (malformed, recovered: " + report.error + ")" : "", report.next);
      break;
    case FeedOutcome::kUnchanged:
      spdlog::debug("feed {}: not modified; next {}", report.name, report.next);
      break;
    case FeedOutcome::kGone:
      spdlog::warn("feed {}: {} (410 Gone): no longer polled", report.name, report.url);
      break;
    case FeedOutcome::kFailed:
      spdlog::warn("feed {}: {}; failure {} in a row, next {}", report.name, report.error,
                   state.failure_count, report.next);
      break;
  }
  if (!report.moved_to.empty()) {
    spdlog::warn("feed {}: moved permanently, stored URL updated {} -> {}", report.name, report.url,
                 report.moved_to);
  }
  return report;
}

}  // namespace mw
