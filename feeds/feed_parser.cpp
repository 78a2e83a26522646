#include "feeds/feed_parser.h"

#include <algorithm>

#include "feeds/charset.h"
#include "feeds/feed_builder.h"
#include "feeds/feed_xml.h"
#include "feeds/html_sanitizer.h"
#include "feeds/json_feed.h"
#include "feeds/text_util.h"
#include "feeds/url.h"

namespace mw {
namespace {

using Json = nlohmann::json;

using text::lower;

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

struct Decoded {
  // The UTF-8 text: the delivered bytes themselves when they were valid UTF-8 already (most
  // feeds: no copy), else `converted`.
  std::string_view text() const { return is_converted ? std::string_view(converted) : original; }
  std::string_view original;
  std::string converted;
  bool is_converted = false;
  std::string encoding;  // feedparser's spelling; "" when nothing worked
  std::string error;     // why the result is bozo, "" when the encoding was as declared
};

// uchardet names a few encodings differently from Python's chardet, whose spelling feedparser
// reports.
std::string chardet_spelling(const std::string& name) {
  using namespace std::string_view_literals;
  std::string l = lower(name);
  if (l.starts_with("windows-")) return l;
  if (l == "big5"sv) return "Big5";
  // uchardet names the supersets it detects; chardet reports the classic names.
  if (l == "uhc"sv) return "EUC-KR";
  if (l == "gb18030"sv) return "GB2312";
  if (l == "utf-8"sv) return "utf-8";
  if (l == "ascii"sv) return "ascii";
  if (l == "mac-cyrillic"sv) return "MacCyrillic";
  if (l == "iso-8859-8"sv) return "ISO-8859-8";
  return name;
}

// The XML declaration's encoding, from the start of the (UTF-8 or ASCII-compatible) text.
std::string xml_decl_encoding(std::string_view text) {
  if (text.substr(0, 5) != "<?xml" && text.substr(0, 2) != "<?") return "";
  size_t end = text.find("?>");
  if (end == std::string_view::npos) return "";
  std::string_view decl = text.substr(0, end);
  size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return "";
  p += 8;
  while (p < decl.size() && std::isspace(static_cast<unsigned char>(decl[p]))) ++p;
  if (p >= decl.size() || decl[p] != '=') return "";
  ++p;
  while (p < decl.size() && std::isspace(static_cast<unsigned char>(decl[p]))) ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return "";
  char q = decl[p];
  size_t close = decl.find(q, p + 1);
  if (close == std::string_view::npos) return "";
  return lower(decl.substr(p + 1, close - p - 1));
}

// RFC 3023 as feedparser applies it: the HTTP charset, the XML declaration, the byte-order
// mark, a guess, then utf-8 / windows-1252 / iso-8859-2, each tried until one decodes.
Decoded decode_document(std::string_view data, const FeedParseOptions& opt) {
  Decoded out;
  std::string bom;
  auto starts = [&](std::string_view m) { return data.substr(0, m.size()) == m; };
  using namespace std::string_view_literals;
  if (starts("\x00\x00\xFE\xFF"sv)) {
    bom = "utf-32be";
    data.remove_prefix(4);
  } else if (starts("\xFF\xFE\x00\x00"sv)) {
    bom = "utf-32le";
    data.remove_prefix(4);
  } else if (starts("\xFE\xFF"sv) && data.substr(2, 2) != "\x00\x00"sv) {
    bom = "utf-16be";
    data.remove_prefix(2);
  } else if (starts("\xFF\xFE"sv) && data.substr(2, 2) != "\x00\x00"sv) {
    bom = "utf-16le";
    data.remove_prefix(2);
  } else if (starts("\xEF\xBB\xBF"sv)) {
    bom = "utf-8";
    data.remove_prefix(3);
  } else if (starts("\x4C\x6F\xA7\x94"sv)) {
    bom = "cp037";
  } else if (starts("\x00\x3C\x00\x3F"sv)) {
    bom = "utf-16be";
  } else if (starts("\x3C\x00\x3F\x00"sv)) {
    bom = "utf-16le";
  } else if (starts("\x00\x00\x00\x3C"sv)) {
    bom = "utf-32be";
  } else if (starts("\x3C\x00\x00\x00"sv)) {
    bom = "utf-32le";
  }
  std::string xml_enc;
  if (bom.empty()) {
    xml_enc = xml_decl_encoding(data);
  } else if (auto t = charset::decode_strict(data.substr(0, 4096 - 4096 % 4), bom)) {
    xml_enc = xml_decl_encoding(*t);
  }
  static const char* kGeneric[] = {
      "u16",    "utf-16",          "utf16",           "utf_16", "u32",       "utf-32", "utf32",
      "utf_32", "iso-10646-ucs-2", "iso-10646-ucs-4", "csucs4", "csunicode", "ucs-2",  "ucs-4"};
  if (!bom.empty() &&
      std::find(std::begin(kGeneric), std::end(kGeneric), xml_enc) != std::end(kGeneric)) {
    xml_enc = bom;
  }

  std::string media, http_charset;
  if (opt.content_type) {
    std::string ct = *opt.content_type;
    size_t semi = ct.find(';');
    media = lower(trim(ct.substr(0, semi)));
    while (semi != std::string::npos) {
      size_t next = ct.find(';', semi + 1);
      std::string param =
          ct.substr(semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1);
      size_t eq = param.find('=');
      if (eq != std::string::npos && lower(trim(param.substr(0, eq))) == "charset"sv) {
        std::string v = trim(param.substr(eq + 1));
        v.erase(std::remove(v.begin(), v.end(), '\''), v.end());
        v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
        http_charset = v;
      }
      semi = next;
    }
  }
  bool acceptable = false;
  std::string rfc3023;
  bool app_xml = media == "application/xml"sv || media == "application/xml-dtd"sv ||
                 media == "application/xml-external-parsed-entity"sv ||
                 (media.starts_with("application/") && media.ends_with("+xml"));
  bool text_xml = media == "text/xml"sv || media == "text/xml-external-parsed-entity"sv ||
                  (media.starts_with("text/") && media.ends_with("+xml"));
  if (app_xml) {
    acceptable = true;
    rfc3023 = !http_charset.empty() ? http_charset : !xml_enc.empty() ? xml_enc : "utf-8";
  } else if (text_xml) {
    acceptable = true;
    rfc3023 = !http_charset.empty() ? http_charset : "us-ascii";
  } else if (media.starts_with("text/")) {
    rfc3023 = !http_charset.empty() ? http_charset : "us-ascii";
  } else if (opt.over_http && !opt.content_type) {
    rfc3023 = !xml_enc.empty() ? xml_enc : "iso-8859-1";
  } else {
    rfc3023 = !xml_enc.empty() ? xml_enc : "utf-8";
  }
  if (lower(rfc3023) == "gb2312"sv) rfc3023 = "gb18030";
  if (xml_enc == "gb2312"sv) xml_enc = "gb18030";
  if (opt.over_http && !acceptable) {
    out.error = opt.content_type ? *opt.content_type + " is not an XML media type"
                                 : "no Content-type specified";
  }

  std::vector<std::string> tried;
  auto attempt = [&](const std::string& enc, const std::string& reported = "") -> bool {
    if (enc.empty() || std::find(tried.begin(), tried.end(), enc) != tried.end()) return false;
    tried.push_back(enc);
    if (charset::is_utf8_label(enc)) {
      if (!charset::is_valid_utf8(data)) return false;
      out.original = data;
      out.is_converted = false;
    } else {
      auto text = charset::decode_strict(data, enc);
      if (!text) return false;
      out.converted = std::move(*text);
      out.is_converted = true;
    }
    out.encoding = reported.empty() ? enc : reported;
    return true;
  };
  bool ok = attempt(rfc3023) || attempt(xml_enc) || attempt(bom);
  // Valid UTF-8 with non-ASCII bytes is UTF-8 in practice; statistical guesses on short texts
  // are not (feedparser asks chardet first; uchardet guesses windows-125x for "café").
  if (!ok) ok = attempt("utf-8");
  if (!ok) {
    auto guessed = charset::guess(data);
    if (guessed) ok = attempt(*guessed, chardet_spelling(*guessed));
  }
  ok = ok || attempt("utf-8") || attempt("windows-1252") || attempt("iso-8859-2");
  if (!ok) {
    // Nothing decodes cleanly (cannot happen with iso-8859-2 unless iconv lacks it): keep the
    // bytes as UTF-8 with replacement characters rather than fail.
    out.converted = charset::sanitize_utf8(data);
    out.is_converted = true;
    out.encoding = "";
    out.error = "document encoding unknown, I tried " + rfc3023 + ", " + xml_enc +
                ", utf-8, windows-1252, and iso-8859-2 but nothing worked";
  } else if (out.encoding != rfc3023) {
    out.error = "document declared as " + rfc3023 + ", but parsed as " + out.encoding;
  }
  if (out.text().substr(0, 3) == "\xEF\xBB\xBF"sv) {
    if (out.is_converted) {
      out.converted.erase(0, 3);
    } else {
      out.original.remove_prefix(3);
    }
  }
  return out;
}

struct Doctype {
  std::string version;  // "rss091n" for Netscape's RSS 0.91 DTD
  std::map<std::string, std::string> entities;
};

// The DOCTYPE before the first element: Netscape RSS 0.91 marker and the simple internal
// entity declarations feeds use (name "text" or name "&#N;").
Doctype read_doctype(std::string_view text) {
  Doctype d;
  size_t first = 0;
  while (true) {
    first = text.find('<', first);
    if (first == std::string_view::npos || first + 1 >= text.size()) return d;
    if (std::isalnum(static_cast<unsigned char>(text[first + 1])) || text[first + 1] == '_') break;
    ++first;
  }
  // Most documents have no DOCTYPE: nothing copied for them.
  if (!text::icontains(text.substr(0, first), "<!doctype")) return d;
  std::string head(text.substr(0, first));
  std::string lhead = lower(head);
  size_t dt = lhead.find("<!doctype");
  if (dt == std::string::npos) return d;
  size_t dt_end = lhead.find('>', dt);
  std::string decl =
      lhead.substr(dt, dt_end == std::string::npos ? std::string::npos : dt_end - dt);
  if (decl.find("netscape") != std::string::npos) d.version = "rss091n";
  // <!ENTITY name "value">, value either "&#N;" or text without '&' and '"'.
  for (size_t p = head.find("<!ENTITY"); p != std::string::npos; p = head.find("<!ENTITY", p + 1)) {
    size_t i = p + 8;
    auto ws = [&] {
      while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
    };
    ws();
    size_t n = i;
    while (i < head.size() && (std::isalnum(static_cast<unsigned char>(head[i])) || head[i] == '_'))
      ++i;
    if (i == n) continue;
    std::string name = head.substr(n, i - n);
    ws();
    if (i >= head.size() || head[i] != '"') continue;
    size_t close = head.find('"', i + 1);
    if (close == std::string::npos) continue;
    std::string value = head.substr(i + 1, close - i - 1);
    bool charref =
        value.starts_with("&#") && value.ends_with(";") && value.find('&', 1) == std::string::npos;
    if (value.find('&') != std::string::npos && !charref) continue;
    d.entities[name] = value;
  }
  return d;
}

void add_computed_keys(Json& obj) {
  if (!obj.is_object() || !obj.contains("links") || !obj["links"].is_array()) return;
  Json enclosures = Json::array();
  for (const auto& l : obj["links"]) {
    if (l.value("rel", "") == "enclosure") {
      Json e = l;
      e.erase("rel");
      enclosures.push_back(e);
    }
    if (l.value("rel", "") == "license" && l.contains("href") && !obj.contains("license")) {
      obj["license"] = l["href"];
    }
  }
  if (!enclosures.empty()) obj["enclosures"] = enclosures;
}

std::optional<std::int64_t> take_epoch(Json& obj, const std::string& key) {
  std::optional<std::int64_t> t;
  std::string k = key + "_epoch";
  if (obj.contains(k) && obj[k].is_number_integer()) t = obj[k].get<std::int64_t>();
  return t;
}

void strip_epochs(Json& obj) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end();) {
    if (it.key().ends_with("_epoch")) {
      it = obj.erase(it);
    } else {
      if (it->is_object()) strip_epochs(*it);
      ++it;
    }
  }
}

