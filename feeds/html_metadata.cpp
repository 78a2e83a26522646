#include "feeds/html_metadata.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include <nlohmann/json.hpp>

#include "feeds/html_date.h"
#include "feeds/html_text.h"
#include "feeds/text_util.h"
#include "feeds/url.h"

namespace mw::html {
namespace {

using nlohmann::json;

using text::lower;

std::string collapse(std::string_view s) {
  std::string out;
  bool last_space = true;
  append_collapsed(out, s, last_space);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::array<std::string_view, 14> kArticleTypes = {"article",
                                                        "newsarticle",
                                                        "blogposting",
                                                        "reportagenewsarticle",
                                                        "analysisnewsarticle",
                                                        "opinionnewsarticle",
                                                        "reviewnewsarticle",
                                                        "backgroundnewsarticle",
                                                        "liveblogposting",
                                                        "socialmediaposting",
                                                        "scholarlyarticle",
                                                        "techarticle",
                                                        "webpage",
                                                        "report"};

// Rank of a JSON-LD @type: 2 article kinds, 1 WebPage, 0 other.
int type_rank(const json& obj) {
  auto it = obj.find("@type");
  if (it == obj.end()) return 0;
  int best = 0;
  auto rank_one = [&](const json& t) {
    if (!t.is_string()) return;
    std::string s = lower(t.get<std::string>());
    if (s.rfind("http://schema.org/", 0) == 0) s = s.substr(18);
    if (s.rfind("https://schema.org/", 0) == 0) s = s.substr(19);
    for (std::size_t k = 0; k < kArticleTypes.size(); ++k) {
      if (s == kArticleTypes[k]) best = std::max(best, s == "webpage" ? 1 : 2);
    }
  };
  if (it->is_array()) {
    for (const auto& t : *it) rank_one(t);
  } else {
    rank_one(*it);
  }
  return best;
}

std::string json_string(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return collapse(it->get<std::string>());
  if (it->is_array() && !it->empty() && (*it)[0].is_string()) {
    return collapse((*it)[0].get<std::string>());
  }
  return "";
}

void add_author(std::vector<std::string>& authors, std::string name) {
  name = collapse(name);
  std::string l = lower(name);
  if (l.rfind("by ", 0) == 0) name = collapse(name.substr(3));
  if (name.empty() || name.size() > 100) return;
  if (name.rfind("http://", 0) == 0 || name.rfind("https://", 0) == 0) return;
  if (std::find(authors.begin(), authors.end(), name) == authors.end()) authors.push_back(name);
}

void json_authors(const json& v, std::vector<std::string>& out, int depth = 0) {
  if (depth > 3) return;
  if (v.is_string()) {
    add_author(out, v.get<std::string>());
  } else if (v.is_array()) {
    for (const auto& a : v) json_authors(a, out, depth + 1);
  } else if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end()) json_authors(*it, out, depth + 1);
  }
}

struct JsonLdArticle {
  int rank = 0;
  std::string headline, published, modified, body, site_name, url, language;
  std::vector<std::string> authors;
};

// Collects candidate objects from a JSON-LD document (top-level object, array, @graph),
// bounded in depth; keeps the best-ranked article object.
void scan_json_ld(const json& doc, JsonLdArticle& best) {
  std::vector<std::pair<const json*, int>> stack{{&doc, 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (depth > 4) continue;
    if (v->is_array()) {
      for (const auto& e : *v) stack.emplace_back(&e, depth + 1);
      continue;
    }
    if (!v->is_object()) continue;
    if (auto g = v->find("@graph"); g != v->end()) stack.emplace_back(&*g, depth + 1);
    if (auto m = v->find("mainEntity"); m != v->end()) stack.emplace_back(&*m, depth + 1);
    int rank = type_rank(*v);
    if (rank == 0 || rank < best.rank) continue;
    JsonLdArticle a;
    a.rank = rank;
    a.headline = json_string(*v, "headline");
    if (a.headline.empty()) a.headline = json_string(*v, "name");
    a.published = json_string(*v, "datePublished");
    if (a.published.empty()) a.published = json_string(*v, "dateCreated");
    a.modified = json_string(*v, "dateModified");
    if (auto it = v->find("articleBody"); it != v->end() && it->is_string()) {
      a.body = it->get<std::string>();
    }
    if (auto it = v->find("author"); it != v->end()) json_authors(*it, a.authors);
    if (auto it = v->find("publisher"); it != v->end() && it->is_object()) {
      a.site_name = json_string(*it, "name");
    }
    a.url = json_string(*v, "url");
    a.language = json_string(*v, "inLanguage");
    // An article object beats a WebPage; between equals, the first with a body or date wins.
    if (rank > best.rank || (best.body.empty() && !a.body.empty()) ||
        (best.published.empty() && !a.published.empty() && best.body.empty())) {
      best = std::move(a);
    }
  }
}

struct MetaKeys {
  std::vector<std::string_view> keys;
};

bool key_in(std::string_view key, std::initializer_list<std::string_view> list) {
  for (auto k : list) {
    if (key == k) return true;
  }
  return false;
}

// Splits a <title> at " | ", " - ", " – ", " — ", " :: ", " · ", " // ", " : ".
std::vector<std::string> split_title(std::string_view t) {
  static constexpr std::array<std::string_view, 8> kSeps = {
      " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xB7 ", " // ", " \xC2\xBB "};
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    for (auto sep : kSeps) {
      if (t.compare(i, sep.size(), sep) == 0) {
        parts.emplace_back(trim_view(t.substr(start, i - start)));
        start = i + sep.size();
        i = start - 1;
        break;
      }
    }
  }
  parts.emplace_back(trim_view(t.substr(start)));
  return parts;
}

int word_count(std::string_view s) {
  int n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

}  // namespace

std::string clean_title(std::string_view title_in, std::string_view site_name) {
  std::string title = collapse(title_in);
  auto parts = split_title(title);
  if (parts.size() < 2) return title;
  std::string site = lower(collapse(site_name));
  std::vector<std::string> kept;
  for (auto& p : parts) {
    if (!site.empty() && lower(p) == site) continue;
    if (!p.empty()) kept.push_back(p);
  }
  if (kept.size() == 1) return kept[0];
  if (kept.empty()) return title;
  if (kept.size() < parts.size()) {
    // The site name was one part: join the rest back with the first separator's spelling.
    std::string out = kept[0];
    for (std::size_t k = 1; k < kept.size(); ++k) out += " - " + kept[k];
    return out;
  }
  // No known site name: the site is the short part at either end. Keep the longest run
  // that is not a short trailing/leading part.
  const std::string& first = parts.front();
  const std::string& last = parts.back();
  if (word_count(last) <= 4 && word_count(first) >= 3) {
    std::string out = parts[0];
    for (std::size_t k = 1; k + 1 < parts.size(); ++k) out += " - " + parts[k];
    // Titles that legitimately contain " - " keep their inner parts; only the last part goes.
    return out;
  }
  if (word_count(first) <= 4 && word_count(last) >= 3) {
    std::string out = parts[1];
    for (std::size_t k = 2; k < parts.size(); ++k) out += " - " + parts[k];
    return out;
  }
  return title;
}

std::string clean_json_ld_body(std::string_view body) {
  std::string text;
  if (body.find('<') != std::string_view::npos && body.find('>') != std::string_view::npos) {
    auto doc = parse_document(body, ParseOptions{});
    if (!doc) return "";
    auto nodes = flatten(doc->root());
    std::vector<std::uint8_t> skip(nodes.size(), 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      GumboTag t = nodes[i].tag;
      if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_HEAD) skip[i] = 1;
    }
    return nodes.empty() ? "" : render_paragraphs(nodes, {0}, skip);
  }
  std::string out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t nl = body.find('\n', start);
    if (nl == std::string_view::npos) nl = body.size();
    std::string line = collapse(body.substr(start, nl - start));
    if (!line.empty()) {
      if (!out.empty()) out += "\n\n";
      out += line;
    }
    start = nl + 1;
  }
  return out;
}

