#pragma once
// Event mentions: what the classifier found in one article, kept whether or not it became (or
// merged into) an event, with the evidence and its offsets in the article text.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/store.h"

namespace mw::store {

struct MentionRecord {
  std::int64_t id = 0;  // set by the store
  std::int64_t article_id = 0;
  std::optional<std::int64_t> event_id{};  // NULL: historical-only or not merged
  std::string direction;
  std::string country;
  std::optional<std::string> city{};
  std::string mission_kind = "mission";
  std::string action;
  std::string status;
  std::optional<std::string> effective_date{};
  double confidence = 0;
  std::string evidence_text{};
  std::optional<std::int64_t> evidence_start{};  // byte offsets into the article text
  std::optional<std::int64_t> evidence_end{};
  TimePoint created_at{};  // set by the store
};

// Inserts the mention (created_at = now). Returns its id.
Result<std::int64_t> insert_mention(Store& store, const MentionRecord& mention, TimePoint now);

// Links a mention to the event it was merged into.
Status set_mention_event(Store& store, std::int64_t mention_id, std::int64_t event_id);

// The mentions found in one article, in insertion order.
Result<std::vector<MentionRecord>> mentions_of_article(Store& store, std::int64_t article_id);

}  // namespace mw::store
