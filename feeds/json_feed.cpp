#include "feeds/json_feed.h"

#include "feeds/feed_dates.h"
#include "feeds/html_sanitizer.h"

namespace mw {
namespace {

using Json = nlohmann::json;

std::string str(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::string absolute(std::string_view base, const std::string& ref) {
  if (ref.empty()) return ref;
  return join_uri(base, ref);
}

Json author_of(const Json& a, std::string_view base) {
  Json d = Json::object();
  if (!a.is_object()) return d;
  if (auto n = str(a, "name"); !n.empty()) d["name"] = n;
  if (auto u = str(a, "url"); !u.empty()) d["href"] = absolute(base, u);
  return d;
}

// Authors: 1.1 "authors" array, 1.0 "author" object.
void put_authors(const Json& src, Json& dst, std::string_view base) {
  Json authors = Json::array();
  if (src.contains("authors") && src["authors"].is_array()) {
    for (const auto& a : src["authors"]) {
      Json d = author_of(a, base);
      if (!d.empty()) authors.push_back(d);
    }
  } else if (src.contains("author")) {
    Json d = author_of(src["author"], base);
    if (!d.empty()) authors.push_back(d);
  }
  if (authors.empty()) return;
  dst["authors"] = authors;
  dst["author_detail"] = authors[0];
  if (authors[0].contains("name")) dst["author"] = authors[0]["name"];
}

void put_date(Json& dst, const char* key, const std::string& raw) {
  if (raw.empty()) return;
  dst[key] = raw;
  if (auto t = parse_feed_date(raw)) {
    dst[std::string(key) + "_iso"] = format_iso_utc(*t);
    dst[std::string(key) + "_epoch"] = *t;
  }
}

Json text_detail(const std::string& type, const std::string& value, std::string_view base) {
  return Json{{"type", type}, {"value", value}, {"language", nullptr}, {"base", std::string(base)}};
}

}  // namespace

Feed parse_json_feed(std::string_view utf8, std::string_view base) {
  Feed feed;
  feed.encoding = "utf-8";
  Json doc = Json::parse(utf8.begin(), utf8.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    feed.bozo = true;
    feed.bozo_exception = "json_feed: not valid JSON (or not an object); nothing parsed";
    return feed;
  }
  std::string version = str(doc, "version");
  if (version.find("jsonfeed.org/version/1.1") != std::string::npos)
    feed.version = "json11";
  else if (version.find("jsonfeed.org/version/1") != std::string::npos)
    feed.version = "json1";
  else {
    feed.bozo = true;
    feed.bozo_exception = "json_feed: missing or unknown \"version\" (" + version + ")";
  }
  Json& f = feed.detail;
  if (auto t = str(doc, "title"); !t.empty()) {
    f["title"] = t;
    f["title_detail"] = text_detail("text/plain", t, base);
  }
  if (auto d = str(doc, "description"); !d.empty()) {
    f["subtitle"] = d;
    f["subtitle_detail"] = text_detail("text/plain", d, base);
  }
  Json links = Json::array();
  if (auto h = str(doc, "home_page_url"); !h.empty()) {
    f["link"] = absolute(base, h);
    links.push_back({{"rel", "alternate"}, {"type", "text/html"}, {"href", f["link"]}});
  }
  if (auto u = str(doc, "feed_url"); !u.empty()) {
    links.push_back(
        {{"rel", "self"}, {"type", "application/feed+json"}, {"href", absolute(base, u)}});
  }
  if (!links.empty()) f["links"] = links;
  if (auto i = str(doc, "icon"); !i.empty()) f["image"] = Json{{"href", absolute(base, i)}};
  if (auto i = str(doc, "favicon"); !i.empty()) f["icon"] = absolute(base, i);
  if (auto l = str(doc, "language"); !l.empty()) f["language"] = l;
  put_authors(doc, f, base);

  if (doc.contains("items") && doc["items"].is_array()) {
    for (const auto& item : doc["items"]) {
      if (!item.is_object()) continue;
      Entry e;
      e.detail = Json::object();
      Json& d = e.detail;
      if (item.contains("id")) {
        // Spec: a string, but numbers are common in the wild.
        d["id"] = item["id"].is_string() ? item["id"].get<std::string>() : item["id"].dump();
      }
      std::string url = absolute(base, str(item, "url"));
      Json elinks = Json::array();
      if (!url.empty()) {
        d["link"] = url;
        elinks.push_back({{"rel", "alternate"}, {"type", "text/html"}, {"href", url}});
      }
      if (auto x = str(item, "external_url"); !x.empty()) {
        elinks.push_back({{"rel", "related"}, {"type", "text/html"}, {"href", absolute(base, x)}});
      }
      if (auto t = str(item, "title"); !t.empty()) {
        d["title"] = t;
        d["title_detail"] = text_detail("text/plain", t, base);
      }
      Json content = Json::array();
      if (auto h = str(item, "content_html"); !h.empty()) {
        std::string clean = resolve_and_sanitize_html(h, base, false);
        content.push_back(text_detail("text/html", clean, base));
      }
      if (auto t = str(item, "content_text"); !t.empty()) {
        content.push_back(text_detail("text/plain", t, base));
      }
      if (!content.empty()) d["content"] = content;
      if (auto s = str(item, "summary"); !s.empty()) {
        d["summary"] = s;
        d["summary_detail"] = text_detail("text/plain", s, base);
      } else if (!content.empty()) {
        d["summary"] = content[0]["value"];
        d["summary_detail"] = content[0];
      }
      put_date(d, "published", str(item, "date_published"));
      put_date(d, "updated", str(item, "date_modified"));
      put_authors(item, d, base);
      if (item.contains("tags") && item["tags"].is_array()) {
        Json tags = Json::array();
        for (const auto& t : item["tags"]) {
          if (t.is_string()) tags.push_back({{"term", t}, {"scheme", nullptr}, {"label", nullptr}});
        }
        d["tags"] = tags;
      }
      if (auto img = str(item, "image"); !img.empty())
        d["image"] = Json{{"href", absolute(base, img)}};
      if (item.contains("attachments") && item["attachments"].is_array()) {
        for (const auto& a : item["attachments"]) {
          if (!a.is_object() || str(a, "url").empty()) continue;
          Json link = {{"rel", "enclosure"},
                       {"href", absolute(base, str(a, "url"))},
                       {"type", str(a, "mime_type")}};
          if (a.contains("size_in_bytes") && a["size_in_bytes"].is_number()) {
            link["length"] = std::to_string(a["size_in_bytes"].get<long long>());
          }
          elinks.push_back(link);
        }
      }
      if (!elinks.empty()) d["links"] = elinks;
      feed.entries.push_back(std::move(e));
    }
  }
  return feed;
}

}  // namespace mw
