#pragma once
// The HTTP seam: fetch a batch of URLs politely and safely, get one HttpResponse per request.
//
//   auto client = make_http_client(HttpClientOptions{.contact_url = "https://example.org/bot"});
//   if (!client) return client.error();
//   (*client)->fetch_all(requests, [&](HttpResponse&& r) {
//     if (!r.ok()) log("{}: {}", r.url, r.error_message);      // typed: r.error
//     else if (r.not_modified()) ...                            // 304: keep the stored copy
//     else parse(r.body);                                       // r.status may still be 404 etc.
//   });
//
// The real implementation (make_http_client) runs every transfer of a batch in ONE libcurl
// multi event loop on the calling thread: at most max_concurrent at once, at most max_per_host
// per host, and min_host_delay between two request starts on one host. Requests wait in per-host
// queues; only running transfers hold a curl handle, so a batch of 10,000 stays small.
//
// Redirects are followed by the client itself (up to max_redirects), so every hop is recorded
// with its status, checked for loops, limited to http/https and queued under its own host's
// politeness limits. Every connection goes through the SSRF guard (feeds/address_guard.h) on the
// address actually connected to, unless allow_private_networks is set.
//
// Proxies: libcurl honours http_proxy, https_proxy, HTTPS_PROXY, ALL_PROXY and NO_PROXY from the
// environment (or HttpClientOptions::proxy). Through a proxy the guard sees only the proxy's
// address: literal-IP URLs are still checked, but names are resolved by the proxy, which must
// enforce its own egress policy.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "feeds/http_headers.h"

namespace mw {

// Why a fetch produced no usable HTTP response. kNone means a final response arrived (any
// status, including 404 or 500: those are HTTP outcomes, not transport errors).
enum class FetchError {
  kNone,
  kInvalidUrl,        // not a URL, or not http/https (also for a redirect's Location)
  kDns,               // host name did not resolve
  kConnect,           // TCP connect failed or was refused
  kTls,               // TLS handshake or certificate verification failed
  kTimeout,           // connect or total timeout
  kTooSlow,           // below low_speed_limit for low_speed_time (slow-drip server)
  kTooLarge,          // body (decompressed) or Content-Length over max_body
  kSsrfRefused,       // the address is not public and allow_private_networks is false
  kRedirectLoop,      // a redirect led back to a URL already visited
  kTooManyRedirects,  // more than max_redirects hops
  kDecode,            // bad gzip/deflate/br content encoding
  kTransfer,          // connection dropped, malformed HTTP, empty reply
  kCancelled,         // the stop token was triggered before it finished
  kOther,             // anything else libcurl reports (message has the detail)
};

// Stable lower-case name ("timeout", "ssrf_refused", ...), for logs, JSON and the store.
std::string_view to_string(FetchError e);

// Every field has a default member initializer so `HttpRequest{.url = u}` compiles cleanly
// under -Wextra (missing-field-initializers).
struct HttpRequest {
  std::string url{};
  std::string etag{};           // stored ETag: sent as If-None-Match when not empty
  std::string last_modified{};  // stored Last-Modified: sent verbatim as If-Modified-Since
  std::string accept{};         // Accept header; empty = HttpClientOptions::default_accept
  std::size_t max_body = 0;     // body cap in bytes after decompression; 0 = options.max_body
  std::uint64_t tag = 0;        // the caller's id (feed id, entry id), echoed in the response
};

struct RedirectHop {
  std::string url;  // the URL that answered with the redirect
  int status = 0;   // 301, 302, 303, 307 or 308
};

struct HttpTimings {
  std::chrono::microseconds queued{0};      // submission -> first hop started
  std::chrono::microseconds total{0};       // first hop started -> final response complete
  std::chrono::microseconds connect{0};     // final hop: until TCP connected (0 if reused)
  std::chrono::microseconds first_byte{0};  // final hop: until the first response byte
};

struct HttpResponse {
  std::uint64_t tag = 0;  // HttpRequest::tag
  std::string url;        // the URL requested
  FetchError error = FetchError::kNone;
  std::string error_message;           // names the URL and what to do; empty when error == kNone
  int status = 0;                      // final HTTP status; 0 when no response arrived
  std::string final_url;               // URL of the final response (after redirects)
  std::vector<RedirectHop> redirects;  // every hop in order; empty when none
  HttpHeaders headers;                 // headers of the final response only
  std::string body;                    // decompressed body; empty for 304 and HEAD-like answers
  std::string remote_ip;               // address of the final connection ("" if none)
  HttpTimings timings;

  bool ok() const { return error == FetchError::kNone; }
  bool not_modified() const { return ok() && status == 304; }
  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

class HttpClient {
 public:
  using Callback = std::function<void(HttpResponse&&)>;

  virtual ~HttpClient() = default;

  // Fetches every request and calls `on_done` exactly once per request, on the calling thread,
  // in completion order; returns when all are done. `on_done` runs inside the event loop, so it
  // should be quick (parse and queue, don't block on the network). When `stop` is triggered
  // (e.g. from a signal-handling thread) running transfers are aborted and every request not yet
  // finished is reported with kCancelled. Not reentrant: one fetch_all at a time per client.
  virtual void fetch_all(std::vector<HttpRequest> requests, const Callback& on_done,
                         std::stop_token stop = {}) = 0;

  // One request, same rules.
  HttpResponse fetch(HttpRequest request);
};

// Options for the libcurl client, one field per config key ([http] section) with its default.
struct HttpClientOptions {
  int max_concurrent = 16;                         // transfers running at once, all hosts together
  int max_per_host = 2;                            // transfers running at once to one host:port
  std::chrono::milliseconds min_host_delay{1000};  // between request starts on one host:port
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{60'000};  // per hop, including the body
  long low_speed_limit = 100;                       // bytes/s; slower for low_speed_time aborts
  std::chrono::seconds low_speed_time{30};
  std::size_t max_body = 10 * 1024 * 1024;  // decompressed bytes, per response
  int max_redirects = 5;
  std::string contact_url;  // in the User-Agent: "missionwatch/0.1.0 (+<contact_url>)"
  std::string user_agent;   // overrides the built User-Agent entirely when not empty
  std::string ca_file;      // PEM bundle replacing the system CAs; empty = system default
  std::string proxy;        // explicit proxy URL; empty = the standard environment variables
  std::string no_proxy;     // hosts that bypass the proxy ("*" = all); empty = NO_PROXY env
  bool allow_private_networks = false;  // true lets fetches reach loopback/private addresses
  std::string default_accept =
      "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
      "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";
};

// "missionwatch/<version> (+<contact_url>)", or "missionwatch/<version>" without a contact.
std::string make_user_agent(std::string_view contact_url);

// Checks every field; kConfig naming the field ("http.max_per_host must be at least 1, got 0").
Status validate_http_client_options(const HttpClientOptions& options);

// The libcurl multi implementation. Fails (kConfig) when the options are invalid or the CA file
// is unreadable, kInternal when libcurl cannot initialise.
Result<std::unique_ptr<HttpClient>> make_http_client(const HttpClientOptions& options);

}  // namespace mw
