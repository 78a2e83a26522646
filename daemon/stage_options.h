#pragma once
// The one place where the configuration becomes each stage's options struct (STYLE #14): the
// stages never see Config, and this file never does I/O.
#include "daemon/config.h"
#include "daemon/poller.h"
#include "daemon/store/feed_repository.h"
#include "feeds/http_client.h"
#include "feeds/poll_policy.h"

namespace mw {

HttpClientOptions http_client_options(const Config& config);
PollPolicyOptions poll_policy_options(const Config& config);
PollerOptions poller_options(const Config& config);

// The feed rows the configuration asks for (origin "config").
std::vector<store::FeedSpec> config_feed_specs(const Config& config);

}  // namespace mw