std::string string_at(const Json& obj, const char* key) {
  if (obj.contains(key) && obj[key].is_string()) return obj[key].get<std::string>();
  return "";
}

// The typed fields of Feed from its feedparser-shaped detail; without `build_detail` the
// detail is dropped once read.
void adapt_feed(Feed& feed, bool build_detail) {
  // Without build_detail the detail is dropped below, so its strings are moved, not copied.
  auto field = [&](const char* key) -> std::string {
    auto it = feed.detail.find(key);  // end() on null
    if (it == feed.detail.end() || !it->is_string()) return "";
    if (build_detail) return it->get<std::string>();
    return std::move(it->get_ref<std::string&>());
  };
  feed.title = html_to_text(field("title"));
  feed.link = field("link");
  feed.language = field("language");
  feed.ttl = field("ttl");
  if (build_detail) {
    if (!feed.detail.is_object()) feed.detail = Json::object();
    if (!feed.namespaces.is_object()) feed.namespaces = Json::object();
    add_computed_keys(feed.detail);
    strip_epochs(feed.detail);
  } else {
    feed.detail = Json();
    feed.namespaces = Json();
  }
}

// An Entry from the typed values the builder kept (parsing without build_detail).
Entry entry_from(feed_detail::LeanEntry& l) {
  Entry e;
  e.id = std::move(l.id).value_or("");
  e.link = std::move(l.link).value_or("");
  if (l.title) e.title = html_to_text(*l.title);
  e.summary = std::move(l.summary).value_or("");
  e.content = std::move(l.content).value_or("");
  e.text = html_to_text(!e.content.empty() ? e.content : e.summary);
  e.published = l.published;
  e.updated = l.updated;
  e.key = entry_key(e);
  return e;
}

