#pragma once
// Internal to feeds/: the element-event model shared by every XML feed format. The XML reader
// (feed_xml.cpp) walks the document and calls start/end/characters; the builder keeps
// feedparser's context rules (feed, entry, source, image, textinput, author...) and builds
// feedparser-shaped JSON — for the entries only when their detail is asked for; otherwise it
// keeps the values the typed Entry fields need (LeanEntry). RSS, RDF, Atom and CDF differ only
// in which element handlers fire (feed_builder_handlers.cpp, names in feed_builder_names.cpp),
// so they share this one state machine instead of four copies.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mw::feed_detail {

using Json = nlohmann::json;

// An attribute as the XML reader hands it over: views into the parsed document (or into the
// reader's decoded copies), valid for the duration of the start_element call.
struct QAttr {
  std::string_view qname;  // as written ("xml:base", "rdf:about", "href")
  std::string_view ns;     // namespace URI ("" when none)
  std::string_view local;  // local name
  std::string_view value;  // decoded
};

// A stack stored as runs of equal values. The base URI and language are pushed for every
// element but rarely change, so a push is mostly a count, not a string copy.
template <class T>
class RunStack {
 public:
  void push(const T& v) {
    if (!runs_.empty() && runs_.back().first == v) {
      ++runs_.back().second;
    } else {
      runs_.emplace_back(v, 1);
    }
  }
  void pop() {
    if (--runs_.back().second == 0) runs_.pop_back();
  }
  bool empty() const { return runs_.empty(); }
  const T& top() const { return runs_.back().first; }

 private:
  std::vector<std::pair<T, size_t>> runs_;
};

// An element's attributes as feedparser sees them: lower-cased names in document order, a
// repeated name keeping its first position and its last value. Most elements have none or
// one, so a flat list, not a map; `to_json` gives the dict feedparser stores (sorted keys).
class Attrs {
 public:
  using Item = std::pair<std::string, std::string>;

  bool empty() const { return items_.empty(); }
  const std::string* find(std::string_view key) const {
    for (const auto& [k, v] : items_) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  // The value, or `fallback` when absent.
  std::string get(std::string_view key, std::string fallback = "") const {
    const std::string* v = find(key);
    return v ? *v : std::move(fallback);
  }
  // The value as JSON, null when absent (feedparser's attrsD.get(key)).
  Json get_or_null(std::string_view key) const {
    const std::string* v = find(key);
    return v ? Json(*v) : Json(nullptr);
  }
  void set(std::string_view key, std::string value) {
    for (auto& [k, v] : items_) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    items_.emplace_back(std::string(key), std::move(value));
  }
  // set() for a key the caller built and gives away.
  void set_owned(std::string&& key, std::string value) {
    for (auto& [k, v] : items_) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    items_.emplace_back(std::move(key), std::move(value));
  }
  void clear() { items_.clear(); }
  void erase(std::string_view key) {
    std::erase_if(items_, [&](const Item& i) { return i.first == key; });
  }
  Json to_json() const {
    Json j = Json::object();
    for (const auto& [k, v] : items_) j[k] = v;
    return j;
  }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Item> items_;
};

// feedparser's `contentparams` dict for the content element being read, typed: it is consulted
// for every text element, and a map lookup per question was a visible cost.
struct ContentParams {
  std::optional<std::string> type;
  bool has_language = false;  // "language" is present (null when `language` is empty)
  std::optional<std::string> language;
  std::optional<std::string> base;
  std::optional<bool> base64;
  std::optional<std::string> src;

