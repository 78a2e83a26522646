#pragma once
// Page metadata for the article extractor: title, dates (with their source), authors, canonical
// URL, language, site name, and the JSON-LD articleBody when the page states one. Sources in
// order of trust: JSON-LD (schema.org NewsArticle & co.), Open Graph / article:* meta tags,
// other meta tags (Dublin Core, parsely, sailthru), microdata, <time datetime>, the URL, then
// visible date lines. Pure: the flat tree and the page URL in, values out.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/article.h"
#include "feeds/html_date.h"
#include "feeds/html_dom.h"

namespace mw::html {

struct PageMetadata {
  std::string title;      // cleaned (site-name suffix removed)
  std::string raw_title;  // <title> as is
  ArticleDate published;
  ArticleDate modified;
  std::vector<std::string> authors;
  std::string canonical_url;
  std::string language;
  std::string site_name;
  std::string json_ld_body;  // articleBody of the page's JSON-LD article, "" if none
};

// Reads the metadata of the page in `nodes`. `page_url` (may be empty) resolves a relative
// canonical URL and supplies a date in the URL ("/2019/11/18/").
PageMetadata extract_metadata(const std::vector<FlatNode>& nodes, std::string_view page_url);

// Removes a site-name suffix or prefix (" | Site", " - Site", " — Site", "Site: ") from a
// <title>; `site_name` (may be empty) is removed wherever it is a separated part. A title whose
// parts are all short is kept whole.
std::string clean_title(std::string_view title, std::string_view site_name);

// A JSON-LD articleBody as plain paragraphs: markup inside it (some sites put HTML there) is
// rendered, line breaks become paragraph breaks, whitespace is collapsed.
std::string clean_json_ld_body(std::string_view body);

}  // namespace mw::html
