#pragma once
// Articles: the text the classifier read, with what near-duplicate detection needs (canonical
// URL, content hash, MinHash fingerprint; the older 64-bit SimHash column is kept but unused)
// and the article it copies, if any.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

struct ArticleRecord {
  std::int64_t id = 0;                   // set by the store
  std::optional<std::int64_t> entry_id;  // NULL for `ingest` of local files
  std::optional<std::string> url;
  std::optional<std::string> canonical_url;
  std::string title;
  std::string text;
  std::optional<TimePoint> published_at;
  std::optional<std::string> language;
  std::optional<std::string> site_name;
  std::vector<std::string> authors;
  std::optional<std::string> source_name;  // the outlet shown to people
  std::string content_hash;                // required: exact-duplicate key
  std::optional<std::uint64_t> simhash;
  // encode_minhash() bytes (classifiers/near_duplicate.h), stored as a BLOB; empty or NULL: no
  // fingerprint (text too short), never a near-duplicate candidate.
  std::optional<std::string> minhash;
  std::optional<std::int64_t> duplicate_of;  // id of the article whose story this copies
  bool from_feed_text = false;               // classified on the feed's text (page not fetched)
  TimePoint ingested_at{};                   // set by the store
};

// Inserts the article (id and ingested_at = now are assigned; the fields given are ignored).
// Returns the new id.
Result<std::int64_t> insert_article(Store& store, const ArticleRecord& article, TimePoint now);

Result<std::optional<ArticleRecord>> get_article(Store& store, std::int64_t id);

// The oldest article with that canonical URL / content hash, if any.
Result<std::optional<ArticleRecord>> find_article_by_canonical_url(Store& store,
                                                                   const std::string& url);
Result<std::optional<ArticleRecord>> find_article_by_content_hash(Store& store,
                                                                  const std::string& hash);

struct SimhashRow {
  std::int64_t id = 0;
  std::uint64_t simhash = 0;
  std::optional<std::int64_t> duplicate_of;
};

// Articles with a SimHash ingested at or after `since`, oldest first, at most `limit`: the
// candidate set of the near-duplicate search.
Result<std::vector<SimhashRow>> article_simhashes_since(Store& store, TimePoint since, int limit);

struct FingerprintRow {
  std::int64_t id = 0;
  std::string content_hash;
  std::string minhash;  // encode_minhash() bytes, never empty
  std::optional<std::int64_t> duplicate_of;
};

// Articles ingested at or after `since` that have a non-empty minhash, newest first, at most
// `limit`: the candidate set of the MinHash near-duplicate search (newest first, so that with a
// limit the search keeps the stories most likely to be re-posted now).
Result<std::vector<FingerprintRow>> article_fingerprints_since(Store& store, TimePoint since,
                                                               int limit);

Status set_article_duplicate_of(Store& store, std::int64_t id,
                                std::optional<std::int64_t> duplicate_of);

}  // namespace mw::store
