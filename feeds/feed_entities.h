#pragma once
// Character entities shared by the feed parser and the HTML sanitizer (internal to feeds/).
#include <optional>
#include <string>
#include <string_view>

namespace mw::feed_detail {

// Code point of an HTML 4 named entity ("eacute" -> U+00E9), nullopt when unknown.
// Case-sensitive, as in HTML ("Eacute" differs from "eacute").
std::optional<char32_t> html4_entity(std::string_view name);

// Appends `c` encoded as UTF-8; surrogates and out-of-range values become U+FFFD.
void append_utf8(std::string& out, char32_t c);

}  // namespace mw::feed_detail
