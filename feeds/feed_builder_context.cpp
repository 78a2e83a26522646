// FeedBuilder helpers: contexts (feed, entry, source, image, textinput), authors, tags, dates
// and the small predicates feedparser applies to content (base64, "looks like HTML").
#include <algorithm>
#include <cctype>

#include "feeds/feed_builder.h"
#include "feeds/feed_builder_util.h"
#include "feeds/feed_dates.h"
#include "feeds/feed_entities.h"
#include "feeds/html_sanitizer.h"

namespace mw::feed_detail {

using namespace std::string_view_literals;
namespace {

using util::lower;
using util::strip;

}  // namespace

bool FeedBuilder::is_base64(const Attrs& attrs) const {
  if (attrs.get("mode") == "base64"sv) return true;
  const std::string type = contentparams_.type.value_or("");
  if (type.starts_with("text/")) return false;
  if (type.ends_with("+xml") || type.ends_with("/xml")) return false;
  return true;
}

std::string FeedBuilder::map_content_type(std::string type) {
  type = lower(type);
  if (type == "text"sv || type == "plain"sv) return "text/plain";
  if (type == "html"sv) return "text/html";
  if (type == "xhtml"sv) return "application/xhtml+xml";
  return type;
}

bool FeedBuilder::looks_like_html(const std::string& s) const {
  // Needs an end tag or an entity reference, only known elements, only known entities.
  bool end_tag = false, ref = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      size_t j = i + 1;
      bool closing = j < s.size() && s[j] == '/';
      if (closing) ++j;
      size_t k = j;
      while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_')) ++k;
      if (k > j) {
        std::string name = lower(s.substr(j, k - j));
        if (!is_acceptable_html_element(name)) return false;
        if (closing && k < s.size() && s[k] == '>') end_tag = true;
      }
    } else if (s[i] == '&') {
      size_t j = i + 1;
      bool num = j < s.size() && s[j] == '#';
      if (num) ++j;
      size_t k = j;
      while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_')) ++k;
      if (k > j && k < s.size() && s[k] == ';') {
        ref = true;
        if (!num) {
          std::string name = s.substr(j, k - j);
          if (!html4_entity(name)) return false;
        }
      }
    }
  }
  return end_tag || ref;
}

std::string FeedBuilder::resolve_uri(const std::string& uri) const {
  return join_uri(baseuri_, uri);
}

Json& FeedBuilder::context() {
  // The source and the lean entry's scratch object start null and become objects when first
  // asked for: most entries never need them, and an empty object is an allocation.
  auto made = [](Json& j) -> Json& {
    if (!j.is_object()) j = Json::object();
    return j;
  };
  if (insource_) return made(sourcedata_);
  if (inimage_ && feeddata_.contains("image")) return object_in(feeddata_, "image");
  // The textinput may have been opened inside an entry, where its object went: the feed's is
  // made here then.
  if (intextinput_) return object_in(feeddata_, "textinput");
  if (inentry_ && full_detail_ && !entries_.empty()) return entries_.back();
  if (inentry_ && !full_detail_ && !lean_entries_.empty()) return made(lean_scratch_);
  return feeddata_;
}

Json& FeedBuilder::list_in(Json& ctx, const std::string& key) {
  Json& v = ctx[key];
  if (!v.is_array()) v = Json::array();
  return v;
}

Json& FeedBuilder::object_in(Json& ctx, const std::string& key) {
  Json& v = ctx[key];
  if (!v.is_object()) v = Json::object();
  return v;
}

Json* FeedBuilder::last_object_in(Json& ctx, const std::string& key) {
  auto it = ctx.find(key);
  if (it == ctx.end() || !it->is_array() || it->empty() || !it->back().is_object()) return nullptr;
  return &it->back();
}

void FeedBuilder::lean_set(const std::string& key, const Json& value) {
  LeanEntry& e = lean_entries_.back();
  std::optional<std::string>* text = key == "id"sv        ? &e.id
                                     : key == "link"sv    ? &e.link
                                     : key == "title"sv   ? &e.title
                                     : key == "summary"sv ? &e.summary
                                                          : nullptr;
  if (text) {
    *text = value.is_string() ? value.get<std::string>() : std::string();
  } else if (key == "published_epoch"sv || key == "updated_epoch"sv) {
    auto& epoch = key == "published_epoch"sv ? e.published : e.updated;
    epoch.reset();
    if (value.is_number_integer()) epoch = value.get<std::int64_t>();
  }
}

void FeedBuilder::lean_set(const std::string& key, std::string text) {
  LeanEntry& e = lean_entries_.back();
  if (key == "id"sv) {
    e.id = std::move(text);
  } else if (key == "link"sv) {
    e.link = std::move(text);
  } else if (key == "title"sv) {
    e.title = std::move(text);
  } else if (key == "summary"sv) {
    e.summary = std::move(text);
  } else if (key == "published_epoch"sv) {
    e.published.reset();  // text where a number belongs: no date
  } else if (key == "updated_epoch"sv) {
    e.updated.reset();
  }
}

bool FeedBuilder::entry_has(const std::string& key) {
  if (!lean_entry()) return context().contains(key);
  const LeanEntry& e = lean_entries_.back();
  if (key == "summary"sv) return e.summary.has_value();
  if (key == "link"sv) return e.link.has_value();
  return lean_scratch_.contains(key);  // false while it is null
}

void FeedBuilder::save(const std::string& key, const std::string& text) {
  if (lean_entry()) {
    if (!entry_has(key)) lean_set(key, text);
    return;
  }
  Json& ctx = context();
  if (!ctx.contains(key)) ctx[key] = text;
}

