#pragma once
// Article extraction: a downloaded news page (bytes as received) to an Article value with its
// main text and metadata. Pure: no network, no clock, no files; bounded in time and memory for any
// input (see html::ParseOptions).
//
//   mw::ExtractOptions opts;  // defaults suit news pages
//   auto art = mw::extract_article(body, opts, "https://example.org/2019/11/18/x.html",
//                                  "text/html; charset=utf-8");
//   if (!art) ...;                       // only for input that is not HTML at all (kParse)
//   if (art->text.empty()) log(art->no_text_reason);  // "nothing found" is a value
//
// Pipeline: html_decode (charset) -> html_dom (Gumbo, bounded) -> html_metadata (title, dates,
// authors, canonical URL, language, site name, JSON-LD) -> html_scoring (main text).
#include <string_view>

#include "common/result.h"
#include "feeds/article.h"
#include "feeds/html_dom.h"
#include "feeds/html_scoring.h"

namespace mw {

struct ExtractOptions {
  html::ParseOptions parse;      // input size and nesting bounds
  html::ScoringOptions scoring;  // content scoring thresholds
  // Use the page's JSON-LD articleBody instead of the scored text when at least this share of
  // its words also appear, in order, in the scored text's neighbourhood (the visible page),
  // i.e. when it is trustworthy. 0 disables the check (always prefer JSON-LD); >1 never uses
  // it except when scoring finds nothing. Default 0.9.
  double json_ld_min_agreement = 0.9;
};

// Extracts the article from `bytes`. `url` is the page's address (resolves the canonical URL,
// gives a date in the URL); `content_type_header` is the HTTP Content-Type value (charset).
// Fails with kParse when the bytes are not text (binary data); an empty page or a page without
// main text gives an Article with empty `text` and `no_text_reason` set.
Result<Article> extract_article(std::string_view bytes, const ExtractOptions& options,
                                std::string_view url = "",
                                std::string_view content_type_header = "");

}  // namespace mw
