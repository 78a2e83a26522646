#pragma once
// Internal to daemon/store/: small helpers the repositories share to bind optional values and
// read nullable columns. Not for use outside the store.
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include "common/clock.h"
#include "common/result.h"
#include "daemon/store/sql_time.h"

namespace mw::store::detail {

inline void bind_opt(SQLite::Statement& s, int i, const std::optional<std::string>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<std::int64_t>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
inline void bind_opt(SQLite::Statement& s, int i, const std::optional<int>& v) {
  if (v) {
    s.bind(i, *v);
  } else {
    s.bind(i);
  }
}
inline void bind_time(SQLite::Statement& s, int i, TimePoint t) {
  s.bind(i, to_sql_time(t));
}
inline void bind_opt_time(SQLite::Statement& s, int i, const std::optional<TimePoint>& t) {
  if (t) {
    s.bind(i, to_sql_time(*t));
  } else {
    s.bind(i);
  }
}
inline void bind_bool(SQLite::Statement& s, int i, bool b) {
  s.bind(i, b ? 1 : 0);
}

// 64-bit fingerprints are stored bit-for-bit in SQLite's signed INTEGER.
inline std::int64_t to_signed(std::uint64_t v) {
  std::int64_t out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}
inline std::uint64_t to_unsigned(std::int64_t v) {
  std::uint64_t out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}

inline std::string col_text(const SQLite::Statement& s, int i) {
  return s.isColumnNull(i) ? std::string() : s.getColumn(i).getString();
}
inline std::optional<std::string> col_opt_text(const SQLite::Statement& s, int i) {
  if (s.isColumnNull(i)) return std::nullopt;
  return s.getColumn(i).getString();
}
inline std::optional<std::int64_t> col_opt_int64(const SQLite::Statement& s, int i) {
  if (s.isColumnNull(i)) return std::nullopt;
  return s.getColumn(i).getInt64();
}
inline std::optional<int> col_opt_int(const SQLite::Statement& s, int i) {
  if (s.isColumnNull(i)) return std::nullopt;
  return s.getColumn(i).getInt();
}
inline bool col_bool(const SQLite::Statement& s, int i) {
  return s.getColumn(i).getInt() != 0;
}

// Times that do not parse (hand-edited rows) throw, and surface as a kDatabase error naming the
// column through Store::guard.
inline TimePoint col_time(const SQLite::Statement& s, int i) {
  auto t = from_sql_time(col_text(s, i));
  if (!t) {
    throw std::runtime_error(std::string("column ") + s.getColumnName(i) + ": " +
                             t.error().message);
  }
  return *t;
}
inline std::optional<TimePoint> col_opt_time(const SQLite::Statement& s, int i) {
  if (s.isColumnNull(i)) return std::nullopt;
  return col_time(s, i);
}

// A JSON array of strings (tags, authors) ⇄ vector. Declared here, defined in sql_util.cpp.
std::string to_json_array(const std::vector<std::string>& values);
std::vector<std::string> from_json_array(const std::string& text);  // throws on malformed text

}  // namespace mw::store::detail
