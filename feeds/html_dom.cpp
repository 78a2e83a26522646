#include "feeds/html_dom.h"
#include "feeds/text_util.h"

#include <array>
#include <cstring>
#include <unordered_map>

namespace mw::html {
namespace {

char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
using text::is_space;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  }
  return true;
}

bool one_of(std::string_view name, std::initializer_list<std::string_view> list) {
  for (auto s : list) {
    if (iequals(name, s)) return true;
  }
  return false;
}

bool is_void(std::string_view n) {
  return one_of(
      n, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
          "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image"});
}

bool is_raw_text(std::string_view n) {
  return one_of(n,
                {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

// Elements whose start tag implicitly ends an open element of the same kind.
bool closes_same(std::string_view n) {
  return one_of(n, {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody",
                    "tfoot", "rb", "rt", "rp"});
}

// Block elements whose start tag implicitly ends an open <p>.
bool closes_p(std::string_view n) {
  return one_of(
      n, {"address",    "article", "aside",   "blockquote", "details", "div",  "dl",  "fieldset",
          "figcaption", "figure",  "footer",  "form",       "h1",      "h2",   "h3",  "h4",
          "h5",         "h6",      "header",  "hr",         "main",    "menu", "nav", "ol",
          "p",          "pre",     "section", "table",      "ul"});
}

// Finds the end of a tag starting at `i` (s[i] == '<'), honouring quoted attribute values;
// returns the index after '>' or s.size().
std::size_t tag_end(std::string_view s, std::size_t i, bool& self_closing) {
  char quote = 0;
  self_closing = false;
  for (std::size_t k = i + 1; k < s.size(); ++k) {
    char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      // Quotes only open inside an attribute value (after '='), as in the HTML tokenizer.
      std::size_t p = k;
      while (p > i && is_space(s[p - 1])) --p;
      if (p > i && s[p - 1] == '=') quote = c;
    } else if (c == '>') {
      self_closing = s[k - 1] == '/';
      return k + 1;
    }
  }
  return s.size();
}

std::size_t find_ci(std::string_view s, std::size_t from, std::string_view needle) {
  while (true) {
    std::size_t p = s.find('<', from);
    if (p == std::string_view::npos || p + needle.size() > s.size()) return std::string_view::npos;
    if (iequals(s.substr(p, needle.size()), needle)) return p;
    from = p + 1;
  }
}

void free_output(GumboOutput* out) {
  if (out) gumbo_destroy_output(&kGumboDefaultOptions, out);
}

}  // namespace

std::string prepare_markup(std::string_view s, int max_depth, std::size_t& dropped) {
  dropped = 0;
  std::vector<std::string_view> stack;
  std::unordered_map<std::string, std::size_t> dropped_open;  // lower-case name -> count
  std::string out;
  std::size_t copied = 0;
  out.reserve(s.size() / 2);
  auto cut = [&](std::size_t from, std::size_t to) {
    if (from < copied || to <= from) return;
    out.append(s.substr(copied, from - copied));
    copied = to;
  };
  auto drop = [&](std::size_t from, std::size_t to) {
    cut(from, to);
    ++dropped;
  };
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= s.size()) break;
    char c = s[lt + 1];
    if (c == '!') {
      bool comment = s.compare(lt, 4, "<!--") == 0;
      std::size_t end = comment ? s.find("-->", lt + 4) : s.find('>', lt);
      if (end == std::string_view::npos) break;
      i = comment ? end + 3 : end + 1;
      if (comment) cut(lt, i);
      continue;
    }
    if (c == '?') {
      std::size_t end = s.find('>', lt);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    bool closing = c == '/';
    std::size_t name_start = lt + (closing ? 2 : 1);
    if (name_start >= s.size() || !is_alpha(s[name_start])) {
      i = lt + 1;
      continue;
    }
    std::size_t name_end = name_start;
    while (name_end < s.size() && !is_space(s[name_end]) && s[name_end] != '>' &&
           s[name_end] != '/') {
      ++name_end;
    }
    std::string_view name = s.substr(name_start, name_end - name_start);
    bool self_closing = false;
    std::size_t end = tag_end(s, lt, self_closing);
    if (closing) {
      std::string key(name);
      for (char& ch : key) ch = lower_ascii(ch);
      auto it = dropped_open.find(key);
      if (it != dropped_open.end() && it->second > 0) {
        --it->second;
        drop(lt, end);
      } else {
        for (std::size_t k = stack.size(); k-- > 0;) {
          if (iequals(stack[k], name)) {
            stack.resize(k);
            break;
          }
        }
      }
      i = end;
      continue;
    }
    bool svg = iequals(name, "svg") && !self_closing;
    if (is_raw_text(name) || svg || iequals(name, "noscript")) {
      // Skip the element's text up to its end tag; it cannot contain tags. The text of
      // scripts (except JSON-LD metadata), styles, SVG drawings and noscript fallbacks is cut:
      // nothing the extractor reads, and often half of a page's bytes, which Gumbo would
      // otherwise tokenize character by character.
      std::string close = "</" + std::string(name);
      std::size_t close_at = find_ci(s, end, close);
      i = close_at == std::string_view::npos ? s.size() : close_at;
      bool inert = svg || iequals(name, "style") || iequals(name, "noscript") ||
                   (iequals(name, "script") &&
                    s.substr(lt, end - lt).find("ld+json") == std::string_view::npos);
      if (inert) cut(end, i);
      continue;
    }
    if (is_void(name) || self_closing) {
      i = end;
      continue;
    }
    if (!stack.empty() && closes_same(name) && iequals(stack.back(), name)) stack.pop_back();
    if (!stack.empty() && closes_p(name) && iequals(stack.back(), "p")) stack.pop_back();
    if (static_cast<int>(stack.size()) >= max_depth) {
      std::string key(name);
      for (char& ch : key) ch = lower_ascii(ch);
      ++dropped_open[key];
      drop(lt, end);
    } else {
      stack.push_back(name);
    }
    i = end;
  }
  out.append(s.substr(std::min(copied, s.size())));
  return out;
}

