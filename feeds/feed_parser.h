#pragma once
// The single entry point of feed parsing: bytes (as an HTTP response delivered them) in, one
// Feed out. Detects the format (XML: RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0, CDF; JSON Feed
// 1.0/1.1), decodes the text (RFC 3023 rules, BOM, XML declaration, guessing), recovers what
// it can from malformed documents and says so in `bozo`. Pure: no I/O, no clock.
//
//   FeedParseOptions opt;
//   opt.url = "https://example.org/feed.xml";
//   opt.content_type = "application/rss+xml; charset=utf-8";
//   Feed feed = parse_feed(body, opt);
//   for (const Entry& e : feed.entries) store(e.key, e.title, e.link, e.text);
//
// A document with no recognisable feed still yields a Feed (no entries, bozo set, a message
// in bozo_exception): "nothing found" is a value, not an error.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "feeds/feed.h"

namespace mw {

struct FeedParseOptions {
  // The URL the document was fetched from: base URI for relative links (under
  // Content-Location and xml:base). Empty when read from disk.
  std::string url{};
  // Response headers; nullopt = absent. Content-Type selects the encoding per RFC 3023 (and a
  // non-XML type makes the result bozo), Content-Location is the base URI, Content-Language
  // the default language.
  std::optional<std::string> content_type{};
  std::optional<std::string> content_location{};
  std::optional<std::string> content_language{};
  // Any other response headers (lower-cased names), reported in the JSON view only.
  std::map<std::string, std::string> headers{};
  // Whether the document came over HTTP (headers present). Set automatically when any of the
  // header fields above is set or `url` is non-empty.
  bool over_http = false;
  // Whether each Entry::detail gets feedparser's full view of the entry (tags, authors, links,
  // enclosures, *_detail objects, ISO dates...). false (the default, what the daemon polls
  // with): Entry::detail, Feed::detail and Feed::namespaces are left null and only the typed
  // fields are filled, which are the same either way; parsing is faster and holds less memory.
  // `missionwatch parse-feed` and to_feedparser_json need true.
  bool build_detail = false;
};

Feed parse_feed(std::string_view bytes, const FeedParseOptions& options = {});

// The feedparser-compatible JSON view of a parse result (what `missionwatch parse-feed`
// prints): bozo, bozo_exception, encoding, version, namespaces, feed, entries and, with a URL,
// href/status/headers. The entries are complete only when parsed with build_detail = true.
nlohmann::json to_feedparser_json(const Feed& feed, const FeedParseOptions& options);

// Identity of an entry that stays stable across polls (see Entry::key).
std::string entry_key(const Entry& entry);

}  // namespace mw
