#include "feeds/feed_builder.h"
#include "feeds/feed_builder_util.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "feeds/charset.h"
#include "feeds/feed_dates.h"
#include "feeds/feed_entities.h"
#include "feeds/html_sanitizer.h"

namespace mw::feed_detail {

using namespace std::string_view_literals;
namespace {

// Elements whose text is a URI to resolve against xml:base, and text constructs that may
// hold markup with relative URIs or dangerous content.
bool can_be_relative_uri(std::string_view e) {
  return e == "comments"sv || e == "docs"sv || e == "href"sv || e == "icon"sv || e == "id"sv ||
         e == "link"sv || e == "logo"sv || e == "url"sv || e == "wfw_comment"sv ||
         e == "wfw_commentrss"sv;
}
bool can_contain_markup(std::string_view e) {
  return e == "content"sv || e == "copyright"sv || e == "description"sv || e == "info"sv ||
         e == "rights"sv || e == "subtitle"sv || e == "summary"sv || e == "tagline"sv ||
         e == "title"sv;
}

using util::lower;
using util::strip;

// What util::strip trims.
constexpr bool is_strip_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const std::string kTextHtml = "text/html";
const std::string kSummary = "summary";

bool is_blank(std::string_view s) {
  return strip(s).empty();
}

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string attr_escape(std::string_view s) {
  std::string out = xml_escape(s);
  std::string q;
  for (char c : out) {
    if (c == '"') {
      q += "&quot;";
    } else {
      q += c;
    }
  }
  return q;
}

// C1 controls (U+0080-U+009F) in decoded text are almost always windows-1252 punctuation
// that went through a latin-1 decoder; feedparser maps them back, and so do we.
std::string translate_cp1252(std::string s) {
  static constexpr std::array<char32_t, 32> kMap = {
      0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  if (s.find('\xC2') == std::string::npos) return s;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0xC2 && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0x9F) {
        append_utf8(out, kMap[d - 0x80]);
        ++i;
        continue;
      }
    }
    out += static_cast<char>(c);
  }
  return out;
}

// Text that was UTF-8 decoded as latin-1 somewhere upstream ("cafÃ©") is repaired when the
// document itself is UTF-8: feedparser does the same round trip.
std::string fix_double_utf8(std::string s) {
  // Only text with U+0080..U+00FF (lead bytes C2/C3) can be repaired; anything else comes back
  // unchanged, without the copy below.
  if (text::find_either(s, '\xC2', '\xC3') == std::string::npos) return s;
  std::string bytes;
  bool high = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bytes += static_cast<char>(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      bytes += static_cast<char>(((c & 0x1F) << 6) | (d & 0x3F));
      high = true;
      ++i;
    } else {
      return s;  // a code point above U+00FF: not latin-1 encodable
    }
  }
  if (!high || !charset::is_valid_utf8(bytes)) return s;
  return bytes;
}

std::string base64_decode(const std::string& in, bool& ok) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  ok = true;
  for (char c : in) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '=') break;
    size_t p = kAlphabet.find(c);
    if (p == std::string::npos) {
      ok = false;
      return "";
    }
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  if (!charset::is_valid_utf8(out)) ok = false;
  return out;
}

}  // namespace

FeedBuilder::FeedBuilder(std::string base, std::optional<std::string> lang, std::string encoding,
                         bool full_detail)
    : encoding_(std::move(encoding)),
      full_detail_(full_detail),
      baseuri_(std::move(base)),
      lang_(std::move(lang)) {
  elementstack_.reserve(8);  // one allocation each instead of a doubling series
  open_tags_.reserve(16);
  if (lang_ && !lang_->empty()) {
    std::string l = *lang_;
    std::replace(l.begin(), l.end(), '_', '-');
    feeddata_["language"] = l;
  }
}

Json ContentParams::to_json() const {
  Json j = Json::object();
  if (type) j["type"] = *type;
  if (has_language) j["language"] = language ? Json(*language) : Json(nullptr);
  if (base) j["base"] = *base;
  if (base64) j["base64"] = *base64;
  if (src) j["src"] = *src;
  return j;
}

