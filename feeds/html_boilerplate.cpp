#include "feeds/html_boilerplate.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "feeds/html_date.h"
#include "feeds/text_util.h"

namespace mw::html {
namespace {

using text::is_space;

using text::lower;

bool contains_any(std::string_view hay, std::initializer_list<std::string_view> needles) {
  for (auto n : needles) {
    if (hay.find(n) != std::string_view::npos) return true;
  }
  return false;
}

// True when one of the whitespace/dash/underscore separated tokens of `hay` equals a needle.
bool has_token(std::string_view hay, std::initializer_list<std::string_view> needles) {
  std::size_t i = 0;
  while (i < hay.size()) {
    while (i < hay.size() && (is_space(hay[i]) || hay[i] == '-' || hay[i] == '_')) ++i;
    std::size_t j = i;
    while (j < hay.size() && !is_space(hay[j]) && hay[j] != '-' && hay[j] != '_') ++j;
    std::string_view tok = hay.substr(i, j - i);
    for (auto n : needles) {
      if (tok == n) return true;
    }
    i = j;
  }
  return false;
}

// Boilerplate by class or id. Substrings, as these names come in endless variants
// ("post-share-bar", "c-social-buttons", "related_articles").
bool unlikely_names(std::string_view s) {
  return contains_any(
             s, {"ad-break",     "adsbygoogle",  "advert",       "agegate",     "ai2html",
                 "banner",       "breadcrumb",   "combx",        "comment",     "community",
                 "consent",      "cookie",       "cover-wrap",   "disqus",      "extra",
                 "footer",       "gdpr",         "header",       "legends",     "menu",
                 "modal",        "related",      "remark",       "replies",     "rss",
                 "shoutbox",     "sidebar",      "skyscraper",   "social",      "sponsor",
                 "supplemental", "pagination",   "pager",        "popup",       "share",
                 "sharing",      "newsletter",   "subscribe",    "promo",       "outbrain",
                 "taboola",      "recommend",    "navbar",       "navigation",  "caption",
                 "credit",       "byline",       "signup",       "sign-up",     "toolbar",
                 "widget",       "trending",     "most-popular", "mostpopular", "read-more",
                 "readmore",     "more-stories", "see-also",     "tag-list",    "taglist",
                 "print-only",   "skip-link",    "skiplink",     "author-bio",  "newsfeed"}) ||
         has_token(s, {"ad", "ads", "nav", "tags", "hidden", "dateline", "meta", "login",
                       "masthead", "toc"});
}

// Wrappers of an image and its caption ("image", "photo", "wp-caption", "media-item").
bool media_names(std::string_view s) {
  return contains_any(
      s, {"image", "photo", "img", "picture", "gallery", "figure", "media", "video", "caption"});
}

bool maybe_names(std::string_view s) {
  // Embedded posts (tweets, Instagram) quoted by the article sit in "social-embed" wrappers.
  return contains_any(s,
                      {"article", "body", "column", "content", "main", "shadow", "embed", "tweet"});
}

bool positive_names(std::string_view s) {
  // English, and the same words in the languages news sites commonly name classes in.
  return contains_any(
      s, {"article", "body",  "content", "entry",   "hentry",  "h-entry", "main",      "page",
          "post",    "text",  "blog",    "story",   "artikel", "inhalt",  "contenido", "conteudo",
          "contenu", "texto", "testo",   "noticia", "materia", "corpo",   "cuerpo"});
}

bool negative_names(std::string_view s) {
  return contains_any(
             s, {"-ad-",       "hidden",     "banner",     "combx",       "comment",    "com-",
                 "contact",    "footer",     "gdpr",       "masthead",    "media",      "meta",
                 "outbrain",   "promo",      "related",    "scroll",      "share",      "shoutbox",
                 "sidebar",    "skyscraper", "sponsor",    "shopping",    "tags",       "widget",
                 "byline",     "author",     "dateline",   "writtenby",   "caption",    "credit",
                 "newsletter", "kommentar",  "comentario", "commentaire", "relacionad", "werbung",
                 "publicidad", "anuncio"}) ||
         has_token(s, {"hid", "ad", "ads"});
}

// Elements that never hold article text, removed with their subtree.
bool is_removed_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_H1: return true;
    default: return false;
  }
}

