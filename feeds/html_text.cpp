#include "feeds/html_text.h"

namespace mw::html {

bool is_block_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR: return true;
    default: return false;
  }
}

std::string render_paragraphs(const std::vector<FlatNode>& nodes, const std::vector<int>& roots,
                              const std::vector<std::uint8_t>& skip) {
  std::string out;
  std::string para;
  bool last_space = true;
  auto flush = [&] {
    std::string_view p = trim_view(para);
    while (!p.empty() && (p.back() == '\n' || p.back() == ' ')) p.remove_suffix(1);
    while (!p.empty() && (p.front() == '\n' || p.front() == ' ')) p.remove_prefix(1);
    if (!p.empty()) {
      if (!out.empty()) out += "\n\n";
      out.append(p);
    }
    para.clear();
    last_space = true;
  };
  std::vector<int> open_blocks;  // `end` of block elements being rendered
  for (int root : roots) {
    int i = root;
    int stop = nodes[root].end;
    while (i < stop) {
      while (!open_blocks.empty() && open_blocks.back() <= i) {
        open_blocks.pop_back();
        flush();
      }
      const FlatNode& n = nodes[i];
      if (skip[i]) {
        i = n.end;
        continue;
      }
      if (n.is_text) {
        append_collapsed(para, n.node->v.text.text, last_space);
        ++i;
        continue;
      }
      if (n.tag == GUMBO_TAG_BR) {
        while (!para.empty() && para.back() == ' ') para.pop_back();
        if (!para.empty()) para.push_back('\n');
        last_space = true;
      } else if (is_block_tag(n.tag)) {
        flush();
        open_blocks.push_back(n.end);
      } else if (n.tag == GUMBO_TAG_TD || n.tag == GUMBO_TAG_TH) {
        append_collapsed(para, " ", last_space);
      }
      ++i;
    }
    while (!open_blocks.empty()) {
      open_blocks.pop_back();
      flush();
    }
    flush();
  }
  // Collapse the spaces left around single line breaks.
  std::string clean;
  clean.reserve(out.size());
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (out[k] == ' ' && k + 1 < out.size() && out[k + 1] == '\n') continue;
    if (out[k] == ' ' && !clean.empty() && clean.back() == '\n') continue;
    clean.push_back(out[k]);
  }
  return clean;
}

}  // namespace mw::html
