#include "daemon/store/article_repository.h"

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

namespace {

#define MW_ARTICLE_SELECT                                                                     \
  "SELECT id, entry_id, url, canonical_url, title, text, published_at, language, site_name, " \
  "authors, source_name, content_hash, simhash, duplicate_of, from_feed_text, ingested_at, "  \
  "minhash FROM articles "

std::optional<std::string> col_opt_blob(const SQLite::Statement& s, int i) {
  SQLite::Column c = s.getColumn(i);
  if (c.isNull()) return std::nullopt;
  return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
}

ArticleRecord read_article(const SQLite::Statement& s) {
  ArticleRecord a;
  a.id = s.getColumn(0).getInt64();
  a.entry_id = col_opt_int64(s, 1);
  a.url = col_opt_text(s, 2);
  a.canonical_url = col_opt_text(s, 3);
  a.title = col_text(s, 4);
  a.text = col_text(s, 5);
  a.published_at = col_opt_time(s, 6);
  a.language = col_opt_text(s, 7);
  a.site_name = col_opt_text(s, 8);
  a.authors = from_json_array(col_text(s, 9));
  a.source_name = col_opt_text(s, 10);
  a.content_hash = col_text(s, 11);
  if (auto h = col_opt_int64(s, 12)) a.simhash = to_unsigned(*h);
  a.duplicate_of = col_opt_int64(s, 13);
  a.from_feed_text = col_bool(s, 14);
  a.ingested_at = col_time(s, 15);
  a.minhash = col_opt_blob(s, 16);
  return a;
}

Result<std::optional<ArticleRecord>> select_one(Store& store, const char* sql,
                                                const std::string& value) {
  auto q = store.prepare(sql);
  q->bind(1, value);
  if (!q->executeStep()) return std::optional<ArticleRecord>{};
  return std::optional<ArticleRecord>{read_article(*q)};
}

}  // namespace

Result<std::int64_t> insert_article(Store& store, const ArticleRecord& a, TimePoint now) {
  if (a.content_hash.empty()) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("store: article {} has no content hash", a.url.value_or(a.title)));
  }
  return store.guard("insert article", [&]() -> Result<std::int64_t> {
    auto q = store.prepare(
        "INSERT INTO articles (entry_id, url, canonical_url, title, text, published_at, "
        "language, site_name, authors, source_name, content_hash, simhash, duplicate_of, "
        "from_feed_text, ingested_at, minhash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_opt(*q, 1, a.entry_id);
    bind_opt(*q, 2, a.url);
    bind_opt(*q, 3, a.canonical_url);
    q->bind(4, a.title);
    q->bind(5, a.text);
    bind_opt_time(*q, 6, a.published_at);
    bind_opt(*q, 7, a.language);
    bind_opt(*q, 8, a.site_name);
    q->bind(9, to_json_array(a.authors));
    bind_opt(*q, 10, a.source_name);
    q->bind(11, a.content_hash);
    if (a.simhash) {
      q->bind(12, to_signed(*a.simhash));
    } else {
      q->bind(12);
    }
    bind_opt(*q, 13, a.duplicate_of);
    bind_bool(*q, 14, a.from_feed_text);
    bind_time(*q, 15, now);
    if (a.minhash) {
      q->bind(16, static_cast<const void*>(a.minhash->data()), static_cast<int>(a.minhash->size()));
    } else {
      q->bind(16);
    }
    q->exec();
    return store.db().getLastInsertRowid();
  });
}

Result<std::optional<ArticleRecord>> get_article(Store& store, std::int64_t id) {
  return store.guard("get article", [&]() -> Result<std::optional<ArticleRecord>> {
    auto q = store.prepare(MW_ARTICLE_SELECT "WHERE id = ?");
    q->bind(1, id);
    if (!q->executeStep()) return std::optional<ArticleRecord>{};
    return std::optional<ArticleRecord>{read_article(*q)};
  });
}

Result<std::optional<ArticleRecord>> find_article_by_canonical_url(Store& store,
                                                                   const std::string& url) {
  return store.guard("find article by canonical URL", [&] {
    return select_one(store, MW_ARTICLE_SELECT "WHERE canonical_url = ? ORDER BY id LIMIT 1", url);
  });
}

Result<std::optional<ArticleRecord>> find_article_by_content_hash(Store& store,
                                                                  const std::string& hash) {
  return store.guard("find article by content hash", [&] {
    return select_one(store, MW_ARTICLE_SELECT "WHERE content_hash = ? ORDER BY id LIMIT 1", hash);
  });
}

Result<std::vector<SimhashRow>> article_simhashes_since(Store& store, TimePoint since, int limit) {
  return store.guard("article simhashes", [&]() -> Result<std::vector<SimhashRow>> {
    auto q = store.prepare(
        "SELECT id, simhash, duplicate_of FROM articles "
        "WHERE ingested_at >= ? AND simhash IS NOT NULL ORDER BY ingested_at, id LIMIT ?");
    bind_time(*q, 1, since);
    q->bind(2, limit);
    std::vector<SimhashRow> out;
    while (q->executeStep()) {
      out.push_back(SimhashRow{q->getColumn(0).getInt64(), to_unsigned(q->getColumn(1).getInt64()),
                               col_opt_int64(*q, 2)});
    }
    return out;
  });
}

Result<std::vector<FingerprintRow>> article_fingerprints_since(Store& store, TimePoint since,
                                                               int limit) {
  return store.guard("article fingerprints", [&]() -> Result<std::vector<FingerprintRow>> {
    auto q = store.prepare(
        "SELECT id, content_hash, minhash, duplicate_of FROM articles "
        "WHERE ingested_at >= ? AND length(minhash) > 0 "
        "ORDER BY ingested_at DESC, id DESC LIMIT ?");
    bind_time(*q, 1, since);
    q->bind(2, limit);
    std::vector<FingerprintRow> out;
    while (q->executeStep()) {
      out.push_back(FingerprintRow{q->getColumn(0).getInt64(), col_text(*q, 1),
                                   col_opt_blob(*q, 2).value_or(std::string{}),
                                   col_opt_int64(*q, 3)});
    }
    return out;
  });
}

Status set_article_duplicate_of(Store& store, std::int64_t id,
                                std::optional<std::int64_t> duplicate_of) {
  return store.guard("set article duplicate", [&]() -> Status {
    auto q = store.prepare("UPDATE articles SET duplicate_of = ? WHERE id = ?");
    bind_opt(*q, 1, duplicate_of);
    q->bind(2, id);
    if (q->exec() == 0) {
      return fail(ErrorCode::kNotFound,
                  fmt::format("{}: set duplicate: no article with id {}", store.path(), id));
    }
    return ok();
  });
}

}  // namespace mw::store

#undef MW_ARTICLE_SELECT
