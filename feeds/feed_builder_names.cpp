// What element names mean to the feed builder: the namespaces feedparser knows and the prefix
// it files each under, the document's own prefix declarations, and the per-element facts
// (feedparser's name, handler, prefix rules) worked out once per name (TagInfo).
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>

#include "feeds/feed_builder.h"
#include "feeds/feed_builder_util.h"

namespace mw::feed_detail {

using namespace std::string_view_literals;
namespace {

using util::lower;

// Namespaces feedparser knows, with the prefix it files their elements under.
struct NsName {
  std::string_view uri;  // lower case
  std::string_view prefix;
};

// Namespaces feedparser knows, with the prefix it files their elements under.
constexpr std::array kNamespaces = std::to_array<NsName>({
    {"", ""},
    {"http://backend.userland.com/rss", ""},
    {"http://blogs.law.harvard.edu/tech/rss", ""},
    {"http://purl.org/rss/1.0/", ""},
    {"http://my.netscape.com/rdf/simple/0.9/", ""},
    {"http://example.com/newformat#", ""},
    {"http://example.com/necho", ""},
    {"http://purl.org/echo/", ""},
    {"uri/of/echo/namespace#", ""},
    {"http://purl.org/pie/", ""},
    {"http://purl.org/atom/ns#", ""},
    {"http://www.w3.org/2005/atom", ""},
    {"http://purl.org/rss/1.0/modules/rss091#", ""},
    {"http://webns.net/mvcb/", "admin"},
    {"http://purl.org/rss/1.0/modules/aggregation/", "ag"},
    {"http://purl.org/rss/1.0/modules/annotate/", "annotate"},
    {"http://media.tangent.org/rss/1.0/", "audio"},
    {"http://backend.userland.com/blogchannelmodule", "blogChannel"},
    {"http://creativecommons.org/ns#license", "cc"},
    {"http://web.resource.org/cc/", "cc"},
    {"http://cyber.law.harvard.edu/rss/creativecommonsrssmodule.html", "creativeCommons"},
    {"http://backend.userland.com/creativecommonsrssmodule", "creativeCommons"},
    {"http://purl.org/rss/1.0/modules/company", "co"},
    {"http://purl.org/rss/1.0/modules/content/", "content"},
    {"http://my.theinfo.org/changed/1.0/rss/", "cp"},
    {"http://purl.org/dc/elements/1.1/", "dc"},
    {"http://purl.org/dc/terms/", "dcterms"},
    {"http://purl.org/rss/1.0/modules/email/", "email"},
    {"http://purl.org/rss/1.0/modules/event/", "ev"},
    {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner"},
    {"http://freshmeat.net/rss/fm/", "fm"},
    {"http://xmlns.com/foaf/0.1/", "foaf"},
    {"http://www.w3.org/2003/01/geo/wgs84_pos#", "geo"},
    {"http://www.georss.org/georss", "georss"},
    {"http://www.opengis.net/gml", "gml"},
    {"http://postneo.com/icbm/", "icbm"},
    {"http://purl.org/rss/1.0/modules/image/", "image"},
    {"http://www.itunes.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://example.com/dtds/podcast-1.0.dtd", "itunes"},
    {"http://purl.org/rss/1.0/modules/link/", "l"},
    {"http://search.yahoo.com/mrss", "media"},
    {"http://search.yahoo.com/mrss/", "media"},
    {"http://madskills.com/public/xml/rss/module/pingback/", "pingback"},
    {"http://prismstandard.org/namespaces/1.2/basic/", "prism"},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf"},
    {"http://www.w3.org/2000/01/rdf-schema#", "rdfs"},
    {"http://purl.org/rss/1.0/modules/reference/", "ref"},
    {"http://purl.org/rss/1.0/modules/richequiv/", "reqv"},
    {"http://purl.org/rss/1.0/modules/search/", "search"},
    {"http://purl.org/rss/1.0/modules/slash/", "slash"},
    {"http://schemas.xmlsoap.org/soap/envelope/", "soap"},
    {"http://purl.org/rss/1.0/modules/servicestatus/", "ss"},
    {"http://hacks.benhammersley.com/rss/streaming/", "str"},
    {"http://purl.org/rss/1.0/modules/subscription/", "sub"},
    {"http://purl.org/rss/1.0/modules/syndication/", "sy"},
    {"http://schemas.pocketsoap.com/rss/mydescmodule/", "szf"},
    {"http://purl.org/rss/1.0/modules/taxonomy/", "taxo"},
    {"http://purl.org/rss/1.0/modules/threading/", "thr"},
    {"http://purl.org/rss/1.0/modules/textinput/", "ti"},
    {"http://madskills.com/public/xml/rss/module/trackback/", "trackback"},
    {"http://wellformedweb.org/commentapi/", "wfw"},
    {"http://purl.org/rss/1.0/modules/wiki/", "wiki"},
    {"http://www.w3.org/1999/xhtml", "xhtml"},
    {"http://www.w3.org/1999/xlink", "xlink"},
    {"http://www.w3.org/xml/1998/namespace", "xml"},
    {"http://podlove.org/simple-chapters", "psc"},
});

}  // namespace

std::optional<std::string> canonical_prefix(std::string_view uri_lower) {
  // Asked for every element and namespaced attribute: a hash lookup, not a scan of the table.
  static const std::unordered_map<std::string_view, std::string_view> kByUri = [] {
    std::unordered_map<std::string_view, std::string_view> m;
    for (const auto& n : kNamespaces) m.emplace(n.uri, n.prefix);  // first spelling wins
    return m;
  }();
  auto it = kByUri.find(uri_lower);
  if (it == kByUri.end()) return std::nullopt;
  return std::string(it->second);
}

void FeedBuilder::start_prefix_mapping(const std::string& prefix, const std::string& uri_in) {
  if (uri_in.empty()) return;
  ++prefix_mappings_;
  std::string_view uri = uri_in;
  std::string lu = lower(uri);
  if (version_.empty()) {
    if (prefix.empty() && lu == "http://my.netscape.com/rdf/simple/0.9/"sv) {
      version_ = "rss090";
    } else if (lu == "http://purl.org/rss/1.0/"sv) {
      version_ = "rss10";
    } else if (lu == "http://www.w3.org/2005/atom"sv) {
      version_ = "atom10";
    }
  }
  if (lu.find("backend.userland.com/rss") != std::string::npos) {
    uri = "http://backend.userland.com/rss";
    lu = uri;
  }
  if (auto canon = canonical_prefix(lu)) {
    // The default namespace is tracked under Python's None, which element lookups (by "")
    // never match; only real prefixes are remapped.
    if (!prefix.empty()) namespacemap_[prefix] = *canon;
    ns_in_use_[*canon] = uri;
  } else {
    ns_in_use_[prefix] = uri;
  }
}

FeedBuilder::TagInfo FeedBuilder::make_tag_info(std::string_view qname, const std::string& ns_in,
                                                std::string_view local_in) {
  TagInfo t;
  std::string uri = ns_in;
  std::string uri_lower = lower(ns_in);
  if (uri_lower.find("backend.userland.com/rss") != std::string::npos) {
    uri = "http://backend.userland.com/rss";
    uri_lower = uri;
  }
  size_t colon = qname.find(':');
  std::optional<std::string> given;
  if (colon != std::string_view::npos && colon > 0) given = std::string(qname.substr(0, colon));
  std::optional<std::string> prefix = canonical_prefix(uri_lower);
  if (!prefix) prefix = given;
  if (given && (!prefix || (prefix->empty() && uri_lower.empty()))) t.unbound_prefix = *given;
  t.local = lower(local_in);
  if ((t.local == "math"sv && uri == "http://www.w3.org/1998/Math/MathML"sv) ||
      (t.local == "svg"sv && uri == "http://www.w3.org/2000/svg"sv)) {
    t.xmlns = uri;
  }
  if (prefix && !prefix->empty()) t.prefix = lower(*prefix);
  t.tag = t.prefix.empty() ? t.local : t.prefix + ":" + t.local;
  set_key(t, t.prefix);
  return t;
}

void FeedBuilder::set_key(TagInfo& t, const std::string& prefix) {
  const std::string& tag = t.tag;
  t.resets_textinput = prefix.empty() && tag != "title"sv && tag != "link"sv &&
                       tag != "description"sv && tag != "name"sv;
  t.resets_image = prefix.empty() && tag != "title"sv && tag != "link"sv &&
                   tag != "description"sv && tag != "url"sv && tag != "href"sv &&
                   tag != "width"sv && tag != "height"sv;
  t.key = prefix.empty() ? t.local : prefix + "_" + t.local;
  const auto& h = handlers();
  auto hit = h.find(t.key);
  t.handler = hit == h.end() ? nullptr : &hit->second;
}

namespace {
thread_local std::uint64_t g_tag_cache_resets = 0;
}  // namespace

std::uint64_t FeedBuilder::tag_cache_resets() {
  return g_tag_cache_resets;
}

const FeedBuilder::TagInfo& FeedBuilder::tag_info(std::string_view qname, const std::string& ns_in,
                                                  std::string_view local_in) {
  // Namespace URI -> qualified name -> what it means. Bounded: a hostile stream of invented
  // names costs a recomputation now and then, never unbounded memory. Looked up by view
  // (transparent hash), so the name is not copied to be looked up.
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using ByName = std::unordered_map<std::string, TagInfo, NameHash, std::equal_to<>>;
  static thread_local std::unordered_map<std::string, ByName> cache;
  static thread_local size_t cached = 0;
  static thread_local ByName* last_by_name = nullptr;
  static thread_local std::string last_ns;
  constexpr size_t kMaxCached = 4096;
  if (last_by_name == nullptr || last_ns != ns_in) {
    if (cached >= kMaxCached) {
      cache.clear();
      ++g_tag_cache_resets;
      cached = 0;
    }
    last_by_name = &cache[ns_in];
    last_ns = ns_in;
  }
  auto it = last_by_name->find(qname);
  if (it == last_by_name->end()) {
    if (cached >= kMaxCached) {
      cache.clear();
      ++g_tag_cache_resets;
      cached = 0;
      last_by_name = &cache[ns_in];
    }
    it = last_by_name->emplace(std::string(qname), make_tag_info(qname, ns_in, local_in)).first;
    ++cached;
  }
  const TagInfo& t = it->second;
  if (!t.prefix.empty() && !namespacemap_.empty()) {
    auto nm = namespacemap_.find(t.prefix);
    if (nm != namespacemap_.end() && nm->second != t.prefix) {
      remapped_ = t;
      set_key(remapped_, nm->second);
      return remapped_;
    }
  }
  return t;
}

}  // namespace mw::feed_detail
