#pragma once
// Internal to feeds/: reads an XML document (already UTF-8) with pugixml and replays it as
// namespace-aware element events into a FeedBuilder, the way a SAX parser would.
#include <map>
#include <string>
#include <string_view>

#include "feeds/feed_builder.h"

namespace mw::feed_detail {

struct XmlOutcome {
  bool well_formed = true;
  std::string error;  // first problem, e.g. "line 3, column 7: mismatched end tag"
};

// `entities`: entities declared in the document's DOCTYPE (name -> replacement text). Undeclared
// HTML 4 entities are resolved too, but make the document not well-formed, as in XML.
XmlOutcome replay_xml(std::string_view utf8, const std::map<std::string, std::string>& entities,
                      FeedBuilder& builder);

}  // namespace mw::feed_detail