void FeedBuilder::start_element(std::string_view qname, const std::string& ns_in,
                                std::string_view local_in, const std::vector<QAttr>& attrs) {
  const TagInfo& t = tag_info(qname, ns_in, local_in);
  open_tags_.push_back(
      OpenTag{&t == &remapped_ ? nullptr : &t, prefix_mappings_, tag_cache_resets()});
  if (!t.unbound_prefix.empty() && ns_error_.empty() && !ns_in_use_.count(t.unbound_prefix)) {
    ns_error_ = "'" + t.unbound_prefix + "' is not associated with a namespace";
  }
  Attrs& a = attrs_;
  a.clear();
  auto set_attr = [&](std::string_view k, std::string_view v) {
    std::string key = lower(k);
    std::string value = (key == "rel"sv || key == "type"sv) ? lower(v) : std::string(v);
    a.set_owned(std::move(key), std::move(value));
  };
  if (!t.xmlns.empty()) set_attr("xmlns", t.xmlns);
  for (const auto& q : attrs) {
    if (!q.ns.empty()) {
      auto p = canonical_prefix(lower(q.ns));
      if (p && !p->empty()) {
        std::string name = *p;
        name += ':';
        name += q.local;
        set_attr(name, q.value);
      } else {
        set_attr(q.local, q.value);
      }
    }
  }
  for (const auto& q : attrs) set_attr(q.qname, q.value);
  unknown_starttag(t, a);
}

void FeedBuilder::end_element(std::string_view qname, const std::string& ns_in,
                              std::string_view local_in) {
  const TagInfo* t = nullptr;
  if (!open_tags_.empty()) {
    const OpenTag& o = open_tags_.back();
    if (o.prefix_mappings == prefix_mappings_ && o.cache_resets == tag_cache_resets()) t = o.info;
    open_tags_.pop_back();
  }
  unknown_endtag(t ? *t : tag_info(qname, ns_in, local_in));
}

void FeedBuilder::characters(std::string_view text) {
  handle_data(text, true);
}

void FeedBuilder::unknown_starttag(const TagInfo& t, Attrs& attrs) {
  ++depth_;
  std::string base;
  if (const std::string* v = attrs.find("xml:base"))
    base = *v;
  else if (const std::string* v2 = attrs.find("base"))
    base = *v2;
  // Without xml:base the base stays what it is (resolving a URI against itself gives it back),
  // which spares a URI join per element.
  if (base.empty() || base == baseuri_) {
    // unchanged
  } else if (!baseuri_.empty()) {
    std::string r = make_safe_absolute_uri(baseuri_, base);
    if (!r.empty()) baseuri_ = r;
  } else {
    baseuri_ = join_uri(baseuri_, base);
  }
  const std::string* lang_attr = attrs.find("xml:lang");
  if (!lang_attr) lang_attr = attrs.find("lang");
  if (lang_attr) {
    if (lang_attr->empty()) {
      lang_.reset();
    } else {
      lang_ = *lang_attr;
    }
  }
  const std::string& tag = t.tag;
  if (lang_ && !lang_->empty() && (tag == "feed"sv || tag == "rss"sv || tag == "rdf:rdf"sv)) {
    std::string l = *lang_;
    std::replace(l.begin(), l.end(), '_', '-');
    feeddata_["language"] = l;
  }
  basestack_.push(baseuri_);
  langstack_.push(lang_);

  if (incontent_ && !contentparams_.type.value_or("xml").ends_with("xml")) {
    if (tag == "xhtml:div"sv || tag == "div"sv) return;  // typepad wraps html in a div
    contentparams_.type = "application/xhtml+xml";
  }
  if (incontent_ && contentparams_.type == "application/xhtml+xml"sv) {
    std::string name = tag;
    std::string xmlns;
    size_t c = name.find(':');
    if (c != std::string::npos) {
      std::string pfx = name.substr(0, c);
      name = name.substr(c + 1);
      auto it = ns_in_use_.find(pfx);
      std::string nsuri = it == ns_in_use_.end() ? "" : it->second;
      if ((name == "math"sv && nsuri == "http://www.w3.org/1998/Math/MathML"sv) ||
          (name == "svg"sv && nsuri == "http://www.w3.org/2000/svg"sv)) {
        xmlns = nsuri;
      }
    }
    std::string markup = "<" + name;
    for (const auto& [k, v] : attrs) markup += " " + k + "=\"" + attr_escape(v) + "\"";
    if (!xmlns.empty()) markup += " xmlns=\"" + attr_escape(xmlns) + "\"";
    markup += ">";
    handle_data(markup, false);
    return;
  }
  if (t.resets_textinput) intextinput_ = 0;
  if (t.resets_image) inimage_ = 0;
  if (t.handler && t.handler->start != nullptr) {
    (this->*(t.handler->start))(attrs);
    return;
  }
  if (attrs.empty()) {
    push(t.key, true);
  } else if (lean_entry()) {
    lean_set(t.key, attrs.to_json());
  } else {
    context()[t.key] = attrs.to_json();
  }
}

