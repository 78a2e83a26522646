#pragma once
// URL helpers shared by the feed parser, the article extractor and the HTTP fetcher. Built on
// libcurl's URL API (curl_url / CURLU) so that every part of missionwatch parses URLs the same
// way libcurl will fetch them. All functions are pure and never throw.
//
//   mw::url::resolve("http://a.example/b/c", "../d")   // "http://a.example/d"
//   mw::url::canonicalize("HTTP://A.example:80/x?utm_source=t#top")  // "http://a.example/x"
#include <optional>
#include <string>
#include <string_view>

namespace mw::url {

// Resolves `ref` against `base` (RFC 3986). An absolute `ref` is returned as parsed; a relative
// one needs an absolute `base`. nullopt when neither gives an absolute URL.
std::optional<std::string> resolve(std::string_view base, std::string_view ref);

// resolve() done entirely by libcurl, without the shortcut resolve() takes for plain path
// references: the reference that shortcut is tested against.
std::optional<std::string> resolve_with_libcurl(std::string_view base, std::string_view ref);

// Lower-cased host of an absolute URL ("" when none or when `url` is not absolute).
std::string host(std::string_view url);

// Scheme lower-cased ("http", "https", "javascript"...), "" when none. Works for any
// "scheme:" prefix, including schemes libcurl does not know.
std::string scheme(std::string_view url);

// Canonical form for identity and deduplication: lower-case scheme and host, default port and
// fragment removed, utm_* / fbclid / gclid query parameters removed (the other parameters keep
// their order), empty path becomes "/". nullopt if not an absolute http(s) URL.
std::optional<std::string> canonicalize(std::string_view url);

// canonicalize() done entirely by libcurl, without the shortcut canonicalize() takes for plain
// http(s) URLs: the reference that shortcut is tested against.
std::optional<std::string> canonicalize_with_libcurl(std::string_view url);

}  // namespace mw::url