  Json to_json() const;  // the dict as feedparser shows it in *_detail
};

// What an entry's typed fields (mw::Entry) are read from, when entries are built without
// their full detail: kept as values instead of a JSON object per entry, which is most of the
// cost of parsing a large feed. nullopt = the key is absent from the entry.
struct LeanEntry {
  std::optional<std::string> id, link, title, summary;  // "" when set to a non-string
  std::optional<std::string> content;                   // entry["content"][0]["value"]
  std::optional<std::int64_t> published, updated;       // *_epoch
};

class FeedBuilder {
 public:
  // `full_detail` false: entries keep only what the typed Entry fields are read from (id,
  // link, title, summary, content values, date epochs); tags, authors, links, *_detail objects
  // and ISO dates are not built (see FeedParseOptions::build_detail), neither for the entries
  // nor for the channel, whose object keeps its plain keys (lean_channel()).
  FeedBuilder(std::string base, std::optional<std::string> lang, std::string encoding,
              bool full_detail = true);

  void start_prefix_mapping(const std::string& prefix, const std::string& uri);
  // Names are views into the document, valid for the call.
  void start_element(std::string_view qname, const std::string& ns, std::string_view local,
                     const std::vector<QAttr>& attrs);
  void end_element(std::string_view qname, const std::string& ns, std::string_view local);
  void characters(std::string_view text);

  // Set before parsing when the doctype names Netscape's RSS 0.91.
  void set_version_hint(std::string v) { version_ = std::move(v); }

  const std::string& version() const { return version_; }
  Json& feed() { return feeddata_; }
  // The entries: JSON objects with full detail, typed values without (lean_entries()).
  std::vector<Json>& entries() { return entries_; }
  std::vector<LeanEntry>& lean_entries() { return lean_entries_; }
  const std::map<std::string, std::string>& namespaces_in_use() const { return ns_in_use_; }
  // First namespace problem seen (undeclared prefix), "" when none.
  const std::string& namespace_error() const { return ns_error_; }

 private:
  struct StackItem {
    std::string element;
    bool expecting_text;
    std::string text;  // the element's text pieces, joined
    // Where each piece but the last ends in `text`. Kept only inside content: unwrapping
    // Atom 1.0 xhtml needs the pieces, everything else only their concatenation.
    std::vector<size_t> piece_ends;
  };
  void add_piece(StackItem& item, std::string_view piece);
  using StartFn = void (FeedBuilder::*)(Attrs&);
  using EndFn = void (FeedBuilder::*)();
  struct Handler {
    StartFn start = nullptr;
    EndFn end = nullptr;
  };
  static const std::unordered_map<std::string, Handler>& handlers();

  // What the builder derives from an element's name. Worked out once per distinct (name,
  // namespace) per thread, not per document: feeds repeat a small vocabulary of names, and the
  // average feed is small enough for this to be a large share of its parse. Only what a
  // document's own prefix declarations change is checked per document (tag_info()).
  struct TagInfo {
    std::string tag;     // feedparser's name: lower-cased, "prefix:local" for known namespaces
    std::string local;   // `tag` without its prefix
    std::string prefix;  // the lower-cased prefix of `tag`, "" for core RSS/Atom elements
    std::string key;     // handler key: "prefix_local"
    const Handler* handler = nullptr;
    bool resets_textinput = false;  // a core element other than title/link/description/name
    bool resets_image = false;      // a core element other than those an image holds
    std::string xmlns;              // MathML/SVG namespace feedparser re-declares, else ""
    // The prefix as written when it is bound to no namespace feedparser knows: an error
    // unless the document declared it. "" otherwise.
    std::string unbound_prefix;
  };
  static TagInfo make_tag_info(std::string_view qname, const std::string& ns,
                               std::string_view local);
  // `prefix` after the document's prefix mapping (namespacemap_) into `t`'s key and handler.
  static void set_key(TagInfo& t, const std::string& prefix);
  const TagInfo& tag_info(std::string_view qname, const std::string& ns, std::string_view local);
  TagInfo remapped_;  // tag_info() for a name the document's prefix mapping changes
  // Resets of tag_info()'s per-thread cache so far: a reset frees the TagInfos it held.
  static std::uint64_t tag_cache_resets();
  // The TagInfo each open element started with, reused for its end tag (a second lookup was
  // a visible share of parsing) unless a prefix mapping or a cache reset came in between, or
  // it was remapped_ (overwritten by the next remapped name).
  struct OpenTag {
    const TagInfo* info;  // nullptr: look up again
    std::uint64_t prefix_mappings;
    std::uint64_t cache_resets;
  };
  std::vector<OpenTag> open_tags_;
  std::uint64_t prefix_mappings_ = 0;  // start_prefix_mapping() calls so far
  Attrs attrs_;  // start_element's attributes, reused: its list keeps its capacity

