#pragma once
// How the store writes times: ISO 8601 UTC text with milliseconds, "2026-11-23T20:15:19.123Z".
//
// Why text and not unix seconds: people inspect the database with `sqlite3` and the SQL views
// (events_v, event_sources_v) are read by external tools; text is readable there as is. The
// fixed width (always 24 characters, always milliseconds, always "Z") keeps it sortable and
// comparable as plain strings, which is what the indexes on next_poll_at / next_attempt_at /
// last_seen_at rely on. It is exactly what SQLite itself produces with
// strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), so ad-hoc SQL can compare against that.
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace mw::store {

// "YYYY-MM-DDTHH:MM:SS.mmmZ" (sub-millisecond parts are truncated, toward the past).
std::string to_sql_time(TimePoint t);

// Parses what to_sql_time writes; also accepts "YYYY-MM-DDTHH:MM:SSZ", a space instead of the
// "T" and a missing "Z" (SQLite's datetime() style), so rows written by hand still read back.
// Fails with kParse naming the text.
Result<TimePoint> from_sql_time(std::string_view text);

}  // namespace mw::store
