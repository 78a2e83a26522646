#include "feeds/feed_discovery.h"

#include <algorithm>
#include <cctype>

#include "feeds/html_dom.h"
#include "feeds/text_util.h"
#include "feeds/url.h"

namespace mw {

namespace {

using text::lower;

bool has_token(std::string_view list, std::string_view token) {
  // rel is a space-separated token list ("alternate feed").
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && std::isspace(static_cast<unsigned char>(list[i]))) ++i;
    std::size_t j = i;
    while (j < list.size() && !std::isspace(static_cast<unsigned char>(list[j]))) ++j;
    if (list.substr(i, j - i) == token) return true;
    i = j;
  }
  return false;
}

bool is_feed_type(std::string_view type) {
  // Media types feed readers accept for autodiscovery (parameters such as charset ignored).
  static constexpr std::string_view kTypes[] = {"application/rss+xml", "application/atom+xml",
                                                "application/rdf+xml", "application/feed+json",
                                                "application/json",    "text/xml",
                                                "application/xml"};
  std::string_view base = type.substr(0, type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return std::find(std::begin(kTypes), std::end(kTypes), base) != std::end(kTypes);
}

}  // namespace

std::vector<DiscoveredFeed> discover_feeds(std::string_view html, std::string_view page_url) {
  std::vector<DiscoveredFeed> found;
  auto doc = html::parse_document(html, {});
  if (!doc || !doc->root()) return found;

  std::string base(page_url);
  const auto nodes = html::flatten(doc->root());
  for (const auto& n : nodes) {
    if (n.tag == GUMBO_TAG_BASE) {
      if (const char* href = html::attr(n.node, "href")) {
        if (auto resolved = url::resolve(page_url, href)) base = *resolved;
      }
      break;
    }
  }
  for (const auto& n : nodes) {
    if (n.tag != GUMBO_TAG_LINK && n.tag != GUMBO_TAG_A) continue;
    const char* rel = html::attr(n.node, "rel");
    const char* type = html::attr(n.node, "type");
    const char* href = html::attr(n.node, "href");
    if (!rel || !type || !href) continue;
    const std::string rel_l = lower(rel);
    const std::string type_l = lower(type);
    if (!has_token(rel_l, "alternate") && !has_token(rel_l, "feed")) continue;
    if (!is_feed_type(type_l)) continue;
    auto resolved = url::resolve(base, html::trim_view(href));
    if (!resolved) continue;
    const std::string s = url::scheme(*resolved);
    if (s != "http" && s != "https") continue;
    if (std::any_of(found.begin(), found.end(),
                    [&](const DiscoveredFeed& f) { return f.url == *resolved; })) {
      continue;
    }
    const char* title = html::attr(n.node, "title");
    found.push_back({*resolved, type_l.substr(0, type_l.find(';')), title ? title : ""});
  }
  return found;
}

}  // namespace mw