  void unknown_starttag(const TagInfo& t, Attrs& attrs);
  void unknown_endtag(const TagInfo& t);
  void handle_data(std::string_view text, bool escape = true);

  void push(std::string element, bool expecting_text);
  std::optional<std::string> pop(const std::string& element, bool strip = true);
  void push_content(const std::string& tag, Attrs& attrs, const std::string& default_type,
                    bool expecting_text);
  std::optional<std::string> pop_content(const std::string& tag);
  std::string resolve_uri(const std::string& uri) const;
  Json& context();
  // ctx[key] as a list / an object, made one if it holds anything else: a plain element of
  // the same name may have left text there first. (feedparser raises on such documents; the
  // daemon must keep going.)
  static Json& list_in(Json& ctx, const std::string& key);
  static Json& object_in(Json& ctx, const std::string& key);
  // The last element of the list ctx[key] when it is an object, else nullptr.
  static Json* last_object_in(Json& ctx, const std::string& key);
  void save(const std::string& key, Json value, bool overwrite = false);
  void save(const std::string& key, const std::string& text);  // no JSON built when lean
  void save_date(const std::string& key, const std::optional<std::string>& raw);
  void save_author(const std::string& key, const std::string& value,
                   const std::string& prefix = "author");
  void save_contributor(const std::string& key, const std::string& value);
  void sync_author_detail(const std::string& key = "author");
  void add_tag(const Json& term, const Json& scheme, const Json& label);
  void cdf_common(Attrs& attrs);
  std::string map_prefix(const std::string& name) const;
  static void enforce_href(Attrs& attrs);
  static std::string map_content_type(std::string type);
  bool looks_like_html(const std::string& s) const;
  bool is_base64(const Attrs& attrs) const;

  // Element handlers (feed_builder_handlers.cpp), named after feedparser's.
#define MW_HANDLER(name)       \
  void start_##name(Attrs& a); \
  void end_##name();
  MW_HANDLER(rss)
  MW_HANDLER(channel)
  MW_HANDLER(feed)
  MW_HANDLER(image)
  MW_HANDLER(textinput)
  MW_HANDLER(author)
  MW_HANDLER(contributor)
  MW_HANDLER(name)
  MW_HANDLER(width)
  MW_HANDLER(height)
  MW_HANDLER(url)
  MW_HANDLER(email)
  MW_HANDLER(subtitle)
  MW_HANDLER(rights)
  MW_HANDLER(item)
  MW_HANDLER(language)
  MW_HANDLER(webmaster)
  MW_HANDLER(published)
  MW_HANDLER(updated)
  MW_HANDLER(created)
  MW_HANDLER(expirationdate)
  MW_HANDLER(category)
  MW_HANDLER(cloud)
  MW_HANDLER(link)
  MW_HANDLER(guid)
  MW_HANDLER(title)
  MW_HANDLER(description)
  MW_HANDLER(abstract)
  MW_HANDLER(info)
  MW_HANDLER(generator)
  MW_HANDLER(summary)
  MW_HANDLER(enclosure)
  MW_HANDLER(source)
  MW_HANDLER(content)
  MW_HANDLER(body)
  MW_HANDLER(content_encoded)
  MW_HANDLER(newlocation)
  MW_HANDLER(tags)
  MW_HANDLER(dcterms_valid)
  MW_HANDLER(dc_contributor)
  MW_HANDLER(itunes_owner)
  MW_HANDLER(itunes_keywords)
  MW_HANDLER(itunes_category)
  MW_HANDLER(itunes_image)
  MW_HANDLER(itunes_block)
  MW_HANDLER(itunes_explicit)
  MW_HANDLER(media_category)
  MW_HANDLER(media_keywords)
  MW_HANDLER(media_title)
  MW_HANDLER(media_rating)
  MW_HANDLER(media_credit)
  MW_HANDLER(media_restriction)
  MW_HANDLER(media_license)
  MW_HANDLER(media_content)
  MW_HANDLER(media_thumbnail)
  MW_HANDLER(media_player)
  MW_HANDLER(cc_license)
  MW_HANDLER(creativecommons_license)
  MW_HANDLER(admin_generatoragent)
  MW_HANDLER(admin_errorreportsto)
  MW_HANDLER(psc_chapters)
  MW_HANDLER(psc_chapter)
#undef MW_HANDLER

