#pragma once
// Finding a page's main text by content scoring, in the manner of Mozilla Readability (our own
// code): boilerplate elements are set aside (navigation, hidden parts, share bars, related lists,
// comments, cookie and newsletter boxes, captions), paragraph-like elements are scored by their
// text (length, commas) and the score flows to their ancestors, scaled by class/id hints and
// link density; the best container is taken with its sibling paragraphs, and cleaned of
// link-heavy or near-empty blocks before being rendered as paragraphs.
//
// Pure: the flat tree (html_dom.h) in, text out.
#include <string>
#include <string_view>
#include <vector>

#include "feeds/html_boilerplate.h"
#include "feeds/html_dom.h"

namespace mw::html {

struct ScoringOptions {
  // Paragraphs shorter than this (in bytes of text) do not vote for their ancestors. Default 25.
  int min_paragraph_bytes = 25;
  // A sibling of the best container joins it when its score is at least this share of the best
  // score (or 10, whichever is larger). Default 0.2.
  double sibling_score_ratio = 0.2;
  // Below this many bytes of text the result is reported as "no main text". Default 140.
  int min_text_bytes = 140;
};

struct ScoredContent {
  std::string text;    // paragraphs joined by "\n\n"; empty if none found
  std::string reason;  // why `text` is empty ("" otherwise)
  std::string source;  // "article", "itemprop", "scoring"
};

// The main text of the page in `nodes` (from flatten()). `title` (may be empty) lets a heading
// that repeats the title be left out of the text.
ScoredContent extract_main_text(const std::vector<FlatNode>& nodes, std::string_view title,
                                const ScoringOptions& options);

}  // namespace mw::html
