#include "daemon/stage_options.h"

#include <chrono>

#include "feeds/url.h"

namespace mw {

namespace {
Seconds to_seconds(Duration d) {
  return std::chrono::duration_cast<Seconds>(d);
}
}  // namespace

HttpClientOptions http_client_options(const Config& config) {
  HttpClientOptions o;
  o.max_concurrent = config.service.concurrency;
  o.max_per_host = config.service.per_host;
  o.min_host_delay = config.http.min_host_delay;
  o.connect_timeout = config.http.connect_timeout;
  o.total_timeout = config.http.total_timeout;
  o.low_speed_limit = config.http.low_speed_limit;
  o.low_speed_time = to_seconds(config.http.low_speed_time);
  o.max_body = config.http.max_body_bytes;
  o.max_redirects = config.http.max_redirects;
  o.contact_url = config.service.contact_url;
  o.user_agent = config.service.user_agent;
  o.ca_file = config.http.ca_file;
  o.allow_private_networks = config.service.allow_private_networks;
  return o;
}

PollPolicyOptions poll_policy_options(const Config& config) {
  PollPolicyOptions o;
  o.default_interval = to_seconds(config.scheduler.interval);
  o.min_interval = to_seconds(config.scheduler.min_interval);
  o.max_interval = to_seconds(config.scheduler.max_interval);
  o.backoff_cap = to_seconds(config.scheduler.max_backoff);
  o.jitter_fraction = config.scheduler.jitter;
  return o;
}

PollerOptions poller_options(const Config& config) {
  PollerOptions o;
  o.policy = poll_policy_options(config);
  o.max_feed_bytes = config.http.max_body_bytes;
  return o;
}

std::vector<store::FeedSpec> config_feed_specs(const Config& config) {
  std::vector<store::FeedSpec> specs;
  specs.reserve(config.feeds.size());
  for (const FeedConfig& f : config.feeds) {
    store::FeedSpec s;
    s.url = f.url;
    s.name = f.name.empty() ? url::host(f.url) : f.name;
    s.origin = "config";
    s.tags = f.tags;
    s.interval_s = to_seconds(config.feed_interval(f)).count();
    s.fetch_articles = f.fetch_articles;
    s.topical = f.topical;
    s.enabled = f.enabled;
    specs.push_back(std::move(s));
  }
  return specs;
}

}  // namespace mw