Document::Document(Document&& o) noexcept
    : source_(std::move(o.source_)), output_(o.output_), warnings_(std::move(o.warnings_)) {
  o.output_ = nullptr;
}

Document& Document::operator=(Document&& o) noexcept {
  if (this != &o) {
    free_output(output_);
    source_ = std::move(o.source_);
    output_ = o.output_;
    warnings_ = std::move(o.warnings_);
    o.output_ = nullptr;
  }
  return *this;
}

Document::~Document() {
  free_output(output_);
}

Result<Document> parse_document(std::string_view html, const ParseOptions& options) {
  Document doc;
  if (html.size() > options.max_bytes) {
    std::size_t cut = html.rfind('<', options.max_bytes);
    if (cut == std::string_view::npos || cut == 0) cut = options.max_bytes;
    doc.warnings_.push_back("page truncated from " + std::to_string(html.size()) + " to " +
                            std::to_string(cut) + " bytes (max_bytes)");
    html = html.substr(0, cut);
  }
  std::size_t dropped = 0;
  doc.source_ = prepare_markup(html, options.max_depth, dropped);
  if (dropped > 0) {
    doc.warnings_.push_back(std::to_string(dropped) + " tags nested deeper than " +
                            std::to_string(options.max_depth) + " were dropped");
  }
  GumboOptions gopts = kGumboDefaultOptions;
  gopts.max_errors = 0;  // error records copy the open-element stack: quadratic memory
  doc.output_ = gumbo_parse_with_options(&gopts, doc.source_.data(), doc.source_.size());
  if (!doc.output_ || !doc.output_->root) {
    return fail(ErrorCode::kParse, "html_dom: Gumbo returned no document tree");
  }
  return doc;
}

const char* attr(const GumboNode* node, const char* name) {
  if (!is_element(node)) return nullptr;
  const GumboAttribute* a = gumbo_get_attribute(&node->v.element.attributes, name);
  return a ? a->value : nullptr;
}

std::string tag_name(const GumboNode* n) {
  if (!is_element(n)) return "";
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  std::string out(piece.data ? piece.data : "", piece.data ? piece.length : 0);
  for (char& c : out) c = lower_ascii(c);
  return out;
}

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void append_collapsed(std::string& out, std::string_view s, bool& last_space) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool space = is_space(c) || c == '\v';
    if (!space && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      space = true;
      ++i;
    }
    if (space) {
      if (!last_space && !out.empty()) out.push_back(' ');
      last_space = true;
    } else {
      out.push_back(c);
      last_space = false;
    }
  }
}

std::vector<FlatNode> flatten(const GumboNode* root) {
  std::vector<FlatNode> nodes;
  if (!root) return nodes;
  nodes.reserve(4096);
  std::vector<std::pair<const GumboNode*, int>> stack;
  if (root->type == GUMBO_NODE_DOCUMENT) {
    const GumboVector& kids = root->v.document.children;
    for (unsigned k = kids.length; k-- > 0;) {
      stack.emplace_back(static_cast<const GumboNode*>(kids.data[k]), -1);
    }
  } else {
    stack.emplace_back(root, -1);
  }
  while (!stack.empty()) {
    auto [n, parent] = stack.back();
    stack.pop_back();
    bool text = n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
                n->type == GUMBO_NODE_CDATA;
    if (!text && n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    int index = static_cast<int>(nodes.size());
    nodes.push_back(
        FlatNode{n, parent, index + 1, text ? GUMBO_TAG_UNKNOWN : n->v.element.tag, text});
    if (text) continue;
    const GumboVector& kids = n->v.element.children;
    for (unsigned k = kids.length; k-- > 0;) {
      stack.emplace_back(static_cast<const GumboNode*>(kids.data[k]), index);
    }
  }
  for (int i = static_cast<int>(nodes.size()); i-- > 0;) {
    int p = nodes[i].parent;
    if (p >= 0 && nodes[i].end > nodes[p].end) nodes[p].end = nodes[i].end;
  }
  return nodes;
}

std::string text_of(const GumboNode* node) {
  std::string out;
  if (!node) return out;
  bool last_space = true;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
        n->type == GUMBO_NODE_WHITESPACE) {
      append_collapsed(out, n->v.text.text, last_space);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    GumboTag t = tag(n);
    if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT ||
        t == GUMBO_TAG_TEMPLATE) {
      continue;
    }
    const GumboVector& kids =
        n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
    for (unsigned k = kids.length; k-- > 0;) {
      stack.push_back(static_cast<const GumboNode*>(kids.data[k]));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace mw::html
