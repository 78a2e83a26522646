#pragma once
// Small pure checks used by the configuration reader (daemon/config_schema.cpp); public so they
// can be tested on their own. Not for use outside daemon/.
#include <span>
#include <string>
#include <string_view>

namespace mw::config {

// Levenshtein distance, case-insensitive (ASCII).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a likely typo (distance <= 2 and
// less than half of the word), else "".
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

// "" when `url` is an absolute URL with one of `schemes` (lower case, e.g. {"http", "https"}) and
// a host; else why not ("missing scheme", "scheme must be http or https", "no host", ...).
std::string url_problem(std::string_view url, std::span<const std::string_view> schemes);

// The host of an absolute URL, lower-cased ("" if none).
std::string url_host(std::string_view url);

// Canonical form used to detect duplicate feeds: scheme and host lower-cased, default port and
// a trailing "/" of an empty path dropped, fragment dropped.
std::string url_identity(std::string_view url);

// Two upper-case ASCII letters (format only; the country list lives in classifiers/).
bool looks_like_country_code(std::string_view code);

}  // namespace mw::config