void FeedBuilder::unknown_endtag(const TagInfo& t) {
  if (t.handler && t.handler->end != nullptr) {
    (this->*(t.handler->end))();
  } else {
    pop(t.key);
  }
  const std::string& tag = t.tag;
  if (incontent_ && !contentparams_.type.value_or("xml").ends_with("xml")) {
    // feedparser returns here without unwinding base/lang/depth; kept for compatibility.
    if (tag == "xhtml:div"sv || tag == "div"sv) return;
    contentparams_.type = "application/xhtml+xml";
  }
  if (incontent_ && contentparams_.type == "application/xhtml+xml"sv) {
    std::string l = tag.substr(tag.rfind(':') == std::string::npos ? 0 : tag.rfind(':') + 1);
    handle_data("</" + l + ">", false);
  }
  if (!basestack_.empty()) {
    basestack_.pop();
    if (!basestack_.empty() && !basestack_.top().empty()) baseuri_ = basestack_.top();
  }
  if (!langstack_.empty()) {
    langstack_.pop();
    if (!langstack_.empty()) lang_ = langstack_.top();
  }
  --depth_;
}

void FeedBuilder::handle_data(std::string_view text, bool escape) {
  if (elementstack_.empty()) return;
  if (escape && contentparams_.type == "application/xhtml+xml"sv) {
    add_piece(elementstack_.back(), xml_escape(text));
  } else {
    add_piece(elementstack_.back(), text);
  }
}

void FeedBuilder::add_piece(StackItem& item, std::string_view piece) {
  // Boundaries are recorded from the second piece on (where the previous one ended): the
  // usual element has one piece and needs no list.
  if (!item.text.empty() && (incontent_ > 0 || contentparams_.type)) {
    item.piece_ends.push_back(item.text.size());
  }
  item.text.append(piece);
}

void FeedBuilder::push(std::string element, bool expecting_text) {
  elementstack_.push_back(StackItem{std::move(element), expecting_text, {}, {}});
}

