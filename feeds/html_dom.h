#pragma once
// Gumbo behind a small, safe surface for the article extractor: parsing with hard bounds on input
// size and tree depth, and small accessors. Nothing here recurses over the tree, so a page's
// shape cannot exhaust the stack.
//
// Why bounds: Gumbo 0.10 takes time quadratic in nesting depth (100,000 nested <div>s: ~40 s) and,
// with error recording on, memory quadratic too (12 GB). We therefore (1) turn error recording
// off and (2) prescan the markup and drop start tags that would nest deeper than max_depth.
//
//   auto doc = mw::html::parse_document(utf8, {});
//   if (!doc) ...;                     // kTooLarge never (input is truncated instead), kParse
//   const GumboNode* root = doc->root();
#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mw::html {

struct ParseOptions {
  // Pages above this are cut at the last tag start before the limit (the article body of real
  // pages sits well within the first few MB) and a warning is recorded. Default 8 MiB.
  std::size_t max_bytes = 8u << 20;
  // Start tags nesting deeper than this (by a prescan that mirrors HTML's implied end tags
  // roughly) are dropped. Real pages stay under ~60. Default 400.
  int max_depth = 400;
};

class Document {
 public:
  Document() = default;
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  ~Document();

  const GumboNode* root() const { return output_ ? output_->root : nullptr; }
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  friend Result<Document> parse_document(std::string_view, const ParseOptions&);
  std::string source_;  // Gumbo nodes point into this buffer
  GumboOutput* output_ = nullptr;
  std::vector<std::string> warnings_;
};

// Parses UTF-8 `html` (see ParseOptions for the bounds). Fails (kParse) only if Gumbo returns
// no tree, which it does not for any input in practice.
Result<Document> parse_document(std::string_view html, const ParseOptions& options);

// What Gumbo is given: `html` with start tags nesting beyond `max_depth` removed (with their end
// tags; `dropped` receives how many), and with the inert parts cut (comments, the text of
// scripts other than JSON-LD, of styles, SVG and noscript), which the extractor never reads.
std::string prepare_markup(std::string_view html, int max_depth, std::size_t& dropped);

// Value of attribute `name` (lower case) or nullptr.
const char* attr(const GumboNode* node, const char* name);
inline bool is_element(const GumboNode* n) {
  return n && n->type == GUMBO_NODE_ELEMENT;
}
inline GumboTag tag(const GumboNode* n) {
  return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
}
// Lower-case tag name, including unknown/custom elements ("my-widget").
std::string tag_name(const GumboNode* n);

// Text of the subtree with whitespace runs collapsed to one space and trimmed; <script>,
// <style>, <noscript> and <template> contents are ignored. Iterative.
std::string text_of(const GumboNode* node);

// Appends `s` collapsing whitespace runs (ASCII and U+00A0) to a single space; `last_space`
// tracks state across calls. Leading space is suppressed when out is empty.
void append_collapsed(std::string& out, std::string_view s, bool& last_space);

// The tree in document order (preorder) as a flat array, built iteratively: what the metadata
// and content passes walk instead of recursing. Comments and the document node are left out.
struct FlatNode {
  const GumboNode* node;
  int parent;    // index in the array, -1 for the root element
  int end;       // one past the last descendant: the subtree is [index, end)
  GumboTag tag;  // GUMBO_TAG_UNKNOWN for text nodes and custom elements
  bool is_text;  // text, whitespace or CDATA node
};
std::vector<FlatNode> flatten(const GumboNode* root);

// Trims ASCII whitespace at both ends.
std::string_view trim_view(std::string_view s);

}  // namespace mw::html
