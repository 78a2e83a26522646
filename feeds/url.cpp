#include "feeds/url.h"
#include "feeds/text_util.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace mw::url {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// Feeds carry all sorts of schemes (tag:, urn:, mailto:, javascript:) and the occasional raw
// space; libcurl must accept them for resolution to behave like a browser's.
constexpr unsigned kSetFlags = CURLU_NON_SUPPORT_SCHEME | CURLU_ALLOW_SPACE;

using text::lower;

std::optional<std::string> get_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* out = nullptr;
  if (curl_url_get(u, part, &out, flags) != CURLUE_OK || out == nullptr) return std::nullopt;
  std::string s(out);
  curl_free(out);
  return s;
}

UrlHandle parse_absolute(std::string_view text) {
  UrlHandle u(curl_url());
  if (!u) return nullptr;
  std::string s(text);
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), kSetFlags) != CURLUE_OK) return nullptr;
  return u;
}

bool has_scheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

bool tracking_param(std::string_view kv) {
  std::string_view key = kv.substr(0, kv.find('='));
  std::string k = lower(key);
  return k.rfind("utm_", 0) == 0 || k == "fbclid" || k == "gclid";
}

// Leading/trailing whitespace in attribute values is common and never meaningful.
std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// What resolve()'s shortcut needs to know about a base URL.
struct SimpleBase {
  std::string text;       // the base as given
  bool simple = false;    // http(s), written exactly as libcurl writes it back
  std::string origin;     // "https://host:port"
  std::string directory;  // the base's path up to and including its last '/'
};

// A feed resolves all its relative links against one base: its analysis is kept per thread.
const SimpleBase& simple_base(std::string_view base) {
  thread_local SimpleBase b;
  thread_local bool known = false;
  if (known && b.text == base) return b;
  known = true;
  b = SimpleBase{};
  b.text = std::string(base);
  if (!base.starts_with("http://") && !base.starts_with("https://")) return b;
  auto u = parse_absolute(base);
  if (!u || get_part(u.get(), CURLUPART_URL) != std::optional<std::string>(b.text)) return b;
  size_t authority = base.find("://") + 3;
  size_t path = base.find_first_of("/?#", authority);
  if (path == std::string_view::npos || base[path] != '/') return b;
  std::string_view p = base.substr(path, base.find_first_of("?#", path) - path);
  b.origin = std::string(base.substr(0, path));
  b.directory = std::string(p.substr(0, p.rfind('/') + 1));
  b.simple = true;
  return b;
}

// A path reference ("/a/b.html", "img/1.jpg?w=2") made of characters libcurl keeps as they
// are, without dot segments, fragment or escapes: resolving it is concatenation.
bool plain_path_reference(std::string_view ref) {
  if (ref.empty() || ref.front() == '?' || ref.starts_with("//")) return false;
  for (char c : ref) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '.' ||
                 c == '_' || c == '~' || c == '?' || c == '=' || c == '&' || c == '+' || c == ',';
    if (!plain) return false;
  }
  size_t query = ref.find('?');
  if (query + 1 == ref.size()) return false;  // libcurl drops an empty query
  std::string_view path = ref.substr(0, query);
  for (size_t start = 0;;) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

// "?" and the query's parameters other than tracking ones, in their order; nothing when none.
void append_kept_query(std::string& out, std::string_view q) {
  std::string kept;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view kv = q.substr(0, amp);
    if (!kv.empty() && !tracking_param(kv)) {
      if (!kept.empty()) kept += '&';
      kept += kv;
    }
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  if (!kept.empty()) out += "?" + kept;
}

bool plain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '=' || c == '&' || c == '+' || c == ',';
}

