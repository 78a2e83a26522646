#pragma once
// The Article value: what the extractor (feeds/article_extractor.h) makes of one news page.
// Plain data, no behaviour; every field may be empty because real pages omit any of them.
#include <string>
#include <vector>

namespace mw {

// A date found on the page, with where it came from so that callers can weigh it
// (a JSON-LD datePublished is more trustworthy than a date guessed from the URL).
struct ArticleDate {
  std::string iso;     // ISO 8601: "2019-11-18T10:21:00+00:00", "2019-11-18T10:21:00" (no zone
                       // stated) or "2019-11-18" (date only); empty = not found
  std::string source;  // "json-ld", "meta:article:published_time", "time", "url", "text", ...

  bool empty() const { return iso.empty(); }
};

struct Article {
  std::string title;  // without the " | Site name" suffix
  // Main text: paragraphs separated by one blank line ("\n\n"), whitespace collapsed inside a
  // paragraph. Empty when the page has no main text; then `no_text_reason` says why.
  std::string text;
  std::string no_text_reason;  // "" when text was found
  std::string text_source;     // how the body was found: "scoring", "json-ld", "itemprop"...
  ArticleDate published;
  ArticleDate modified;
  std::vector<std::string> authors;  // person names, in page order, no duplicates
  std::string canonical_url;         // absolute (resolved against the page URL when relative)
  std::string language;              // BCP 47 tag as declared ("en", "pt-BR"); empty = unknown
  std::string site_name;
  std::string charset;         // the encoding the page was decoded from ("utf-8", "windows-1252")
  std::string charset_source;  // "header", "bom", "meta", "guess", "default"
  std::vector<std::string> warnings;  // non-fatal input problems (truncated, depth capped...)
};

}  // namespace mw
