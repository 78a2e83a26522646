#pragma once
// Internal to the libcurl HTTP client (feeds/http_curl_client.cpp): one request's life across its
// redirect hops, and the libcurl easy-handle setup and callbacks for one hop. Not for use outside
// feeds/http_*.
#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "feeds/address_guard.h"
#include "feeds/http_client.h"

namespace mw::http_internal {

using SteadyTime = std::chrono::steady_clock::time_point;

// Settings shared by every transfer of one client (derived from HttpClientOptions once).
struct TransferSettings {
  HttpClientOptions options;
  std::string user_agent;
  bool proxy_in_use = false;  // a proxy is configured: the socket guard sees only the proxy
};

// The parts of a URL the scheduler needs. nullopt when libcurl cannot parse it.
struct UrlParts {
  std::string scheme;    // lower case
  std::string host;      // lower case, IPv6 without brackets
  std::string host_key;  // "host:port", the unit of per-host politeness
};
std::optional<UrlParts> split_url(const std::string& url);

// One request in flight or waiting. Owned by the client; the easy handle points back to it
// (CURLOPT_PRIVATE and the callbacks' user data), so it must not move while a hop runs.
struct Transfer {
  HttpRequest request;  // request.url is the CURRENT hop's URL
  HttpResponse response;
  std::string host_key;
  std::vector<std::string> visited;  // every hop URL so far, for loop detection
  SteadyTime submitted{};
  std::optional<SteadyTime> first_start;
  std::size_t cap = 0;  // body cap for this request

  // Per-hop state, reset by begin_hop().
  CURL* easy = nullptr;
  curl_slist* header_list = nullptr;
  bool too_large = false;
  std::string location;         // absolute redirect target libcurl computed for this hop, if any
  std::string refused_address;  // set by the socket guard when it refused a connection
  AddressClass refused_class = AddressClass::kReserved;
  char errbuf[CURL_ERROR_SIZE] = {};
  const TransferSettings* settings = nullptr;
};

// Clears per-hop state and configures `easy` (freshly reset) for t.request. Returns false when
// libcurl rejected an option (response error filled in).
bool begin_hop(Transfer& t, CURL* easy);

// After a hop ended with `code`: fills status, headers-derived fields, remote IP, timings and,
// for failures, error/error_message. Frees the header list; the caller recycles the handle.
void end_hop(Transfer& t, CURLcode code);

// The absolute Location of a finished redirect response, or "" when it is not a redirect the
// client should follow (not 301/302/303/307/308, or no Location).
std::string redirect_target(const Transfer& t);

// Sets the response's error and a message naming the request and, after redirects, the hop.
void set_error(Transfer& t, FetchError error, const std::string& what);

}  // namespace mw::http_internal