// Fills the typed fields of Feed/Entry from the feedparser-shaped detail; without
// `build_detail`, each entry's detail is dropped once read.
void adapt(Feed& feed, bool build_detail) {
  adapt_feed(feed, build_detail);
  for (Entry& e : feed.entries) {
    Json& d = e.detail;
    if (build_detail) {
      add_computed_keys(d);
      if (d.contains("source")) add_computed_keys(d["source"]);
    }
    // Without build_detail the detail is dropped below, so its strings are moved, not copied.
    auto field = [build_detail](Json& obj, const char* key) -> std::string {
      auto it = obj.find(key);
      if (it == obj.end() || !it->is_string()) return "";
      if (build_detail) return it->get<std::string>();
      return std::move(it->get_ref<std::string&>());
    };
    e.id = field(d, "id");
    e.link = field(d, "link");
    e.title = html_to_text(string_at(d, "title"));
    e.summary = field(d, "summary");
    if (d.contains("content") && d["content"].is_array() && !d["content"].empty()) {
      e.content = field(d["content"][0], "value");
    }
    e.text = html_to_text(!e.content.empty() ? e.content : e.summary);
    e.published = take_epoch(d, "published");
    e.updated = take_epoch(d, "updated");
    if (build_detail) {
      strip_epochs(d);
    } else {
      d = Json();  // null: no detail without build_detail
    }
    e.key = entry_key(e);
  }
}

}  // namespace

