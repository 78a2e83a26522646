#pragma once
// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/) into the common Feed shape,
// with feedparser-style keys in `detail` (title, link, links, id, summary, content, author,
// authors, tags, enclosures, published/updated + _iso) so both formats print alike.
#include <string_view>

#include "feeds/feed.h"

namespace mw {

// `utf8` is the decoded document; `base` resolves relative URLs. Invalid JSON or a document
// that is not a JSON Feed yields a bozo Feed with the reason, never an exception.
Feed parse_json_feed(std::string_view utf8, std::string_view base);

}  // namespace mw
