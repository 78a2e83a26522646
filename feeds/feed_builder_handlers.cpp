// Element handlers of the feed builder, one per element feedparser gives meaning to. Names and
// behaviour follow feedparser's (_start_<name> / _end_<name>), so its documentation and test
// suite describe ours; aliases (RSS, Atom, RDF, Dublin Core, iTunes, Media RSS spellings of the
// same idea) share one handler in the table at the bottom.
#include <string>

#include "feeds/feed_builder.h"
#include "feeds/feed_builder_util.h"
#include "feeds/html_sanitizer.h"

namespace mw::feed_detail {

using namespace std::string_view_literals;
namespace {

using util::trim;

}  // namespace

void FeedBuilder::start_rss(Attrs& a) {
  if (!version_.empty() && version_.starts_with("rss")) return;
  std::string v = a.get("version");
  if (v == "0.91"sv)
    version_ = "rss091u";
  else if (v == "0.92"sv)
    version_ = "rss092";
  else if (v == "0.93"sv)
    version_ = "rss093";
  else if (v == "0.94"sv)
    version_ = "rss094";
  else if (v.starts_with("2."))
    version_ = "rss20";
  else
    version_ = "rss";
}
void FeedBuilder::end_rss() {
  pop("rss");
}

void FeedBuilder::start_channel(Attrs& a) {
  infeed_ = 1;
  cdf_common(a);
}
void FeedBuilder::end_channel() {
  infeed_ = 0;
}

void FeedBuilder::cdf_common(Attrs& a) {
  if (const std::string* lastmod = a.find("lastmod")) {
    Attrs none;
    start_updated(none);
    elementstack_.back().text = *lastmod;
    end_updated();
  }
  if (const std::string* href = a.find("href")) {
    std::string value = *href;
    Attrs none;
    start_link(none);
    elementstack_.back().text = value;
    end_link();
  }
}

void FeedBuilder::start_feed(Attrs& a) {
  infeed_ = 1;
  if (!version_.empty()) return;
  std::string v = a.get("version");
  if (v == "0.1"sv)
    version_ = "atom01";
  else if (v == "0.2"sv)
    version_ = "atom02";
  else if (v == "0.3"sv)
    version_ = "atom03";
  else
    version_ = "atom";
}
void FeedBuilder::end_feed() {
  infeed_ = 0;
}

void FeedBuilder::start_image(Attrs&) {
  if (!inentry_) {
    Json& ctx = context();
    if (!ctx.contains("image")) ctx["image"] = Json::object();
  }
  inimage_ = 1;
  title_depth_ = -1;
  push("image", false);
}
void FeedBuilder::end_image() {
  pop("image");
  inimage_ = 0;
}

void FeedBuilder::start_textinput(Attrs&) {
  Json& ctx = context();
  if (!ctx.contains("textinput")) ctx["textinput"] = Json::object();
  intextinput_ = 1;
  title_depth_ = -1;
  push("textinput", false);
}
void FeedBuilder::end_textinput() {
  pop("textinput");
  intextinput_ = 0;
}

void FeedBuilder::start_author(Attrs&) {
  inauthor_ = 1;
  push("author", true);
  if (detail_skipped()) return;
  list_in(context(), "authors").push_back(Json::object());
}
void FeedBuilder::end_author() {
  pop("author");
  inauthor_ = 0;
  if (!detail_skipped()) sync_author_detail();
}

void FeedBuilder::start_contributor(Attrs&) {
  incontributor_ = 1;
  if (!detail_skipped()) {
    list_in(context(), "contributors").push_back(Json::object());
  }
  push("contributor", false);
}
void FeedBuilder::end_contributor() {
  pop("contributor");
  incontributor_ = 0;
}

void FeedBuilder::start_name(Attrs&) {
  push("name", false);
}
void FeedBuilder::end_name() {
  std::string value = pop("name").value_or("");
  if (inpublisher_)
    save_author("name", value, "publisher");
  else if (inauthor_)
    save_author("name", value);
  else if (incontributor_)
    save_contributor("name", value);
  else if (intextinput_)
    context()["name"] = value;
}

namespace {
int to_int(const std::string& s) {
  try {
    size_t used = 0;
    int v = std::stoi(trim(s), &used);
    return used == trim(s).size() ? v : 0;
  } catch (...) {
    return 0;
  }
}
}  // namespace

void FeedBuilder::start_width(Attrs&) {
  push("width", false);
}
void FeedBuilder::end_width() {
  int v = to_int(pop("width").value_or(""));
  if (inimage_) context()["width"] = v;
}
void FeedBuilder::start_height(Attrs&) {
  push("height", false);
}
void FeedBuilder::end_height() {
  int v = to_int(pop("height").value_or(""));
  if (inimage_) context()["height"] = v;
}

void FeedBuilder::start_url(Attrs&) {
  push("href", true);
}
void FeedBuilder::end_url() {
  std::string value = pop("href").value_or("");
  if (inauthor_)
    save_author("href", value);
  else if (incontributor_)
    save_contributor("href", value);
}

void FeedBuilder::start_email(Attrs&) {
  push("email", false);
}
void FeedBuilder::end_email() {
  std::string value = pop("email").value_or("");
  if (inpublisher_)
    save_author("email", value, "publisher");
  else if (inauthor_)
    save_author("email", value);
  else if (incontributor_)
    save_contributor("email", value);
}

void FeedBuilder::start_subtitle(Attrs& a) {
  push_content("subtitle", a, "text/plain", true);
}
void FeedBuilder::end_subtitle() {
  pop_content("subtitle");
}
void FeedBuilder::start_rights(Attrs& a) {
  push_content("rights", a, "text/plain", true);
}
void FeedBuilder::end_rights() {
  pop_content("rights");
}

void FeedBuilder::start_item(Attrs& a) {
  if (full_detail_) {
    entries_.push_back(Json::object());
  } else {
    lean_entries_.emplace_back();
    lean_scratch_ = Json();  // made an object by context() if this entry needs it
  }
  entry_depths_.clear();
  push("item", false);
  inentry_ = 1;
  guidislink_ = false;
  title_depth_ = -1;
  std::string about = a.get(map_prefix("rdf:about"));
  if (!about.empty()) {
    if (lean_entry())
      lean_set("id", about);
    else
      context()["id"] = about;
  }
  cdf_common(a);
}
void FeedBuilder::end_item() {
  pop("item");
  inentry_ = 0;
  has_content_ = false;
}

void FeedBuilder::start_language(Attrs&) {
  push("language", true);
}
void FeedBuilder::end_language() {
  auto v = pop("language");
  lang_ = v;
}

void FeedBuilder::start_webmaster(Attrs&) {
  push("publisher", true);
}
void FeedBuilder::end_webmaster() {
  pop("publisher");
  sync_author_detail("publisher");
}

void FeedBuilder::start_published(Attrs&) {
  push("published", true);
}
void FeedBuilder::end_published() {
  save_date("published", pop("published"));
}
void FeedBuilder::start_updated(Attrs&) {
  push("updated", true);
}
void FeedBuilder::end_updated() {
  save_date("updated", pop("updated"));
}
void FeedBuilder::start_created(Attrs&) {
  push("created", true);
}
void FeedBuilder::end_created() {
  save_date("created", pop("created"));
}
void FeedBuilder::start_expirationdate(Attrs&) {
  push("expired", true);
}
void FeedBuilder::end_expirationdate() {
  save_date("expired", pop("expired"));
}

void FeedBuilder::start_category(Attrs& a) {
  Json scheme = a.get_or_null("scheme");
  if (scheme.is_null()) scheme = a.get_or_null("domain");
  add_tag(a.get_or_null("term"), scheme, a.get_or_null("label"));
  push("category", true);
}
void FeedBuilder::end_category() {
  auto value = pop("category");
  if (!value || value->empty() || detail_skipped()) return;
  Json& ctx = context();
  Json& tags = ctx["tags"];
  if (!tags.is_array()) tags = Json::array();
  if (!tags.empty() && (tags.back()["term"].is_null() ||
                        (tags.back()["term"].is_string() && tags.back()["term"] == ""))) {
    tags.back()["term"] = *value;
  } else {
    add_tag(*value, nullptr, nullptr);
  }
}

void FeedBuilder::start_cloud(Attrs& a) {
  context()["cloud"] = a.to_json();
}
void FeedBuilder::end_cloud() {
  pop("cloud");
}

void FeedBuilder::start_link(Attrs& a) {
  if (!a.contains("rel")) a.set("rel", "alternate");
  if (*a.find("rel") == "self"sv) {
    if (!a.contains("type")) a.set("type", "application/atom+xml");
  } else if (!a.contains("type")) {
    a.set("type", "text/html");
  }
  enforce_href(a);
  if (const std::string* href = a.find("href")) a.set("href", resolve_uri(*href));
  bool expecting = infeed_ || inentry_ || insource_;
  Json& ctx = context();
  if (!detail_skipped()) {
    Json& links = list_in(ctx, "links");
    if (!(inentry_ && inimage_)) links.push_back(a.to_json());
  }
  if (const std::string* href = a.find("href")) {
    std::string type = map_content_type(a.get("type"));
    if (*a.find("rel") == "alternate"sv &&
        (type == "text/html"sv || type == "application/xhtml+xml"sv)) {
      if (lean_entry())
        lean_set("link", *href);
      else
        ctx["link"] = *href;
    }
  } else {
    push("link", expecting);
  }
}
void FeedBuilder::end_link() {
  pop("link");
}

void FeedBuilder::start_guid(Attrs& a) {
  guidislink_ = a.get("ispermalink", "true") == "true"sv;
  push("id", true);
}
void FeedBuilder::end_guid() {
  auto value = pop("id");
  bool has_link = entry_has("link");
  save("guidislink", guidislink_ && !has_link);
  if (guidislink_ && value) save("link", *value);
}

void FeedBuilder::start_title(Attrs& a) {
  push_content("title", a, "text/plain", infeed_ || inentry_ || insource_);
}
void FeedBuilder::end_title() {
  auto value = pop_content("title");
  if (!value || value->empty()) return;
  title_depth_ = depth_;
}

void FeedBuilder::start_description(Attrs& a) {
  if (entry_has("summary") && !has_content_) {
    summary_key_ = "content";
    start_content(a);
  } else {
    push_content("description", a, "text/html", infeed_ || inentry_ || insource_);
  }
}
void FeedBuilder::start_abstract(Attrs& a) {
  push_content("description", a, "text/plain", infeed_ || inentry_ || insource_);
}
void FeedBuilder::end_description() {
  if (summary_key_ && *summary_key_ == "content"sv) {
    end_content();
  } else {
    pop_content("description");
  }
  summary_key_.reset();
}
void FeedBuilder::end_abstract() {
  end_description();
}

void FeedBuilder::start_info(Attrs& a) {
  push_content("info", a, "text/plain", true);
}
void FeedBuilder::end_info() {
  pop_content("info");
}

void FeedBuilder::start_generator(Attrs& a) {
  if (!a.empty()) {
    enforce_href(a);
    if (const std::string* href = a.find("href")) a.set("href", resolve_uri(*href));
  }
  context()["generator_detail"] = a.to_json();
  push("generator", true);
}
void FeedBuilder::end_generator() {
  auto value = pop("generator");
  Json& ctx = context();
  if (ctx.contains("generator_detail"))
    object_in(ctx, "generator_detail")["name"] = value.value_or("");
}

void FeedBuilder::start_summary(Attrs& a) {
  if (entry_has("summary") && !has_content_) {
    summary_key_ = "content";
    start_content(a);
  } else {
    summary_key_ = "summary";
    push_content("summary", a, "text/plain", true);
  }
}
void FeedBuilder::end_summary() {
  if (summary_key_ && *summary_key_ == "content"sv) {
    end_content();
  } else {
    pop_content(summary_key_.value_or("summary"));
  }
  summary_key_.reset();
}

void FeedBuilder::start_enclosure(Attrs& a) {
  if (detail_skipped()) return;
  enforce_href(a);
  a.set("rel", "enclosure");
  list_in(context(), "links").push_back(a.to_json());
}
void FeedBuilder::end_enclosure() {
  pop("enclosure");
}

void FeedBuilder::start_source(Attrs& a) {
  if (const std::string* url = a.find("url")) sourcedata_["href"] = *url;
  push("source", true);
  insource_ = 1;
  title_depth_ = -1;
}
void FeedBuilder::end_source() {
  insource_ = 0;
  auto value = pop("source");
  if (value && !value->empty()) sourcedata_["title"] = *value;
  if (!sourcedata_.is_object()) sourcedata_ = Json::object();  // an empty source is {}
  context()["source"] = std::move(sourcedata_);
  sourcedata_ = Json();  // made an object by context() when the next source needs it
}

void FeedBuilder::start_content(Attrs& a) {
  has_content_ = true;
  push_content("content", a, "text/plain", true);
  std::string src = a.get("src");
  if (!src.empty()) contentparams_.src = src;
  push("content", true);
}
void FeedBuilder::end_content() {
  std::string type = map_content_type(contentparams_.type.value_or(""));
  bool copy_to_summary =
      type == "text/plain"sv || type == "text/html"sv || type == "application/xhtml+xml"sv;
  auto value = pop_content("content");
  if (copy_to_summary && value) save("summary", *value);
}

void FeedBuilder::start_body(Attrs& a) {
  push_content("content", a, "application/xhtml+xml", true);
}
void FeedBuilder::end_body() {
  end_content();
}

void FeedBuilder::start_content_encoded(Attrs& a) {
  has_content_ = true;
  push_content("content", a, "text/html", true);
}
void FeedBuilder::end_content_encoded() {
  end_content();
}

void FeedBuilder::start_newlocation(Attrs&) {
  push("newlocation", true);
}
void FeedBuilder::end_newlocation() {
  std::string url = pop("newlocation").value_or("");
  if (&context() != &feeddata_) return;
  feeddata_["newlocation"] = make_safe_absolute_uri(baseuri_, trim(url));
}

void FeedBuilder::start_tags(Attrs&) {
  push("tags", true);
}
void FeedBuilder::end_tags() {
  std::string v = pop("tags").value_or("");
  size_t p = 0;
  while (true) {
    size_t c = v.find(',', p);
    add_tag(trim(v.substr(p, c == std::string::npos ? std::string::npos : c - p)), nullptr,
            nullptr);
    if (c == std::string::npos) break;
    p = c + 1;
  }
}

}  // namespace mw::feed_detail
