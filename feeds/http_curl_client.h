#pragma once
// Internal: the libcurl multi implementation behind make_http_client (feeds/http_client.h).
#include <memory>
#include <string>

#include "feeds/http_client.h"

namespace mw {

// Options must already be validated. `user_agent` is the final User-Agent header value.
Result<std::unique_ptr<HttpClient>> create_curl_http_client(const HttpClientOptions& options,
                                                            std::string user_agent);

}  // namespace mw