  // Whether context() is an entry built lean: its detail-only keys are skipped, the keys
  // LeanEntry holds are written there (lean_set), anything else lands in lean_scratch_.
  bool lean_entry() const {
    return !full_detail_ && inentry_ != 0 && !lean_entries_.empty() && !insource_ &&
           !(inimage_ && feeddata_.contains("image")) && !intextinput_;
  }
  // Whether context() is the channel built without detail (FeedParseOptions::build_detail
  // false): its plain keys are kept (title, link, language, ttl: what Feed's typed fields are
  // read from), its *_detail objects, author, contributor, tag and link lists and ISO dates are
  // not. Images and text inputs keep their objects (lean_entry() routes to them).
  bool lean_channel() const {
    return !full_detail_ && inentry_ == 0 && !insource_ && !inimage_ && !intextinput_;
  }
  // Whether detail-only structures are skipped in the current context.
  bool detail_skipped() const {
    return lean_entry() || lean_channel();
  }
  // Sets `key` of the lean entry being read (the keys LeanEntry holds; others are dropped).
  void lean_set(const std::string& key, const Json& value);
  void lean_set(const std::string& key, std::string text);
  bool entry_has(const std::string& key);  // context().contains(key), lean entries included

  std::string encoding_;
  bool full_detail_ = true;
  std::string baseuri_;
  std::optional<std::string> lang_;
  std::string version_;
  Json feeddata_ = Json::object();
  std::vector<Json> entries_;
  std::vector<LeanEntry> lean_entries_;
  // context() of a lean entry: absorbs what handlers keep there for themselves (media lists,
  // generator detail...), emptied at each new entry.
  Json lean_scratch_;  // null until context() needs it
  Json sourcedata_;    // null until context() needs it
  ContentParams contentparams_;
  std::map<std::string, std::string> ns_in_use_;
  std::map<std::string, std::string> namespacemap_;  // given prefix -> canonical prefix
  std::string ns_error_;
  std::vector<StackItem> elementstack_;
  RunStack<std::string> basestack_;
  RunStack<std::optional<std::string>> langstack_;
  // Depth at which each key of the current entry was set (only the last entry is ever written,
  // so the map starts afresh with each entry).
  // A handful of keys per entry: a flat list beats a tree.
  std::vector<std::pair<std::string, int>> entry_depths_;
  int infeed_ = 0, inentry_ = 0, incontent_ = 0, intextinput_ = 0, inimage_ = 0;
  int inauthor_ = 0, incontributor_ = 0, inpublisher_ = 0, insource_ = 0;
  int title_depth_ = -1, depth_ = 0;
  bool has_content_ = false;
  bool guidislink_ = false;
  bool psc_chapters_flag_ = false;
  std::optional<std::string> summary_key_;
};

// Canonical prefix of a namespace URI as feedparser names it ("dc", "itunes", "" for the core
// RSS/Atom namespaces), nullopt for namespaces it does not know.
std::optional<std::string> canonical_prefix(std::string_view uri_lower);

}  // namespace mw::feed_detail