void FeedBuilder::save(const std::string& key, Json value, bool overwrite) {
  if (lean_entry()) {
    if (overwrite || !entry_has(key)) lean_set(key, value);
    return;
  }
  Json& ctx = context();
  if (overwrite || !ctx.contains(key)) ctx[key] = std::move(value);
}

void FeedBuilder::save_date(const std::string& key, const std::optional<std::string>& raw) {
  std::optional<std::int64_t> t;
  if (raw) t = parse_feed_date(*raw);
  if (lean_entry()) {
    lean_set(key + "_epoch", t ? Json(*t) : Json());
    return;
  }
  Json& ctx = context();
  if (t) {
    if (!lean_channel()) ctx[key + "_iso"] = format_iso_utc(*t);
    ctx[key + "_epoch"] = *t;
  } else {
    ctx.erase(key + "_iso");
    ctx.erase(key + "_epoch");
  }
}

void FeedBuilder::save_author(const std::string& key, const std::string& value,
                              const std::string& prefix) {
  if (detail_skipped()) return;
  Json& ctx = context();
  object_in(ctx, prefix + "_detail")[key] = value;
  sync_author_detail();
  Json& authors = list_in(context(), "authors");
  if (authors.empty() || !authors.back().is_object()) authors.push_back(Json::object());
  authors.back()[key] = value;
}

void FeedBuilder::save_contributor(const std::string& key, const std::string& value) {
  if (detail_skipped()) return;
  Json& contributors = list_in(context(), "contributors");
  if (contributors.empty() || !contributors.back().is_object()) {
    contributors.push_back(Json::object());
  }
  contributors.back()[key] = value;
}

void FeedBuilder::sync_author_detail(const std::string& key) {
  Json& ctx = context();
  Json detail = Json::object();
  if (Json* last = last_object_in(ctx, key + "s")) detail = *last;
  if (!detail.empty()) {
    std::string name = detail.value("name", "");
    std::string email = detail.value("email", "");
    if (!name.empty() && !email.empty()) {
      ctx[key] = name + " (" + email + ")";
    } else if (!name.empty()) {
      ctx[key] = name;
    } else if (!email.empty()) {
      ctx[key] = email;
    }
    return;
  }
  if (!ctx.contains(key) || !ctx[key].is_string()) return;
  std::string author = ctx[key].get<std::string>();
  if (author.empty()) return;
  std::string email;
  // An e-mail address inside a free-form author string: "Jane Doe (jane@example.org)".
  size_t at = author.find('@');
  if (at != std::string::npos) {
    auto ok = [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-' || ch == '.' ||
             ch == '+';
    };
    size_t s = at;
    while (s > 0 && ok(author[s - 1])) --s;
    size_t e = at + 1;
    while (e < author.size() && (ok(author[e]) || author[e] == '[' || author[e] == ']')) ++e;
    while (e > at + 1 && author[e - 1] == '.') --e;
    if (s < at && e > at + 1 && author.substr(at + 1, e - at - 1).find('.') != std::string::npos) {
      email = author.substr(s, e - s);
      author.erase(s, e - s);
      auto erase_all = [&](const std::string& what) {
        for (size_t p; (p = author.find(what)) != std::string::npos;) author.erase(p, what.size());
      };
      erase_all("()");
      erase_all("<>");
      erase_all("&lt;&gt;");
      author = strip(author);
      if (!author.empty() && author.front() == '(') author.erase(0, 1);
      if (!author.empty() && author.back() == ')') author.pop_back();
      author = strip(author);
    }
  }
  // feedparser's detail object is shared with the last entry of `authors`; both get the
  // parsed name and e-mail, and an existing *_detail is kept (setdefault).
  bool fresh_detail = false;
  if (!author.empty() || !email.empty()) {
    fresh_detail = !ctx.contains(key + "_detail");
    if (fresh_detail) ctx[key + "_detail"] = Json::object();
  }
  Json* last = last_object_in(ctx, key + "s");
  if (!author.empty()) {
    if (fresh_detail || !last) object_in(ctx, key + "_detail")["name"] = author;
    if (last) (*last)["name"] = author;
  }
  if (!email.empty()) {
    if (fresh_detail || !last) object_in(ctx, key + "_detail")["email"] = email;
    if (last) (*last)["email"] = email;
  }
}

void FeedBuilder::add_tag(const Json& term, const Json& scheme, const Json& label) {
  if (detail_skipped()) return;
  Json& tags = list_in(context(), "tags");
  auto empty = [](const Json& j) {
    return j.is_null() || (j.is_string() && j.get<std::string>().empty());
  };
  if (empty(term) && empty(scheme) && empty(label)) return;
  Json value = {{"term", term}, {"scheme", scheme}, {"label", label}};
  for (const auto& t : tags) {
    if (t == value) return;
  }
  tags.push_back(value);
}

std::string FeedBuilder::map_prefix(const std::string& name) const {
  size_t c = name.find(':');
  if (c == std::string::npos) return name;
  std::string prefix = name.substr(0, c);
  auto it = namespacemap_.find(prefix);
  if (it != namespacemap_.end()) prefix = it->second;
  return prefix + ":" + name.substr(c + 1);
}

void FeedBuilder::enforce_href(Attrs& attrs) {
  std::string href;
  if (const std::string* url = attrs.find("url"))
    href = *url;
  else if (const std::string* uri = attrs.find("uri"))
    href = *uri;
  else if (const std::string* h = attrs.find("href"))
    href = *h;
  if (!href.empty()) {
    attrs.erase("url");
    attrs.erase("uri");
    attrs.set("href", href);
  }
}

}  // namespace mw::feed_detail
