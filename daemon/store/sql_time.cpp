#include "daemon/store/sql_time.h"

#include <cctype>
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace mw::store {

namespace {
// Reads exactly n digits at text[pos...]; false if any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}
}  // namespace

std::string to_sql_time(TimePoint t) {
  using namespace std::chrono;
  auto ms = floor<milliseconds>(t);
  auto day = floor<days>(ms);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{ms - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

Result<TimePoint> from_sql_time(std::string_view text) {
  using namespace std::chrono;
  auto bad = [&] {
    return fail(
        ErrorCode::kParse,
        fmt::format("store: time \"{}\" is not ISO 8601 UTC (YYYY-MM-DDTHH:MM:SS.mmmZ)", text));
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0;
  if (!digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, mo) ||
      text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != ' ') ||
      !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' ||
      !digits(text, 17, 2, s)) {
    return bad();
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      frac += (text[pos] - '0') * scale;  // digits beyond milliseconds add 0 (scale reaches 0)
      scale /= 10;
      ++pos;
    }
  }
  if (pos < text.size() && text[pos] == 'Z') ++pos;
  if (pos != text.size()) return bad();
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return bad();
  return TimePoint{sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} + milliseconds{frac}};
}

}  // namespace mw::store
