#include "daemon/store/mention_repository.h"

#include <fmt/format.h>

#include "daemon/store/sql_util.h"

namespace mw::store {

using namespace detail;

Result<std::int64_t> insert_mention(Store& store, const MentionRecord& m, TimePoint now) {
  return store.guard("insert mention", [&]() -> Result<std::int64_t> {
    auto q = store.prepare(
        "INSERT INTO event_mentions (article_id, event_id, direction, country, city, "
        "mission_kind, action, status, effective_date, confidence, evidence_text, "
        "evidence_start, evidence_end, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, m.article_id);
    bind_opt(*q, 2, m.event_id);
    q->bind(3, m.direction);
    q->bind(4, m.country);
    bind_opt(*q, 5, m.city);
    q->bind(6, m.mission_kind);
    q->bind(7, m.action);
    q->bind(8, m.status);
    bind_opt(*q, 9, m.effective_date);
    q->bind(10, m.confidence);
    q->bind(11, m.evidence_text);
    bind_opt(*q, 12, m.evidence_start);
    bind_opt(*q, 13, m.evidence_end);
    bind_time(*q, 14, now);
    q->exec();
    return store.db().getLastInsertRowid();
  });
}

Status set_mention_event(Store& store, std::int64_t mention_id, std::int64_t event_id) {
  return store.guard("set mention event", [&]() -> Status {
    auto q = store.prepare("UPDATE event_mentions SET event_id = ? WHERE id = ?");
    q->bind(1, event_id);
    q->bind(2, mention_id);
    if (q->exec() == 0) {
      return fail(ErrorCode::kNotFound, fmt::format("{}: set mention event: no mention with id {}",
                                                    store.path(), mention_id));
    }
    return ok();
  });
}

Result<std::vector<MentionRecord>> mentions_of_article(Store& store, std::int64_t article_id) {
  return store.guard("mentions of article", [&]() -> Result<std::vector<MentionRecord>> {
    auto q = store.prepare(
        "SELECT id, article_id, event_id, direction, country, city, mission_kind, action, "
        "status, effective_date, confidence, evidence_text, evidence_start, evidence_end, "
        "created_at FROM event_mentions WHERE article_id = ? ORDER BY id");
    q->bind(1, article_id);
    std::vector<MentionRecord> out;
    while (q->executeStep()) {
      MentionRecord m;
      m.id = q->getColumn(0).getInt64();
      m.article_id = q->getColumn(1).getInt64();
      m.event_id = col_opt_int64(*q, 2);
      m.direction = col_text(*q, 3);
      m.country = col_text(*q, 4);
      m.city = col_opt_text(*q, 5);
      m.mission_kind = col_text(*q, 6);
      m.action = col_text(*q, 7);
      m.status = col_text(*q, 8);
      m.effective_date = col_opt_text(*q, 9);
      m.confidence = q->getColumn(10).getDouble();
      m.evidence_text = col_text(*q, 11);
      m.evidence_start = col_opt_int64(*q, 12);
      m.evidence_end = col_opt_int64(*q, 13);
      m.created_at = col_time(*q, 14);
      out.push_back(std::move(m));
    }
    return out;
  });
}

}  // namespace mw::store
