#include "feeds/html_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "feeds/html_boilerplate.h"
#include "feeds/html_text.h"
#include "feeds/text_util.h"

namespace mw::html {
namespace {

using text::is_space;

using text::lower;

// Elements that may hold text of their own and so vote for their ancestors.
bool is_paragraph_tag(GumboTag t) {
  return t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_TD || t == GUMBO_TAG_BLOCKQUOTE;
}

// Divs and the like without block children are paragraphs written without <p>.
bool is_container_tag(GumboTag t) {
  return t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION || t == GUMBO_TAG_ARTICLE ||
         t == GUMBO_TAG_MAIN || t == GUMBO_TAG_SPAN || t == GUMBO_TAG_FONT ||
         t == GUMBO_TAG_CENTER || t == GUMBO_TAG_UNKNOWN;
}

int tag_base_score(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE: return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH: return -5;
    default: return 0;
  }
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

struct Stats {
  int text = 0;  // non-space bytes of text
  int link = 0;  // of which inside <a>
  int commas = 0;
  int p_count = 0;
  int p_text = 0;  // text inside <p>
  int img = 0;
  int li = 0;
  int input = 0;
  int embed = 0;
  int heading = 0;  // text inside headings
  int quote = 0;    // <blockquote> elements
  bool block_child = false;
  // Text outside block children (runs of text between <div>s or <br>s, which Readability
  // wraps into paragraphs): what a container says itself.
  int inline_text = 0;
  int inline_commas = 0;
  int inline_br = 0;
};

struct Pass {
  const std::vector<FlatNode>& nodes;
  std::vector<std::uint8_t> removed;
  std::vector<Stats> stats;
  std::vector<double> score;
  std::vector<std::uint8_t> scored;
  std::vector<int> weight;         // class weight, computed lazily (INT32_MIN = not yet)
  std::vector<std::string> names;  // class+id, lower case, for elements

  explicit Pass(const std::vector<FlatNode>& n)
      : nodes(n),
        removed(n.size(), 0),
        stats(n.size()),
        score(n.size(), 0.0),
        scored(n.size(), 0),
        weight(n.size(), INT32_MIN),
        names(n.size()) {}

  int class_weight_of(int i) {
    if (weight[i] == INT32_MIN) weight[i] = class_weight(nodes[i].node);
    return weight[i];
  }

  double link_density(int i) const {
    return stats[i].text > 0 ? static_cast<double>(stats[i].link) / stats[i].text : 0.0;
  }