std::optional<std::string> FeedBuilder::pop(const std::string& element, bool strip_ws) {
  if (elementstack_.empty() || elementstack_.back().element != element) return std::nullopt;
  StackItem item = std::move(elementstack_.back());
  elementstack_.pop_back();
  // Without the detail, the channel keeps only what Feed's typed fields read (title, link,
  // language, ttl): its description, subtitle, rights and info would be sanitized and stored
  // for nobody. (Their end handlers ignore the value.)
  if (lean_channel() && (element == "description"sv || element == "subtitle"sv ||
                         element == "rights"sv || element == "info"sv)) {
    return std::string();
  }
  std::string output;
  if (version_ == "atom10"sv && contentparams_.type == "application/xhtml+xml"sv) {
    std::vector<std::string> pieces;
    size_t from = 0;
    for (size_t end : item.piece_ends) {
      pieces.push_back(item.text.substr(from, end - from));
      from = end;
    }
    pieces.push_back(item.text.substr(from));
    // Atom 1.0 xhtml content sits in one <div> wrapper that is not part of the content.
    while (pieces.size() > 1 && is_blank(pieces.back())) pieces.pop_back();
    while (pieces.size() > 1 && is_blank(pieces.front())) pieces.erase(pieces.begin());
    if (!pieces.empty() && (pieces.front() == "<div>"sv || pieces.front().starts_with("<div ")) &&
        pieces.back() == "</div>"sv) {
      int depth = 0;
      bool broke = false;
      for (size_t i = 0; i + 1 < pieces.size(); ++i) {
        const auto& p = pieces[i];
        if (p.starts_with("</")) {
          --depth;
          if (depth == 0) {
            broke = true;
            break;
          }
        } else if (p.starts_with("<") && !p.ends_with("/>")) {
          ++depth;
        }
      }
      if (!broke) pieces = std::vector<std::string>(pieces.begin() + 1, pieces.end() - 1);
    }
    for (const auto& p : pieces) output += p;
  } else {
    output = std::move(item.text);
  }
  if (strip_ws) {
    std::string_view t = output;
    size_t b = 0, e = t.size();
    while (b < e && is_strip_space(t[b])) ++b;
    while (e > b && is_strip_space(t[e - 1])) --e;
    if (e < t.size()) output.erase(e);  // in place: no second string
    if (b > 0) output.erase(0, b);
  }
  if (!item.expecting_text) return output;

  bool b64 = contentparams_.base64.value_or(false);
  if (b64) {
    bool ok = false;
    std::string decoded = base64_decode(output, ok);
    if (ok) output = decoded;
  }
  if (can_be_relative_uri(element) && !output.empty()) {
    if (element != "id"sv || guidislink_) output = resolve_uri(output);
  }
  if (!version_.starts_with("atom") && contentparams_.type == "text/plain"sv) {
    if (looks_like_html(output)) contentparams_.type = "text/html";
  }
  contentparams_.base64.reset();
  // contentparams_.type is always stored mapped (push_content), so it is not mapped again.
  const std::string& type = contentparams_.type ? *contentparams_.type : kTextHtml;
  bool htmlish = type == "application/xhtml+xml"sv || type == "text/html"sv;
  if (htmlish && can_contain_markup(element)) {
    output = resolve_and_sanitize_html(output, baseuri_, type == "application/xhtml+xml"sv);
  }
  if (encoding_ == "utf-8"sv) output = fix_double_utf8(std::move(output));
  output = translate_cp1252(std::move(output));

  if (element == "category"sv || element == "tags"sv || element == "itunes_keywords"sv)
    return output;
  if (element == "title"sv && title_depth_ > -1 && title_depth_ <= depth_) return output;

  if (inentry_ && !insource_ && !full_detail_) {
    // The same decisions as below, kept for the keys a LeanEntry holds.
    LeanEntry& e = lean_entries_.back();
    if (element == "content"sv) {
      if (!e.content) e.content = output;
    } else if (element == "link"sv) {
      if (!inimage_) {
        std::string o = output;
        for (size_t p = 0; (p = o.find("&amp;", p)) != std::string::npos;)
          o.replace(p, 5, "&"), ++p;
        e.link = std::move(o);
      }
    } else {
      const std::string& key = element == "description"sv ? kSummary : element;
      if (key == "id"sv || key == "title"sv || key == "summary"sv || key == "published_epoch"sv ||
          key == "updated_epoch"sv) {
        auto d = std::find_if(entry_depths_.begin(), entry_depths_.end(),
                              [&](const auto& kv) { return kv.first == key; });
        if (d == entry_depths_.end()) {
          entry_depths_.emplace_back(key, depth_);
          lean_set(key, output);
        } else if (depth_ <= d->second) {
          d->second = depth_;
          lean_set(key, output);
        }
      }
    }
  } else if (inentry_ && !insource_) {
    Json& entry = entries_.back();
    if (element == "content"sv) {
      Json cp = full_detail_ ? contentparams_.to_json() : Json::object();
      cp["value"] = output;
      list_in(entry, "content").push_back(std::move(cp));
    } else if (element == "link"sv) {
      if (!inimage_) {
        std::string o = output;
        for (size_t p = 0; (p = o.find("&amp;", p)) != std::string::npos;)
          o.replace(p, 5, "&"), ++p;
        entry["link"] = o;
        if (Json* last = o.empty() ? nullptr : last_object_in(entry, "links")) {
          (*last)["href"] = o;
        }
      }
    } else {
      std::string key = element == "description"sv ? "summary" : element;
      auto d = std::find_if(entry_depths_.begin(), entry_depths_.end(),
                            [&](const auto& kv) { return kv.first == key; });
      if (d == entry_depths_.end()) {
        entry_depths_.emplace_back(key, depth_);
        entry[key] = output;
      } else if (depth_ <= d->second) {
        d->second = depth_;
        entry[key] = output;
      }
      if (incontent_ && full_detail_) {
        Json cp = contentparams_.to_json();
        cp["value"] = output;
        entry[key + "_detail"] = std::move(cp);
      }
    }
  } else if (infeed_ || insource_) {
    Json& ctx = context();
    std::string key = element == "description"sv ? "subtitle" : element;
    ctx[key] = output;
    if (lean_channel()) {
      // No links list or *_detail objects to keep in step.
    } else if (key == "link"sv) {
      if (Json* last = last_object_in(ctx, "links")) (*last)["href"] = output;
    } else if (incontent_) {
      Json cp = contentparams_.to_json();
      cp["value"] = output;
      ctx[key + "_detail"] = std::move(cp);
    }
  }
  return output;
}

void FeedBuilder::push_content(const std::string& tag, Attrs& attrs,
                               const std::string& default_type, bool expecting_text) {
  ++incontent_;
  if (lang_) std::replace(lang_->begin(), lang_->end(), '_', '-');
  std::string type = attrs.get("type", default_type);
  contentparams_ = ContentParams{};
  contentparams_.type = map_content_type(type);
  contentparams_.has_language = true;
  contentparams_.language = lang_;
  contentparams_.base = baseuri_;
  contentparams_.base64 = is_base64(attrs);
  push(tag, expecting_text);
}

std::optional<std::string> FeedBuilder::pop_content(const std::string& tag) {
  auto value = pop(tag);
  --incontent_;
  contentparams_ = ContentParams{};
  return value;
}

}  // namespace mw::feed_detail