std::string entry_key(const Entry& e) {
  if (std::string_view id = text::trim_view(e.id); !id.empty()) {
    std::string key = "id:";
    key += id;
    return key;
  }
  if (auto c = url::canonicalize(e.link)) return "url:" + *c;
  // FNV-1a 64 over the fields that identify an entry without id or link; stable across
  // platforms and runs (unlike std::hash).
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // field separator
    h *= 1099511628211ULL;
  };
  mix(e.title);
  mix(e.published ? std::to_string(*e.published) : e.updated ? std::to_string(*e.updated) : "");
  mix(e.summary);
  // "hash:" and 16 lower-case hex digits, written by hand: snprintf was 1-3 % of parsing.
  std::string key = "hash:0000000000000000";
  for (size_t i = key.size(); h != 0; h >>= 4) key[--i] = "0123456789abcdef"[h & 0xF];
  return key;
}

Feed parse_feed(std::string_view bytes, const FeedParseOptions& options_in) {
  FeedParseOptions opt = options_in;
  if (opt.content_type || opt.content_location || opt.content_language || !opt.url.empty()) {
    opt.over_http = true;
  }
  Feed feed;
  if (bytes.empty()) {
    feed.bozo = opt.over_http;  // feedparser returns an empty, non-bozo result for ""
    return feed;
  }
  Decoded dec = decode_document(bytes, opt);
  feed.encoding = dec.encoding;

  std::string loc = opt.content_location.value_or("");
  std::string base = make_safe_absolute_uri(opt.url, loc);
  if (base.empty()) base = make_safe_absolute_uri(loc, "");
  if (base.empty()) base = opt.url;

  std::string_view text = dec.text();
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') {
    feed = parse_json_feed(text, base);
    // RFC 3023 media-type rules are about XML; only encoding problems carry over to JSON.
    if (dec.error.starts_with("document") && !feed.bozo) {
      feed.bozo = true;
      feed.bozo_exception = dec.error;
    }
    adapt(feed, opt.build_detail);
    return feed;
  }

  Doctype doctype = read_doctype(text);
  feed_detail::FeedBuilder builder(base, opt.content_language, "utf-8", opt.build_detail);
  feed_detail::XmlOutcome outcome;
  std::string failure;
  try {
    outcome = feed_detail::replay_xml(text, doctype.entities, builder);
  } catch (const std::exception& e) {
    // A bug in the builder, not a property of the document: keep the entries read so far and
    // say so, rather than take the daemon down with one odd feed.
    failure = std::string(
                  "feed parser failed part-way (a bug; please report it with this "
                  "feed): ") +
              e.what();
  }
  feed.version = !doctype.version.empty() ? doctype.version : builder.version();
  feed.detail = std::move(builder.feed());
  for (auto& d : builder.entries()) {
    Entry e;
    e.detail = std::move(d);
    feed.entries.push_back(std::move(e));
  }
  const bool lean = !opt.build_detail;
  if (lean) {
    feed.entries.reserve(builder.lean_entries().size());
    for (auto& l : builder.lean_entries()) feed.entries.push_back(entry_from(l));
  }
  if (!lean) {
    for (const auto& [prefix, uri] : builder.namespaces_in_use()) feed.namespaces[prefix] = uri;
  }
  if (!failure.empty()) {
    feed.bozo = true;
    feed.bozo_exception = failure;
  } else if (!dec.error.empty()) {
    feed.bozo = true;
    feed.bozo_exception = dec.error;
  } else if (!outcome.well_formed) {
    feed.bozo = true;
    feed.bozo_exception = "not well-formed XML: " + outcome.error;
  }
  if (lean) {
    adapt_feed(feed, false);
  } else {
    adapt(feed, opt.build_detail);
  }
  return feed;
}

nlohmann::json to_feedparser_json(const Feed& feed, const FeedParseOptions& opt) {
  Json out = Json::object();
  out["bozo"] = feed.bozo;
  if (feed.bozo) out["bozo_exception"] = feed.bozo_exception;
  out["encoding"] = feed.encoding;
  out["version"] = feed.version;
  out["namespaces"] = feed.namespaces.is_null() ? Json::object() : feed.namespaces;
  out["feed"] = feed.detail.is_null() ? Json::object() : feed.detail;
  Json entries = Json::array();
  for (const Entry& e : feed.entries) entries.push_back(e.detail);
  out["entries"] = std::move(entries);
  if (!opt.url.empty()) {
    out["href"] = opt.url;
    out["status"] = 200;
    Json headers = Json::object();
    for (const auto& [k, v] : opt.headers) headers[lower(k)] = v;
    if (opt.content_type) headers["content-type"] = *opt.content_type;
    if (opt.content_location) headers["content-location"] = *opt.content_location;
    if (opt.content_language) headers["content-language"] = *opt.content_language;
    out["headers"] = std::move(headers);
  }
  return out;
}

}  // namespace mw
