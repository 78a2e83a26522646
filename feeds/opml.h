#pragma once
// OPML 1.0/2.0 subscription lists, the format feed readers import and export. Pure.
//
//   auto outlines = parse_opml(text);          // every outline with an xmlUrl, nested or not
//   std::string doc = write_opml(outlines, "missionwatch feeds");
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mw {

struct OpmlFeed {
  std::string url;                      // xmlUrl
  std::string title;                    // title, else text
  std::string html_url;                 // htmlUrl, may be empty
  std::vector<std::string> categories;  // enclosing outline titles and the category attribute
};

// Every outline with an xmlUrl, in document order. kParse (with the XML error and its byte
// offset) when the text is not XML or has no <opml><body>.
Result<std::vector<OpmlFeed>> parse_opml(std::string_view text);

// An OPML 2.0 document listing `feeds`.
std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title);

}  // namespace mw