// canonicalize() of a URL simple enough to read without libcurl: "http(s)://host[:port]" then
// an optional plain path and query (plain_char, no dot segments, no escapes), no user, no
// fragment; the host made of letters, digits, '-' and non-empty dot-separated labels. nullopt
// for anything else, which libcurl then reads. Entries without an id are keyed by their link,
// so this runs once per such entry of every poll.
std::optional<std::string> canonicalize_plain(std::string_view url) {
  std::string_view sch;
  if (url.starts_with("http://")) {
    sch = "http";
  } else if (url.starts_with("https://")) {
    sch = "https";
  } else {
    return std::nullopt;
  }
  std::string_view rest = url.substr(sch.size() + 3);
  size_t host_end = rest.find_first_of(":/");
  std::string_view host = rest.substr(0, host_end);
  if (host.empty() || host.front() == '.' || host.back() == '.' || host.front() == '-' ||
      host.find("..") != std::string_view::npos) {
    return std::nullopt;
  }
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return std::nullopt;
  }
  rest.remove_prefix(host.size());
  std::string_view port;
  if (!rest.empty() && rest.front() == ':') {
    size_t end = rest.find('/');
    port = rest.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
    if (port.empty() || port.size() > 5 || port.front() == '0') return std::nullopt;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    }
    if (std::stoi(std::string(port)) > 65535) return std::nullopt;
    rest.remove_prefix(port.size() + 1);
  }
  if (!rest.empty() && rest.front() != '/') return std::nullopt;
  size_t q = rest.find('?');
  std::string_view path = rest.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
  if (q != std::string_view::npos && query.empty()) return std::nullopt;
  for (char c : path) {
    if (!plain_char(c)) return std::nullopt;
  }
  for (char c : query) {
    if (!plain_char(c)) return std::nullopt;
  }
  for (size_t start = 0; start < path.size();) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash - start);
    if (segment == "." || segment == "..") return std::nullopt;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string out(sch);
  out += "://";
  out += lower(host);
  if (!port.empty() && !((sch == "http" && port == "80") || (sch == "https" && port == "443"))) {
    out += ':';
    out += port;
  }
  out += path.empty() ? std::string_view("/") : path;
  if (!query.empty()) append_kept_query(out, query);
  return out;
}

}  // namespace

std::optional<std::string> resolve(std::string_view base, std::string_view ref) {
  ref = trim(ref);
  base = trim(base);
  // Most relative links in feeds are plain paths against an http(s) base: joined here, which
  // gives what libcurl gives (checked against it in tests/feeds/url_test.cpp) at a small
  // fraction of the cost of parsing both with libcurl.
  if (!has_scheme(ref) && plain_path_reference(ref)) {
    const SimpleBase& b = simple_base(base);
    if (b.simple) {
      std::string out = b.origin;
      if (ref.front() != '/') out += b.directory;
      out += ref;
      return out;
    }
  }
  return resolve_with_libcurl(base, ref);
}

std::optional<std::string> resolve_with_libcurl(std::string_view base, std::string_view ref) {
  ref = trim(ref);
  base = trim(base);
  if (has_scheme(ref)) {
    if (auto u = parse_absolute(ref)) return get_part(u.get(), CURLUPART_URL);
    // libcurl refuses some valid absolute forms (e.g. "mailto:x@y"); keep them as written.
    return std::string(ref);
  }
  auto u = parse_absolute(base);
  if (!u) return std::nullopt;
  if (ref.empty()) return get_part(u.get(), CURLUPART_URL);
  if (ref.front() == '#') {
    // libcurl 7.88 resolves a fragment-only reference against the base's directory; RFC 3986
    // keeps the whole base and replaces only the fragment.
    std::string f(ref.substr(1));
    if (curl_url_set(u.get(), CURLUPART_FRAGMENT, f.c_str(), kSetFlags) != CURLUE_OK) {
      return std::nullopt;
    }
    return get_part(u.get(), CURLUPART_URL);
  }
  std::string r(ref);
  if (curl_url_set(u.get(), CURLUPART_URL, r.c_str(), kSetFlags) != CURLUE_OK) return std::nullopt;
  return get_part(u.get(), CURLUPART_URL);
}

std::string host(std::string_view url) {
  auto u = parse_absolute(url);
  if (!u) return "";
  return lower(get_part(u.get(), CURLUPART_HOST).value_or(""));
}

std::string scheme(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front()))) {
    url.remove_prefix(1);
  }
  if (!has_scheme(url)) return "";
  return lower(url.substr(0, url.find(':')));
}

std::optional<std::string> canonicalize(std::string_view url) {
  if (auto plain = canonicalize_plain(url)) return plain;
  return canonicalize_with_libcurl(url);
}

std::optional<std::string> canonicalize_with_libcurl(std::string_view url) {
  std::string sch = scheme(url);
  if (sch != "http" && sch != "https") return std::nullopt;
  auto u = parse_absolute(url);
  if (!u) return std::nullopt;
  auto h = get_part(u.get(), CURLUPART_HOST);
  if (!h || h->empty()) return std::nullopt;
  std::string out = sch + "://";
  if (auto user = get_part(u.get(), CURLUPART_USER)) {
    out += *user;
    if (auto pw = get_part(u.get(), CURLUPART_PASSWORD)) out += ":" + *pw;
    out += "@";
  }
  out += lower(*h);
  if (auto port = get_part(u.get(), CURLUPART_PORT)) {
    if (!((sch == "http" && *port == "80") || (sch == "https" && *port == "443"))) {
      out += ":" + *port;
    }
  }
  std::string path = get_part(u.get(), CURLUPART_PATH).value_or("/");
  out += path.empty() ? "/" : path;
  if (auto query = get_part(u.get(), CURLUPART_QUERY)) append_kept_query(out, *query);
  return out;
}

}  // namespace mw::url
