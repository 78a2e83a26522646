#pragma once
// The domain values produced by the feed parser (feeds/feed_parser.h): one Feed with its
// Entries, whatever the format (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0, CDF, JSON Feed).
//
// Typed fields hold what the daemon uses (identity, links, dates, text for the classifier);
// `detail` holds the full, feedparser-compatible view (the keys of Python feedparser's result,
// dates as `<name>_iso` strings) that `missionwatch parse-feed` prints and tests compare.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mw {

struct Entry {
  std::string id;       // guid / Atom id / JSON Feed id as written ("" when none)
  std::string link;     // the alternate link, absolute when the feed allowed resolving it
  std::string title;    // plain text (markup removed, entities decoded)
  std::string summary;  // sanitized HTML (or plain text) of the summary/description
  std::string content;  // sanitized HTML of the first content element ("" when none)
  std::string text;     // plain text of content, else summary: what classifiers read
  std::optional<std::int64_t> published;  // seconds since the epoch, UTC
  std::optional<std::int64_t> updated;
  // Identity that stays stable across polls: "id:<guid>", else "url:<canonical link>", else
  // "hash:<hex>" of title + date + summary. Never empty.
  std::string key;
  // feedparser's entries[i]; null when parsed without detail (the daemon's way), which spares
  // an allocation per entry.
  nlohmann::json detail;
};

struct Feed {
  std::string version;         // feedparser spelling: "rss20", "atom10", "rss10", "json11", "" ...
  std::string encoding;        // encoding used to decode the document ("utf-8", "iso-8859-1"...)
  bool bozo = false;           // the document was not well-formed or its encoding was guessed
  std::string bozo_exception;  // why, when bozo
  std::string title;           // plain text
  std::string link;
  std::string language;
  std::string ttl;             // RSS <ttl> as written (minutes to cache the feed), "" when none
  std::vector<Entry> entries;  // in document order
  // feedparser's `feed` (the channel's every key) and the prefix -> URI namespaces declared:
  // objects when parsed with FeedParseOptions::build_detail, else null (the daemon's way; an
  // empty object would be an allocation), like Entry::detail.
  nlohmann::json detail;
  nlohmann::json namespaces;
};

}  // namespace mw
