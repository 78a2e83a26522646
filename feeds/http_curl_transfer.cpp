#include "feeds/http_curl_transfer.h"

#include <sys/socket.h>

#include <memory>
#include <string_view>

namespace mw::http_internal {
namespace {

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// Headers beyond this many are dropped: a feed needs a dozen, and a hostile server must not make
// us hold an unbounded list (libcurl already bounds each header's length).
constexpr std::size_t kMaxHeaders = 256;

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  // libcurl hands us DECOMPRESSED bytes, so this cap also stops gzip/br bombs mid-stream.
  if (t->response.body.size() + len > t->cap) {
    t->too_large = true;
    return CURL_WRITEFUNC_ERROR;
  }
  t->response.body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  std::string_view line(data, len);
  if (line.starts_with("HTTP/")) {
    // A new response starts (after a 1xx or a proxy's CONNECT answer): keep only the last one.
    t->response.headers.clear();
    return len;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding: continues the previous header's value.
    if (!t->response.headers.empty()) {
      auto folded = trim(line);
      if (!folded.empty()) {
        t->response.headers.back().second.append(" ").append(folded);
      }
    }
    return len;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || t->response.headers.size() >= kMaxHeaders) return len;
  t->response.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                   std::string(trim(line.substr(colon + 1))));
  return len;
}

// Every socket libcurl opens passes through here, with the address it is about to connect to
// (after DNS, for every hop and every address tried), which is what makes the guard immune to
// DNS rebinding: we judge the address used, not an earlier lookup.
curl_socket_t on_open_socket(void* user, curlsocktype /*purpose*/, curl_sockaddr* a) {
  auto* t = static_cast<Transfer*>(user);
  const bool check = !t->settings->options.allow_private_networks && !t->settings->proxy_in_use;
  if (check) {
    const auto cls = classify_sockaddr(&a->addr);
    if (!cls || !is_public(*cls)) {
      t->refused_address = sockaddr_to_string(&a->addr);
      t->refused_class = cls.value_or(AddressClass::kReserved);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

FetchError classify_code(CURLcode code) {
  switch (code) {
    case CURLE_OK: return FetchError::kNone;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return FetchError::kInvalidUrl;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return FetchError::kDns;
    case CURLE_COULDNT_CONNECT: return FetchError::kConnect;
    case CURLE_OPERATION_TIMEDOUT: return FetchError::kTimeout;
    case CURLE_FILESIZE_EXCEEDED: return FetchError::kTooLarge;
    case CURLE_BAD_CONTENT_ENCODING: return FetchError::kDecode;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED: return FetchError::kTls;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3: return FetchError::kTransfer;
    default: return FetchError::kOther;
  }
}

long ms(std::chrono::milliseconds d) {
  return static_cast<long>(d.count());
}

template <class T>
bool setopt(CURL* e, CURLoption opt, T value) {
  return curl_easy_setopt(e, opt, value) == CURLE_OK;
}

}  // namespace

std::optional<UrlParts> split_url(const std::string& url) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return std::nullopt;
  }
  auto get = [&](CURLUPart part, unsigned flags) -> std::optional<std::string> {
    char* out = nullptr;
    if (curl_url_get(u.get(), part, &out, flags) != CURLUE_OK || out == nullptr) {
      return std::nullopt;
    }
    std::string s(out);
    curl_free(out);
    return s;
  };
  auto scheme = get(CURLUPART_SCHEME, 0);
  auto host = get(CURLUPART_HOST, 0);
  auto port = get(CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || host->empty()) return std::nullopt;
  UrlParts parts;
  parts.scheme = lower(*scheme);
  parts.host = lower(*host);
  if (parts.host.size() >= 2 && parts.host.front() == '[' && parts.host.back() == ']') {
    parts.host = parts.host.substr(1, parts.host.size() - 2);
  }
  parts.host_key = parts.host + ":" + port.value_or("");
  return parts;
}

void set_error(Transfer& t, FetchError error, const std::string& what) {
  t.response.error = error;
  std::string msg = "fetch " + t.response.url;
  if (t.request.url != t.response.url) msg += " (redirected to " + t.request.url + ")";
  t.response.error_message = msg + ": " + what;
}