  // Bottom-up totals over the nodes not removed.
  void aggregate() {
    for (auto& s : stats) s = Stats{};
    int n = static_cast<int>(nodes.size());
    for (int i = n; i-- > 0;) {
      if (removed[i]) continue;
      const FlatNode& fn = nodes[i];
      Stats& s = stats[i];
      if (fn.is_text) {
        const char* t = fn.node->v.text.text;
        for (const char* c = t; *c; ++c) {
          if (!is_space(*c)) ++s.text;
          if (*c == ',') ++s.commas;
          // "，" (U+FF0C) and "、" (U+3001) are the commas of CJK text.
          if (c[0] == '\xEF' && c[1] == '\xBC' && c[2] == '\x8C') ++s.commas;
          if (c[0] == '\xE3' && c[1] == '\x80' && c[2] == '\x81') ++s.commas;
        }
      } else {
        switch (fn.tag) {
          case GUMBO_TAG_A: s.link = s.text; break;
          case GUMBO_TAG_P:
            ++s.p_count;
            s.p_text = s.text;
            break;
          case GUMBO_TAG_DIV:
          case GUMBO_TAG_SPAN:
          case GUMBO_TAG_SECTION:
            // Text-only blocks count as paragraphs (Readability turns them into <p>).
            if (!s.block_child && s.text >= 25 && s.p_count == 0) ++s.p_count;
            break;
          case GUMBO_TAG_IMG: ++s.img; break;
          case GUMBO_TAG_LI: ++s.li; break;
          case GUMBO_TAG_BLOCKQUOTE: ++s.quote; break;
          case GUMBO_TAG_INPUT: ++s.input; break;
          case GUMBO_TAG_EMBED:
          case GUMBO_TAG_OBJECT:
          case GUMBO_TAG_IFRAME: ++s.embed; break;
          default: break;
        }
        if (is_heading(fn.tag)) s.heading = s.text;
      }
      int p = fn.parent;
      if (p < 0) continue;
      Stats& ps = stats[p];
      ps.text += s.text;
      ps.link += s.link;
      ps.commas += s.commas;
      ps.p_count += s.p_count;
      ps.p_text += s.p_text;
      ps.img += s.img;
      ps.li += s.li;
      ps.input += s.input;
      ps.embed += s.embed;
      ps.heading += s.heading;
      ps.quote += s.quote;
      if (!fn.is_text && (is_block_tag(fn.tag) || fn.tag == GUMBO_TAG_IMG)) {
        ps.block_child = true;
      } else if (fn.tag == GUMBO_TAG_BR) {
        ++ps.inline_br;
      } else if (fn.is_text || fn.tag != GUMBO_TAG_A) {
        ps.inline_text += fn.is_text ? s.text : s.inline_text;
        ps.inline_commas += fn.is_text ? s.commas : s.inline_commas;
        ps.inline_br += fn.is_text ? 0 : s.inline_br;
      }
    }
  }
};

}  // namespace

ScoredContent extract_main_text(const std::vector<FlatNode>& nodes, std::string_view title,
                                const ScoringOptions& options) {
  ScoredContent result;
  int n = static_cast<int>(nodes.size());
  int body = -1;
  for (int i = 0; i < n; ++i) {
    if (nodes[i].tag == GUMBO_TAG_BODY) {
      body = i;
      break;
    }
  }
  if (body < 0) {
    result.reason = "the page has no <body>";
    return result;
  }
  Pass pass(nodes);

  // 1. Elements that never hold the article, and hidden ones.
  std::vector<std::uint8_t> unlikely(n, 0);
  for (int i = 0; i < n; ++i) {
    const FlatNode& fn = nodes[i];
    if (fn.parent >= 0 && pass.removed[fn.parent]) {
      pass.removed[i] = 1;
      continue;
    }
    if (fn.is_text) continue;
    if (is_boilerplate_tag(fn.tag) || is_hidden_element(fn.node)) {
      pass.removed[i] = 1;
      continue;
    }
    if (i > body && fn.tag != GUMBO_TAG_ARTICLE && fn.tag != GUMBO_TAG_MAIN &&
        fn.tag != GUMBO_TAG_A && is_unlikely_candidate(fn.node)) {
      unlikely[i] = 1;
    }
  }
  // 2. Boilerplate by class/id, unless the element holds much of the page's paragraph text
  // (a class list like "article-body has-share-bar" must not sink the article).
  pass.aggregate();
  auto plain = [&](int i) { return pass.stats[i].text - pass.stats[i].link; };
  int total_plain = std::max(1, plain(body));
  for (int i = body; i < n; ++i) {
    const FlatNode& fn = nodes[i];
    if (pass.removed[i]) continue;
    if (fn.parent >= 0 && pass.removed[fn.parent]) {
      pass.removed[i] = 1;
      continue;
    }
    if (unlikely[i] && plain(i) * 10 < total_plain * 4) pass.removed[i] = 1;
  }
  pass.aggregate();
  if (pass.stats[body].text == 0) {
    result.reason = "the page has no visible text";
    return result;
  }

  // 3. Paragraphs vote for up to five ancestors.
  std::vector<int> candidates;
  auto init = [&](int i) {
    if (pass.scored[i]) return;
    pass.scored[i] = 1;
    pass.score[i] = tag_base_score(nodes[i].tag) + pass.class_weight_of(i);
    candidates.push_back(i);
  };
  for (int i = body + 1; i < n; ++i) {
    const FlatNode& fn = nodes[i];
    if (pass.removed[i] || fn.is_text) continue;
    const Stats& s = pass.stats[i];
    bool votes = is_paragraph_tag(fn.tag) || (is_container_tag(fn.tag) && !s.block_child);
    int first_voter = fn.parent;
    double content = 0;
    if (votes && s.text >= options.min_paragraph_bytes) {
      // A text-only container inside a <p> must not vote twice.
      if (fn.parent >= 0 && nodes[fn.parent].tag == GUMBO_TAG_P) continue;
      content = 1.0 + s.commas + std::min(std::floor(s.text / 100.0), 3.0);
    } else if (is_container_tag(fn.tag) && s.block_child &&
               s.inline_text >= options.min_paragraph_bytes) {
      // Loose text among blocks: as if wrapped in paragraphs that are children of this node.
      first_voter = i;
      double runs = std::max(1.0, s.inline_br / 2.0);
      content = 1.0 + s.inline_commas + std::min(std::floor(s.inline_text / 100.0), 3.0 * runs);
    } else {
      continue;
    }
    int level = 0;
    for (int a = first_voter; a >= 0 && level < 5; a = nodes[a].parent, ++level) {
      if (a < body) break;
      init(a);
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      pass.score[a] += content / divider;
    }
  }
  if (candidates.empty()) {
    result.reason = "no paragraph of text found";
    return result;
  }
  int top = -1;
  double best = -1e9;
  for (int c : candidates) {
    pass.score[c] *= (1.0 - pass.link_density(c));
    if (pass.score[c] > best) {
      best = pass.score[c];
      top = c;
    }
  }
  // 4. When several strong candidates share an ancestor, the article is that ancestor (pages
  // that split the body into blocks around ads or images).
  {
    std::vector<int> alternatives;
    for (int c : candidates) {
      if (c != top && pass.score[c] >= best * 0.75) alternatives.push_back(c);
    }
    // ...unless the best one holds most of the text and the others are teasers of other
    // articles (lists of posts below the article).
    long alt_text = 0;
    for (int c : alternatives) alt_text += pass.stats[c].text - pass.stats[c].link;
    if (alternatives.size() >= 3 &&
        alt_text * 2 >= 3L * (pass.stats[top].text - pass.stats[top].link)) {
      for (int a = nodes[top].parent; a > body; a = nodes[a].parent) {
        int containing = 0;
        for (int c : alternatives) {
          if (c > a && c < nodes[a].end) ++containing;
        }
        if (containing >= 3) {
          top = a;
          break;
        }
      }
    }
  }
  // A lone child says nothing its parent does not: climb while the parent has only it.
  while (top > body && nodes[top].parent > body) {
    int p = nodes[top].parent;
    int element_children = 0;
    for (int k = p + 1; k < nodes[p].end; k = nodes[k].end) {
      if (!nodes[k].is_text && !pass.removed[k]) ++element_children;
    }
    if (element_children != 1) break;
    top = p;
  }
  if (!pass.scored[top]) init(top);

  // 5. Siblings of the best container that look like part of the article join it.
  std::vector<int> roots;
  int parent = nodes[top].parent;
  if (parent < body) {
    roots.push_back(top);
  } else {
    double threshold = std::max(10.0, pass.score[top] * options.sibling_score_ratio);
    std::string top_class = lower(attr(nodes[top].node, "class"));
    for (int k = parent + 1; k < nodes[parent].end; k = nodes[k].end) {
      if (k == top) {
        roots.push_back(k);
        continue;
      }
      if (pass.removed[k] || nodes[k].is_text) continue;
      double bonus = 0;
      std::string cls = lower(attr(nodes[k].node, "class"));
      if (!top_class.empty() && cls == top_class) bonus += pass.score[top] * 0.2;
      bool join = pass.scored[k] && pass.score[k] + bonus >= threshold;
      if (!join && (nodes[k].tag == GUMBO_TAG_P ||
                    (is_container_tag(nodes[k].tag) && !pass.stats[k].block_child))) {
        const Stats& s = pass.stats[k];
        double ld = pass.link_density(k);
        std::string text = text_of(nodes[k].node);
        if (s.text > 80 && ld < 0.25) {
          join = true;
        } else if (s.text > 0 && s.text <= 80 && ld == 0 && !text.empty() &&
                   (text.back() == '.' || text.find(". ") != std::string::npos)) {
          join = true;
        }
      }
      if (join) roots.push_back(k);
    }
  }

  // 6. Clean the chosen subtrees: blocks that are mostly links, forms, image galleries or
  // near-empty leftovers, and headings that repeat the title.
  std::vector<std::uint8_t> skip = pass.removed;
  for (int root : roots) {
    const int root_plain = pass.stats[root].text - pass.stats[root].link;
    for (int i = root + 1; i < nodes[root].end; ++i) {
      const FlatNode& fn = nodes[i];
      if (skip[i]) {
        i = fn.end - 1;
        continue;
      }
      if (fn.is_text) continue;
      const Stats& s = pass.stats[i];
      bool drop = false;
      if (is_heading(fn.tag)) {
        std::string h = text_of(fn.node);
        drop = (!title.empty() && h == title) || pass.class_weight_of(i) < 0 ||
               (s.text > 0 && pass.link_density(i) > 0.5);
      } else if ((fn.tag == GUMBO_TAG_DIV || fn.tag == GUMBO_TAG_SPAN) && s.img > 0 &&
                 s.text - s.link < 300 && is_media_wrapper(fn.node)) {
        drop = true;  // an image with its caption and credit
      } else if (fn.tag == GUMBO_TAG_DIV || fn.tag == GUMBO_TAG_SECTION || fn.tag == GUMBO_TAG_UL ||
                 fn.tag == GUMBO_TAG_OL || fn.tag == GUMBO_TAG_TABLE || fn.tag == GUMBO_TAG_FORM ||
                 fn.tag == GUMBO_TAG_FIELDSET || fn.tag == GUMBO_TAG_FIGURE) {
        int w = pass.class_weight_of(i);
        double ld = pass.link_density(i);
        bool is_list = fn.tag == GUMBO_TAG_UL || fn.tag == GUMBO_TAG_OL;
        if (w + (pass.scored[i] ? pass.score[i] : 0) < 0 && (s.quote == 0 || ld > 0.5)) {
          drop = true;
        } else if (s.commas < 10) {
          int p = s.p_count;
          double heading_density = s.text > 0 ? static_cast<double>(s.heading) / s.text : 0;
          if (s.img > 1 && p * 2 < s.img && s.text - s.link < 250 && fn.tag != GUMBO_TAG_FIGURE) {
            drop = true;  // an image gallery with a few captions
          }
          if (!is_list && s.li - 100 > p) drop = true;
          if (s.input * 3 > p && s.input > 0) drop = true;
          if (!is_list && heading_density < 0.9 && s.text < 25 && (s.img == 0 || s.img > 2) &&
              ld > 0) {
            drop = true;
          }
          // Quoted posts carry their links (author, date), and are part of the article.
          if (!is_list && w < 25 && ld > 0.2 && (s.quote == 0 || ld > 0.5)) drop = true;
          if (w >= 25 && ld > 0.5) drop = true;
          if ((s.embed == 1 && s.text < 75) || s.embed > 1) drop = true;
          if (is_list && ld > 0.5) drop = true;
          if (fn.tag == GUMBO_TAG_FIGURE && p == 0) drop = true;
        }
      }
      // Never clean away the bulk of the chosen text (a wrapper whose class says "widget").
      if (drop && (s.text - s.link) * 2 > root_plain) drop = false;
      if (drop) {
        for (int k = i; k < fn.end; ++k) skip[k] = 1;
        i = fn.end - 1;
      }
    }
  }
  result.text = drop_label_paragraphs(render_paragraphs(nodes, roots, skip));
  result.source = "scoring";
  if (static_cast<int>(result.text.size()) < options.min_text_bytes) {
    result.reason =
        "the best text block is too short (" + std::to_string(result.text.size()) + " bytes)";
    result.text.clear();
  }
  return result;
}

}  // namespace mw::html
