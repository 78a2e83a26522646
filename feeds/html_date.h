#pragma once
// Dates as news pages write them, normalised to ISO 8601. Pure functions, no clock: a date
// without a year is not guessed.
#include <optional>
#include <string>
#include <string_view>

namespace mw::html {

// Normalises a date to ISO 8601: "2019-11-18T10:21:00+00:00" when a time and zone are given,
// "2019-11-18T10:21:00" when no zone is given, "2019-11-18" for a date alone. Understands
// ISO 8601 / RFC 3339 variants ("2019-11-18T10:21:00.000Z", "20191118T102100Z"), RFC 822
// ("Mon, 18 Nov 2019 10:21:00 GMT"), "2019/11/18", "18.11.2019", "November 18, 2019 10:21 am",
// "18 Nov. 2019" (English, French, German, Spanish, Portuguese, Italian month names).
// Years outside 1990..2100 are rejected. nullopt when the whole text is not one date.
std::optional<std::string> normalize_date(std::string_view text);

// The first date in a line of text ("Published: 18 November 2019, 10:21" -> "2019-11-18T10:21:00"),
// nullopt if none.
std::optional<std::string> find_date_in_text(std::string_view text);

// The date in a URL path ("/2019/11/18/", "/2019-11-18-", "/20191118/"), ISO date or nullopt.
std::optional<std::string> date_from_url(std::string_view url);

}  // namespace mw::html