bool begin_hop(Transfer& t, CURL* e) {
  const HttpClientOptions& o = t.settings->options;
  t.easy = e;
  t.too_large = false;
  t.location.clear();
  t.refused_address.clear();
  t.errbuf[0] = '\0';
  t.response.headers.clear();
  t.response.body.clear();
  t.response.status = 0;

  curl_slist* list = nullptr;
  auto add = [&](const std::string& h) {
    if (curl_slist* n = curl_slist_append(list, h.c_str())) list = n;
  };
  add("Accept: " + (t.request.accept.empty() ? o.default_accept : t.request.accept));
  if (!t.request.etag.empty()) add("If-None-Match: " + t.request.etag);
  if (!t.request.last_modified.empty()) add("If-Modified-Since: " + t.request.last_modified);
  t.header_list = list;

  bool ok = setopt(e, CURLOPT_URL, t.request.url.c_str()) &&
            setopt(e, CURLOPT_PRIVATE, static_cast<void*>(&t)) &&
            setopt(e, CURLOPT_ERRORBUFFER, t.errbuf) && setopt(e, CURLOPT_NOSIGNAL, 1L) &&
            setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") &&
            setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") &&
            // Redirects are followed by the client, hop by hop (see http_client.h).
            setopt(e, CURLOPT_FOLLOWLOCATION, 0L) &&
            setopt(e, CURLOPT_USERAGENT, t.settings->user_agent.c_str()) &&
            setopt(e, CURLOPT_HTTPHEADER, t.header_list) &&
            // "" = every encoding this libcurl can decode (gzip, deflate, br, zstd).
            setopt(e, CURLOPT_ACCEPT_ENCODING, "") &&
            setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms(o.connect_timeout)) &&
            setopt(e, CURLOPT_TIMEOUT_MS, ms(o.total_timeout)) &&
            setopt(e, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_limit) &&
            setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(o.low_speed_time.count())) &&
            // Refuses up front when Content-Length (compressed size) already exceeds the cap.
            setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(t.cap)) &&
            setopt(e, CURLOPT_WRITEFUNCTION, &on_body) &&
            setopt(e, CURLOPT_WRITEDATA, static_cast<void*>(&t)) &&
            setopt(e, CURLOPT_HEADERFUNCTION, &on_header) &&
            setopt(e, CURLOPT_HEADERDATA, static_cast<void*>(&t)) &&
            setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket) &&
            setopt(e, CURLOPT_OPENSOCKETDATA, static_cast<void*>(&t)) &&
            setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) && setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) &&
            setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  if (ok && !o.ca_file.empty()) ok = setopt(e, CURLOPT_CAINFO, o.ca_file.c_str());
  if (ok && !o.proxy.empty()) ok = setopt(e, CURLOPT_PROXY, o.proxy.c_str());
  if (ok && !o.no_proxy.empty()) ok = setopt(e, CURLOPT_NOPROXY, o.no_proxy.c_str());
  if (!ok) set_error(t, FetchError::kOther, "libcurl rejected an option (out of memory?)");
  return ok;
}

void end_hop(Transfer& t, CURLcode code) {
  CURL* e = t.easy;
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  t.response.final_url = t.request.url;
  char* ip = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr) {
    t.response.remote_ip = ip;
  }
  curl_off_t connect = 0, first_byte = 0;
  curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &connect);
  curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &first_byte);
  t.response.timings.connect = std::chrono::microseconds(connect);
  t.response.timings.first_byte = std::chrono::microseconds(first_byte);
  char* location = nullptr;
  if (code == CURLE_OK && curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
      location != nullptr) {
    t.location = location;
  }
  curl_slist_free_all(t.header_list);
  t.header_list = nullptr;
  t.easy = nullptr;

  if (code == CURLE_OK) return;
  // A failed transfer's partial body is of no use to anyone; free it now.
  std::string().swap(t.response.body);
  const HttpClientOptions& o = t.settings->options;
  const std::string detail = t.errbuf[0] != '\0' ? t.errbuf : curl_easy_strerror(code);
  FetchError err = classify_code(code);
  // Our own callbacks caused these libcurl codes; say what really happened.
  if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    set_error(t, FetchError::kTooLarge,
              "response body exceeds the limit of " + std::to_string(t.cap) +
                  " bytes (after decompression); raise http.max_body if this is a legitimate "
                  "document");
    return;
  }
  if (!t.refused_address.empty() && (code == CURLE_COULDNT_CONNECT || err == FetchError::kOther)) {
    set_error(t, FetchError::kSsrfRefused,
              "refused to connect to " + t.refused_address + " (" +
                  std::string(to_string(t.refused_class)) +
                  " address); set http.allow_private_networks = true to allow private networks");
    return;
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    // libcurl reports the low-speed abort with the same code as a timeout; its message differs.
    if (std::string_view(detail).find("too slow") != std::string_view::npos) {
      set_error(t, FetchError::kTooSlow,
                "server sent less than " + std::to_string(o.low_speed_limit) + " bytes/s for " +
                    std::to_string(o.low_speed_time.count()) + " s, aborted (" + detail + ")");
      return;
    }
    set_error(t, FetchError::kTimeout,
              "timed out (connect timeout " + std::to_string(o.connect_timeout.count()) +
                  " ms, total timeout " + std::to_string(o.total_timeout.count()) +
                  " ms): " + detail);
    return;
  }
  std::string what;
  switch (err) {
    case FetchError::kDns: what = "DNS lookup failed: "; break;
    case FetchError::kConnect: what = "connection failed: "; break;
    case FetchError::kTls: what = "TLS failed (check the certificate or http.ca_file): "; break;
    case FetchError::kDecode: what = "could not decode the content encoding: "; break;
    case FetchError::kTransfer: what = "transfer failed: "; break;
    case FetchError::kInvalidUrl: what = "unusable URL: "; break;
    default: what = "libcurl error: "; break;
  }
  set_error(t, err, what + detail);
}

std::string redirect_target(const Transfer& t) {
  switch (t.response.status) {
    case 301:
    case 302:
    case 303:
    case 307:
    case 308: return t.location;
    default: return "";
  }
}

}  // namespace mw::http_internal
