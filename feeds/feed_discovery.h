#pragma once
// Feed autodiscovery, as feed readers do it: a web page names its feeds with
//   <link rel="alternate" type="application/rss+xml" href="/feed.xml" title="News">
// in its <head>. Pure: HTML text in, absolute feed URLs out, in page order, without duplicates.
#include <string>
#include <string_view>
#include <vector>

namespace mw {

struct DiscoveredFeed {
  std::string url;    // absolute (resolved against the page URL and <base href>)
  std::string type;   // application/rss+xml, application/atom+xml, application/feed+json, ...
  std::string title;  // the link's title attribute, may be empty
};

// `html` must be UTF-8; `page_url` is the page's address (for relative hrefs).
std::vector<DiscoveredFeed> discover_feeds(std::string_view html, std::string_view page_url);

}  // namespace mw