bool is_hidden(const GumboNode* n) {
  if (attr(n, "hidden")) return true;
  if (const char* a = attr(n, "aria-hidden"); a && std::strcmp(a, "true") == 0) {
    const char* cls = attr(n, "class");
    return !(cls && std::strstr(cls, "fallback-image"));
  }
  if (const char* style = attr(n, "style")) {
    std::string s = lower(style);
    s.erase(std::remove_if(s.begin(), s.end(), is_space), s.end());
    if (s.find("display:none") != std::string::npos ||
        s.find("visibility:hidden") != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool unlikely_role(const GumboNode* n) {
  const char* role = attr(n, "role");
  if (!role) return false;
  std::string r = lower(role);
  return r == "navigation" || r == "complementary" || r == "menu" || r == "menubar" ||
         r == "alert" || r == "alertdialog" || r == "dialog" || r == "search" ||
         r == "contentinfo" || r == "banner";
}

std::string class_and_id(const GumboNode* n) {
  std::string s = lower(attr(n, "class"));
  s += ' ';
  s += lower(attr(n, "id"));
  return s;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool starts_with_word(std::string_view p, std::string_view word) {
  return p.size() > word.size() && iequals_ascii(p.substr(0, word.size()), word) &&
         (p[word.size()] == ' ' || p[word.size()] == ':');
}

// Paragraphs that are labels, not article text: ad markers, bylines and date lines.
// "1:23", "10:21" anywhere in the text.
bool has_clock_time(std::string_view p) {
  for (std::size_t i = 1; i + 2 < p.size(); ++i) {
    if (p[i] == ':' && p[i - 1] >= '0' && p[i - 1] <= '9' && p[i + 1] >= '0' && p[i + 1] <= '5' &&
        p[i + 2] >= '0' && p[i + 2] <= '9') {
      return true;
    }
  }
  return false;
}

// Paragraphs that are labels, not article text: ad markers, script notices, bylines and date
// lines.
bool is_boilerplate_paragraph(std::string_view p) {
  if (p.size() > 160) return false;
  for (std::string_view label :
       {"advertisement", "advertising", "advert", "ad", "anzeige", "publicidade", "publicidad",
        "publicit\xC3\xA9", "sponsored", "werbung", "\xE5\xB9\xBF\xE5\x91\x8A"}) {
    if (iequals_ascii(p, label)) return true;
  }
  if (p.size() < 100 && p.find("JavaScript") != std::string_view::npos &&
      (p.find("requires") != std::string_view::npos ||
       p.find("enable") != std::string_view::npos)) {
    return true;  // "This slideshow requires JavaScript."
  }
  bool dated = find_date_in_text(p).has_value();
  bool timed = dated || (p.size() < 60 && has_clock_time(p));
  for (std::string_view word : {"published", "updated", "posted", "last updated", "first published",
                                "publicado", "publi\xC3\xA9",
                                "ver\xC3\xB6"
                                "ffentlicht",
                                "aktualisiert"}) {
    if (starts_with_word(p, word) && timed && p.size() < 100) return true;
  }
  // "By Jane Doe | Reuters", "By Jane Doe - 11/18/19 11:04 PM EST": a name, then a separator.
  if (starts_with_word(p, "by") && p.size() < 100 && p.size() > 3 && p[3] >= 'A' && p[3] <= 'Z' &&
      (dated || p.find('|') != std::string_view::npos || p.find(" - ") != std::string_view::npos) &&
      p.back() != '.') {
    return true;
  }
  return false;
}

std::string drop_boilerplate_paragraphs(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    std::string_view p(text.data() + start, end - start);
    if (!is_boilerplate_paragraph(p)) {
      if (!out.empty()) out += "\n\n";
      out.append(p);
    }
    start = end + 2;
  }
  return out;
}

}  // namespace

int class_weight(const GumboNode* node) {
  int w = 0;
  for (const char* name : {"class", "id"}) {
    const char* v = attr(node, name);
    if (!v || !*v) continue;
    std::string s = lower(v);
    if (negative_names(s)) w -= 25;
    if (positive_names(s)) w += 25;
  }
  return w;
}

bool is_unlikely_candidate(const GumboNode* node) {
  if (unlikely_role(node)) return true;
  std::string s = class_and_id(node);
  return unlikely_names(s) && !maybe_names(s);
}

bool is_boilerplate_tag(GumboTag t) {
  return is_removed_tag(t);
}

bool is_hidden_element(const GumboNode* node) {
  return is_hidden(node);
}

bool is_media_wrapper(const GumboNode* node) {
  return media_names(class_and_id(node));
}

std::string drop_label_paragraphs(const std::string& text) {
  return drop_boilerplate_paragraphs(text);
}

}  // namespace mw::html
