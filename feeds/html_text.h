#pragma once
// Turns chosen parts of a page into plain text paragraphs: block elements (p, div, li, h2...)
// start new paragraphs, <br> starts a new line, whitespace is collapsed. Paragraphs are joined
// with one blank line ("\n\n"). Works on the flat tree of html_dom.h, without recursion.
#include <cstdint>
#include <string>
#include <vector>

#include "feeds/html_dom.h"

namespace mw::html {

// True for elements that break the flow of text into a new paragraph.
bool is_block_tag(GumboTag t);

// Renders the subtrees rooted at `roots` (indices into `nodes`, in document order), leaving out
// every node whose `skip[i]` is non-zero together with its subtree. `skip` is indexed like `nodes`.
std::string render_paragraphs(const std::vector<FlatNode>& nodes, const std::vector<int>& roots,
                              const std::vector<std::uint8_t>& skip);

}  // namespace mw::html
