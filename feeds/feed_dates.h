#pragma once
// Dates as feeds write them, normalised to UTC. Pure functions; no clock, no locale.
//
//   parse_feed_date("Thu, 01 Jan 2004 19:48:21 GMT")   // 1072986501
//   parse_feed_date("2003-12-31T10:14:55-08:00")       // 1072894495
//   format_iso_utc(1072986501)                          // "2004-01-01T19:48:21Z"
//
// Accepted: RFC 822 / RFC 1123 / RFC 2822 (obsolete zone names EST, PDT..., military letters,
// two-digit years, missing seconds or weekday, "UT", "Z", zone without sign or with a colon,
// day and month swapped), RFC 3339 / ISO 8601 / W3C-DTF (reduced precision "2003", "2003-12",
// compact "20031231T101455Z", fractions, space instead of 'T'), asctime ("Sun Jan  4 16:29:06
// 2004"). Anything else, or an impossible date, is nullopt: dates are never invented.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mw {

// Seconds since the Unix epoch (UTC) of a feed date, nullopt when it cannot be parsed.
std::optional<std::int64_t> parse_feed_date(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" for seconds since the epoch.
std::string format_iso_utc(std::int64_t seconds);

}  // namespace mw