PageMetadata extract_metadata(const std::vector<FlatNode>& nodes, std::string_view page_url) {
  PageMetadata md;
  JsonLdArticle ld;
  std::string og_title, tw_title, h1, og_url, og_site, meta_lang, og_locale;
  std::vector<std::string> meta_authors, item_authors;
  ArticleDate meta_pub, meta_mod, item_pub, item_mod, time_pub, text_pub;
  int h1_count = 0;
  int n = static_cast<int>(nodes.size());
  for (int i = 0; i < n; ++i) {
    const FlatNode& fn = nodes[i];
    if (fn.is_text) continue;
    const GumboNode* g = fn.node;
    switch (fn.tag) {
      case GUMBO_TAG_HTML:
        if (const char* l = attr(g, "lang"); l && md.language.empty()) md.language = collapse(l);
        if (const char* l = attr(g, "xml:lang"); l && md.language.empty()) {
          md.language = collapse(l);
        }
        break;
      case GUMBO_TAG_TITLE:
        if (md.raw_title.empty()) md.raw_title = text_of(g);
        break;
      case GUMBO_TAG_H1:
        if (++h1_count == 1) h1 = text_of(g);
        break;
      case GUMBO_TAG_LINK: {
        const char* rel = attr(g, "rel");
        const char* href = attr(g, "href");
        if (rel && href && lower(rel) == "canonical" && md.canonical_url.empty()) {
          md.canonical_url = collapse(href);
        }
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = attr(g, "type");
        if (!type || lower(collapse(type)) != "application/ld+json") break;
        std::string text;
        const GumboVector& kids = g->v.element.children;
        for (unsigned k = 0; k < kids.length; ++k) {
          const GumboNode* c = static_cast<const GumboNode*>(kids.data[k]);
          if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
              c->type == GUMBO_NODE_WHITESPACE) {
            text += c->v.text.text;
          }
        }
        json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!doc.is_discarded()) scan_json_ld(doc, ld);
        break;
      }
      case GUMBO_TAG_META: {
        const char* key_raw = attr(g, "property");
        if (!key_raw) key_raw = attr(g, "name");
        if (!key_raw) key_raw = attr(g, "itemprop");
        const char* content = attr(g, "content");
        if (const char* he = attr(g, "http-equiv");
            he && content && lower(he) == "content-language") {
          if (meta_lang.empty()) meta_lang = collapse(content);
        }
        if (!key_raw || !content) break;
        std::string key = lower(collapse(key_raw));
        std::string value = collapse(content);
        if (value.empty()) break;
        if (key == "og:title" && og_title.empty())
          og_title = value;
        else if (key == "twitter:title" && tw_title.empty())
          tw_title = value;
        else if (key == "og:url" && og_url.empty())
          og_url = value;
        else if (key == "og:site_name" && og_site.empty())
          og_site = value;
        else if (key == "og:locale" && og_locale.empty())
          og_locale = value;
        else if (key_in(key, {"dc.language", "language", "content-language"}) &&
                 meta_lang.empty()) {
          meta_lang = value;
        } else if (key_in(key,
                          {"article:published_time", "og:article:published_time", "datepublished",
                           "pubdate", "publishdate", "publish-date", "publish_date", "dc.date",
                           "dc.date.issued", "dcterms.created", "dcterms.issued", "sailthru.date",
                           "parsely-pub-date", "date", "article.published", "publication_date",
                           "og:published_time", "article:published"})) {
          if (meta_pub.empty()) {
            if (auto d = normalize_date(value)) meta_pub = {*d, "meta:" + key};
          }
        } else if (key_in(key, {"article:modified_time", "og:updated_time", "datemodified",
                                "dcterms.modified", "last-modified", "article.updated",
                                "og:article:modified_time", "article:modified"})) {
          if (meta_mod.empty()) {
            if (auto d = normalize_date(value)) meta_mod = {*d, "meta:" + key};
          }
        } else if (key_in(key, {"author", "article:author", "parsely-author", "sailthru.author",
                                "dc.creator", "byl", "dcterms.creator"})) {
          add_author(meta_authors, value);
        }
        break;
      }
      case GUMBO_TAG_TIME: {
        const char* dt = attr(g, "datetime");
        if (dt && time_pub.empty()) {
          if (auto d = normalize_date(dt)) time_pub = {*d, "time"};
        }
        break;
      }
      default: break;
    }
    if (const char* ip = attr(g, "itemprop")) {
      std::string prop = lower(ip);
      if (prop == "datepublished" || prop == "datemodified") {
        const char* v = attr(g, "content");
        if (!v) v = attr(g, "datetime");
        std::string text = v ? std::string(v) : text_of(g);
        ArticleDate& target = prop == "datepublished" ? item_pub : item_mod;
        if (target.empty()) {
          if (auto d = normalize_date(text)) target = {*d, "microdata"};
        }
      } else if (prop == "author" && fn.tag != GUMBO_TAG_META) {
        // The name is the itemprop=name inside, or the element's own text when short.
        std::string name;
        for (int k = i + 1; k < fn.end; ++k) {
          const char* sub = attr(nodes[k].node, "itemprop");
          if (sub && lower(sub) == "name") {
            const char* c = attr(nodes[k].node, "content");
            name = c ? collapse(c) : text_of(nodes[k].node);
            break;
          }
        }
        if (name.empty()) name = text_of(g);
        if (name.size() <= 80) add_author(item_authors, name);
      }
    }
    // A visible date line: a short element whose class says date/time, or text starting with
    // "Published"/"Posted"/"Updated".
    if (text_pub.empty() && fn.tag != GUMBO_TAG_SCRIPT && fn.tag != GUMBO_TAG_STYLE &&
        fn.end - i <= 8) {
      std::string cls = lower(std::string(attr(g, "class") ? attr(g, "class") : "") + " " +
                              (attr(g, "id") ? attr(g, "id") : ""));
      bool hinted =
          cls.find("date") != std::string::npos || cls.find("time") != std::string::npos ||
          cls.find("publish") != std::string::npos || cls.find("posted") != std::string::npos;
      if (hinted) {
        std::string t = text_of(g);
        if (!t.empty() && t.size() <= 120) {
          if (auto d = find_date_in_text(t)) text_pub = {*d, "text"};
        }
      }
    }
  }

  // Title: what the page says its headline is, else the <title> without the site name.
  md.site_name = !og_site.empty() ? og_site : ld.site_name;
  std::string title = !ld.headline.empty() && ld.rank == 2 ? ld.headline
                      : !og_title.empty()                  ? og_title
                      : !tw_title.empty()                  ? tw_title
                      : (h1_count == 1 && !h1.empty())     ? h1
                                                           : md.raw_title;
  md.title = clean_title(title, md.site_name);

  // Dates, in order of trust.
  if (auto d = normalize_date(ld.published); d && !ld.published.empty()) {
    md.published = {*d, "json-ld"};
  } else if (!meta_pub.empty()) {
    md.published = meta_pub;
  } else if (!item_pub.empty()) {
    md.published = item_pub;
  } else if (!time_pub.empty()) {
    md.published = time_pub;
  } else if (auto u = date_from_url(page_url)) {
    md.published = {*u, "url"};
  } else if (!text_pub.empty()) {
    md.published = text_pub;
  }
  if (auto d = normalize_date(ld.modified); d && !ld.modified.empty()) {
    md.modified = {*d, "json-ld"};
  } else if (!meta_mod.empty()) {
    md.modified = meta_mod;
  } else if (!item_mod.empty()) {
    md.modified = item_mod;
  }

  md.authors = !ld.authors.empty()     ? ld.authors
               : !meta_authors.empty() ? meta_authors
                                       : item_authors;

  if (md.canonical_url.empty()) md.canonical_url = og_url;
  if (!md.canonical_url.empty() && !page_url.empty()) {
    if (auto abs = url::resolve(page_url, md.canonical_url)) md.canonical_url = *abs;
  }
  // Without the page's address a relative canonical URL means nothing: leave it out.
  if (!md.canonical_url.empty() && url::scheme(md.canonical_url).empty()) md.canonical_url.clear();
  if (md.canonical_url.empty() && !page_url.empty()) md.canonical_url = std::string(page_url);

  if (md.language.empty()) md.language = meta_lang;
  if (md.language.empty()) md.language = ld.language;
  if (md.language.empty() && !og_locale.empty()) {
    md.language = og_locale;
    std::replace(md.language.begin(), md.language.end(), '_', '-');
  }
  md.json_ld_body = std::move(ld.body);
  return md;
}

}  // namespace mw::html
