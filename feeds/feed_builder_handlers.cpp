// Element handlers of the feed builder, one per element feedparser gives meaning to. Names and
// behaviour follow feedparser's (_start_<name> / _end_<name>), so its documentation and test
// suite describe ours; aliases (RSS, Atom, RDF, Dublin Core, iTunes, Media RSS spellings of the
// same idea) share one handler in the table at the bottom.
#include <string>

#include "feeds/feed_builder.h"
#include "feeds/html_sanitizer.h"

namespace mw::feed_detail {
namespace {

std::string str_attr(const Json& attrs, const char* key, std::string fallback = "") {
  if (attrs.contains(key) && attrs[key].is_string()) return attrs[key].get<std::string>();
  return fallback;
}

Json opt_attr(const Json& attrs, const char* key) {
  if (attrs.contains(key)) return attrs[key];
  return nullptr;
}

std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

void FeedBuilder::start_rss(Attrs& a) {
  if (!version_.empty() && version_.starts_with("rss")) return;
  std::string v = str_attr(a, "version");
  if (v == "0.91")
    version_ = "rss091u";
  else if (v == "0.92")
    version_ = "rss092";
  else if (v == "0.93")
    version_ = "rss093";
  else if (v == "0.94")
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
  if (a.contains("lastmod")) {
    Attrs none = Json::object();
    start_updated(none);
    elementstack_.back().pieces = {a["lastmod"].get<std::string>()};
    end_updated();
  }
  if (a.contains("href")) {
    Attrs none = Json::object();
    start_link(none);
    elementstack_.back().pieces = {a["href"].get<std::string>()};
    end_link();
  }
}

void FeedBuilder::start_feed(Attrs& a) {
  infeed_ = 1;
  if (!version_.empty()) return;
  std::string v = str_attr(a, "version");
  if (v == "0.1")
    version_ = "atom01";
  else if (v == "0.2")
    version_ = "atom02";
  else if (v == "0.3")
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
  Json& ctx = context();
  if (!ctx.contains("authors")) ctx["authors"] = Json::array();
  ctx["authors"].push_back(Json::object());
}
void FeedBuilder::end_author() {
  pop("author");
  inauthor_ = 0;
  sync_author_detail();
}

void FeedBuilder::start_contributor(Attrs&) {
  incontributor_ = 1;
  Json& ctx = context();
  if (!ctx.contains("contributors")) ctx["contributors"] = Json::array();
  ctx["contributors"].push_back(Json::object());
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
  entries_.push_back(Json::object());
  push("item", false);
  inentry_ = 1;
  guidislink_ = false;
  title_depth_ = -1;
  std::string about = str_attr(a, map_prefix("rdf:about").c_str());
  if (!about.empty()) context()["id"] = about;
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
  Json scheme = opt_attr(a, "scheme");
  if (scheme.is_null()) scheme = opt_attr(a, "domain");
  add_tag(opt_attr(a, "term"), scheme, opt_attr(a, "label"));
  push("category", true);
}
void FeedBuilder::end_category() {
  auto value = pop("category");
  if (!value || value->empty()) return;
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
  context()["cloud"] = a;
}
void FeedBuilder::end_cloud() {
  pop("cloud");
}

void FeedBuilder::start_link(Attrs& a) {
  if (!a.contains("rel")) a["rel"] = "alternate";
  if (a["rel"] == "self") {
    if (!a.contains("type")) a["type"] = "application/atom+xml";
  } else if (!a.contains("type")) {
    a["type"] = "text/html";
  }
  enforce_href(a);
  if (a.contains("href")) a["href"] = resolve_uri(a["href"].get<std::string>());
  bool expecting = infeed_ || inentry_ || insource_;
  Json& ctx = context();
  if (!ctx.contains("links")) ctx["links"] = Json::array();
  if (!(inentry_ && inimage_)) ctx["links"].push_back(a);
  if (a.contains("href")) {
    std::string type = map_content_type(str_attr(a, "type"));
    if (a["rel"] == "alternate" && (type == "text/html" || type == "application/xhtml+xml")) {
      ctx["link"] = a["href"];
    }
  } else {
    push("link", expecting);
  }
}
void FeedBuilder::end_link() {
  pop("link");
}

void FeedBuilder::start_guid(Attrs& a) {
  guidislink_ = str_attr(a, "ispermalink", "true") == "true";
  push("id", true);
}
void FeedBuilder::end_guid() {
  auto value = pop("id");
  bool has_link = context().contains("link");
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
  if (context().contains("summary") && !has_content_) {
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
  if (summary_key_ && *summary_key_ == "content") {
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
    if (a.contains("href")) a["href"] = resolve_uri(a["href"].get<std::string>());
  }
  context()["generator_detail"] = a;
  push("generator", true);
}
void FeedBuilder::end_generator() {
  auto value = pop("generator");
  Json& ctx = context();
  if (ctx.contains("generator_detail")) ctx["generator_detail"]["name"] = value.value_or("");
}

void FeedBuilder::start_summary(Attrs& a) {
  if (context().contains("summary") && !has_content_) {
    summary_key_ = "content";
    start_content(a);
  } else {
    summary_key_ = "summary";
    push_content("summary", a, "text/plain", true);
  }
}
void FeedBuilder::end_summary() {
  if (summary_key_ && *summary_key_ == "content") {
    end_content();
  } else {
    pop_content(summary_key_.value_or("summary"));
  }
  summary_key_.reset();
}

void FeedBuilder::start_enclosure(Attrs& a) {
  enforce_href(a);
  a["rel"] = "enclosure";
  Json& ctx = context();
  if (!ctx.contains("links")) ctx["links"] = Json::array();
  ctx["links"].push_back(a);
}
void FeedBuilder::end_enclosure() {
  pop("enclosure");
}

void FeedBuilder::start_source(Attrs& a) {
  if (a.contains("url")) sourcedata_["href"] = a["url"];
  push("source", true);
  insource_ = 1;
  title_depth_ = -1;
}
void FeedBuilder::end_source() {
  insource_ = 0;
  auto value = pop("source");
  if (value && !value->empty()) sourcedata_["title"] = *value;
  context()["source"] = sourcedata_;
  sourcedata_ = Json::object();
}

void FeedBuilder::start_content(Attrs& a) {
  has_content_ = true;
  push_content("content", a, "text/plain", true);
  std::string src = str_attr(a, "src");
  if (!src.empty()) contentparams_["src"] = src;
  push("content", true);
}
void FeedBuilder::end_content() {
  std::string type = map_content_type(
      contentparams_.contains("type") ? contentparams_["type"].get<std::string>() : "");
  bool copy_to_summary =
      type == "text/plain" || type == "text/html" || type == "application/xhtml+xml";
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

void FeedBuilder::start_dcterms_valid(Attrs&) {
  push("validity", true);
}
void FeedBuilder::end_dcterms_valid() {
  std::string v = pop("validity").value_or("");
  size_t p = 0;
  while (p <= v.size()) {
    size_t c = v.find(';', p);
    std::string part = v.substr(p, c == std::string::npos ? std::string::npos : c - p);
    size_t eq = part.find('=');
    if (eq != std::string::npos) {
      std::string key = part.substr(0, eq), value = part.substr(eq + 1);
      if (key == "start" || key == "end") {
        save("validity_" + key, value, true);
        save_date("validity_" + key, value);
      }
    }
    if (c == std::string::npos) break;
    p = c + 1;
  }
}

void FeedBuilder::start_dc_contributor(Attrs&) {
  incontributor_ = 1;
  Json& ctx = context();
  if (!ctx.contains("contributors")) ctx["contributors"] = Json::array();
  ctx["contributors"].push_back(Json::object());
  push("name", false);
}
void FeedBuilder::end_dc_contributor() {
  end_name();
  incontributor_ = 0;
}

void FeedBuilder::start_itunes_owner(Attrs&) {
  inpublisher_ = 1;
  push("publisher", false);
}
void FeedBuilder::end_itunes_owner() {
  pop("publisher");
  inpublisher_ = 0;
  sync_author_detail("publisher");
}

void FeedBuilder::start_itunes_keywords(Attrs&) {
  push("itunes_keywords", true);
}
void FeedBuilder::end_itunes_keywords() {
  std::string v = pop("itunes_keywords").value_or("");
  size_t p = 0;
  while (true) {
    size_t c = v.find(',', p);
    std::string term = trim(v.substr(p, c == std::string::npos ? std::string::npos : c - p));
    if (!term.empty()) add_tag(term, "http://www.itunes.com/", nullptr);
    if (c == std::string::npos) break;
    p = c + 1;
  }
}

void FeedBuilder::start_itunes_category(Attrs& a) {
  add_tag(opt_attr(a, "text"), "http://www.itunes.com/", nullptr);
  push("category", true);
}
void FeedBuilder::end_itunes_category() {
  end_category();
}

void FeedBuilder::start_itunes_image(Attrs& a) {
  push("itunes_image", false);
  std::string href = str_attr(a, "href");
  if (href.empty()) href = str_attr(a, "url");
  if (!href.empty()) context()["image"] = Json{{"href", href}};
}
void FeedBuilder::end_itunes_image() {
  pop("itunes_image");
}

void FeedBuilder::start_itunes_block(Attrs&) {
  push("itunes_block", true);
}
void FeedBuilder::end_itunes_block() {
  auto v = pop("itunes_block", false).value_or("");
  context()["itunes_block"] = (v == "yes" || v == "Yes") ? 1 : 0;
}

void FeedBuilder::start_itunes_explicit(Attrs&) {
  push("itunes_explicit", true);
}
void FeedBuilder::end_itunes_explicit() {
  // Newer feedparser semantics: yes/true/explicit -> true, clean/no/false -> false.
  std::string v = trim(pop("itunes_explicit", false).value_or(""));
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Json out = nullptr;
  if (v == "yes" || v == "true" || v == "explicit")
    out = true;
  else if (v == "clean" || v == "no" || v == "false")
    out = false;
  context()["itunes_explicit"] = out;
}

void FeedBuilder::start_media_category(Attrs& a) {
  if (!a.contains("scheme")) a["scheme"] = "http://search.yahoo.com/mrss/category_schema";
  start_category(a);
}
void FeedBuilder::end_media_category() {
  end_category();
}

void FeedBuilder::start_media_keywords(Attrs&) {
  push("media_keywords", true);
}
void FeedBuilder::end_media_keywords() {
  std::string v = pop("media_keywords").value_or("");
  size_t p = 0;
  while (true) {
    size_t c = v.find(',', p);
    std::string term = trim(v.substr(p, c == std::string::npos ? std::string::npos : c - p));
    if (!term.empty()) add_tag(term, nullptr, nullptr);
    if (c == std::string::npos) break;
    p = c + 1;
  }
}

void FeedBuilder::start_media_title(Attrs& a) {
  start_title(a);
}
void FeedBuilder::end_media_title() {
  int saved = title_depth_;
  end_title();
  title_depth_ = saved;
}

void FeedBuilder::start_media_rating(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_rating")) ctx["media_rating"] = a;
  push("rating", true);
}
void FeedBuilder::end_media_rating() {
  std::string r = pop("rating").value_or("");
  if (!trim(r).empty()) context()["media_rating"]["content"] = r;
}

void FeedBuilder::start_media_credit(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_credit")) ctx["media_credit"] = Json::array();
  ctx["media_credit"].push_back(a);
  push("credit", true);
}
void FeedBuilder::end_media_credit() {
  std::string r = pop("credit").value_or("");
  if (!trim(r).empty()) context()["media_credit"].back()["content"] = r;
}

void FeedBuilder::start_media_restriction(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_restriction")) ctx["media_restriction"] = a;
  push("restriction", true);
}
void FeedBuilder::end_media_restriction() {
  std::string r = pop("restriction").value_or("");
  if (trim(r).empty()) return;
  Json list = Json::array();
  size_t p = 0;
  while (true) {
    size_t c = r.find(' ', p);
    std::string cc = trim(r.substr(p, c == std::string::npos ? std::string::npos : c - p));
    for (char& ch : cc) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    list.push_back(cc);
    if (c == std::string::npos) break;
    p = c + 1;
  }
  context()["media_restriction"]["content"] = list;
}

void FeedBuilder::start_media_license(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_license")) ctx["media_license"] = a;
  push("license", true);
}
void FeedBuilder::end_media_license() {
  std::string r = pop("license").value_or("");
  if (!trim(r).empty()) context()["media_license"]["content"] = r;
}

void FeedBuilder::start_media_content(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_content")) ctx["media_content"] = Json::array();
  ctx["media_content"].push_back(a);
}
void FeedBuilder::end_media_content() {
  pop("media_content");
}

void FeedBuilder::start_media_thumbnail(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_thumbnail")) ctx["media_thumbnail"] = Json::array();
  push("url", true);
  ctx["media_thumbnail"].push_back(a);
}
void FeedBuilder::end_media_thumbnail() {
  std::string url = pop("url").value_or("");
  Json& ctx = context();
  if (!trim(url).empty() && ctx.contains("media_thumbnail") && !ctx["media_thumbnail"].empty() &&
      !ctx["media_thumbnail"].back().contains("url")) {
    ctx["media_thumbnail"].back()["url"] = url;
  }
}

void FeedBuilder::start_media_player(Attrs& a) {
  push("media_player", false);
  context()["media_player"] = a;
}
void FeedBuilder::end_media_player() {
  std::string v = pop("media_player").value_or("");
  context()["media_player"]["content"] = v;
}

void FeedBuilder::start_cc_license(Attrs& a) {
  Json& ctx = context();
  std::string value = str_attr(a, map_prefix("rdf:resource").c_str());
  Json link = {{"rel", "license"}};
  if (!value.empty()) link["href"] = value;
  if (!ctx.contains("links")) ctx["links"] = Json::array();
  ctx["links"].push_back(link);
}
void FeedBuilder::end_cc_license() {
  pop("cc_license");
}

void FeedBuilder::start_creativecommons_license(Attrs&) {
  push("license", true);
}
void FeedBuilder::end_creativecommons_license() {
  std::string value = pop("license").value_or("");
  Json& ctx = context();
  Json link = {{"rel", "license"}};
  if (!value.empty()) link["href"] = value;
  if (!ctx.contains("links")) ctx["links"] = Json::array();
  ctx["links"].push_back(link);
  ctx.erase("license");
}

void FeedBuilder::start_admin_generatoragent(Attrs& a) {
  push("generator", true);
  std::string value = str_attr(a, map_prefix("rdf:resource").c_str());
  if (!value.empty()) elementstack_.back().pieces.push_back(value);
  pop("generator");
  context()["generator_detail"] = Json{{"href", value}};
}
void FeedBuilder::end_admin_generatoragent() {
  pop("admin_generatoragent");
}

void FeedBuilder::start_admin_errorreportsto(Attrs& a) {
  push("errorreportsto", true);
  std::string value = str_attr(a, map_prefix("rdf:resource").c_str());
  if (!value.empty()) elementstack_.back().pieces.push_back(value);
  pop("errorreportsto");
}
void FeedBuilder::end_admin_errorreportsto() {
  pop("admin_errorreportsto");
}

void FeedBuilder::start_psc_chapters(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("psc_chapters")) {
    psc_chapters_flag_ = true;
    a["chapters"] = Json::array();
    ctx["psc_chapters"] = a;
  }
}
void FeedBuilder::end_psc_chapters() {
  psc_chapters_flag_ = false;
}

void FeedBuilder::start_psc_chapter(Attrs& a) {
  if (!psc_chapters_flag_) return;
  Json& ctx = context();
  if (ctx.contains("psc_chapters")) ctx["psc_chapters"]["chapters"].push_back(a);
}
void FeedBuilder::end_psc_chapter() {
  pop("psc_chapter");
}

const std::unordered_map<std::string, FeedBuilder::Handler>& FeedBuilder::handlers() {
  using B = FeedBuilder;
  static const std::unordered_map<std::string, Handler> kTable = {
      {"rss", {&B::start_rss, nullptr}},
      {"channel", {&B::start_channel, &B::end_channel}},
      {"feed", {&B::start_feed, &B::end_feed}},
      {"image", {&B::start_image, &B::end_image}},
      {"textinput", {&B::start_textinput, &B::end_textinput}},
      {"author", {&B::start_author, &B::end_author}},
      {"managingeditor", {&B::start_author, &B::end_author}},
      {"dc_author", {&B::start_author, &B::end_author}},
      {"dc_creator", {&B::start_author, &B::end_author}},
      {"itunes_author", {&B::start_author, &B::end_author}},
      {"contributor", {&B::start_contributor, &B::end_contributor}},
      {"name", {&B::start_name, &B::end_name}},
      {"itunes_name", {&B::start_name, &B::end_name}},
      {"width", {&B::start_width, &B::end_width}},
      {"height", {&B::start_height, &B::end_height}},
      {"url", {&B::start_url, &B::end_url}},
      {"homepage", {&B::start_url, &B::end_url}},
      {"uri", {&B::start_url, &B::end_url}},
      {"email", {&B::start_email, &B::end_email}},
      {"itunes_email", {&B::start_email, &B::end_email}},
      {"subtitle", {&B::start_subtitle, &B::end_subtitle}},
      {"tagline", {&B::start_subtitle, &B::end_subtitle}},
      {"itunes_subtitle", {&B::start_subtitle, &B::end_subtitle}},
      {"rights", {&B::start_rights, &B::end_rights}},
      {"copyright", {&B::start_rights, &B::end_rights}},
      {"dc_rights", {&B::start_rights, &B::end_rights}},
      {"item", {&B::start_item, &B::end_item}},
      {"entry", {&B::start_item, &B::end_item}},
      {"language", {&B::start_language, &B::end_language}},
      {"dc_language", {&B::start_language, &B::end_language}},
      {"webmaster", {&B::start_webmaster, &B::end_webmaster}},
      {"dc_publisher", {&B::start_webmaster, &B::end_webmaster}},
      {"published", {&B::start_published, &B::end_published}},
      {"issued", {&B::start_published, &B::end_published}},
      {"pubdate", {&B::start_published, &B::end_published}},
      {"dcterms_issued", {&B::start_published, &B::end_published}},
      {"updated", {&B::start_updated, &B::end_updated}},
      {"modified", {&B::start_updated, &B::end_updated}},
      {"lastbuilddate", {&B::start_updated, &B::end_updated}},
      {"dc_date", {&B::start_updated, &B::end_updated}},
      {"dcterms_modified", {&B::start_updated, &B::end_updated}},
      {"created", {&B::start_created, &B::end_created}},
      {"dcterms_created", {&B::start_created, &B::end_created}},
      {"expirationdate", {&B::start_expirationdate, &B::end_expirationdate}},
      {"category", {&B::start_category, &B::end_category}},
      {"keywords", {&B::start_category, &B::end_category}},
      {"dc_subject", {&B::start_category, &B::end_category}},
      {"cloud", {&B::start_cloud, nullptr}},
      {"link", {&B::start_link, &B::end_link}},
      {"guid", {&B::start_guid, &B::end_guid}},
      {"id", {&B::start_guid, &B::end_guid}},
      {"title", {&B::start_title, &B::end_title}},
      {"dc_title", {&B::start_title, &B::end_title}},
      {"description", {&B::start_description, &B::end_description}},
      {"dc_description", {&B::start_description, &B::end_description}},
      {"media_description", {&B::start_description, &B::end_description}},
      {"abstract", {&B::start_abstract, &B::end_abstract}},
      {"info", {&B::start_info, &B::end_info}},
      {"feedburner_browserfriendly", {&B::start_info, &B::end_info}},
      {"generator", {&B::start_generator, &B::end_generator}},
      {"summary", {&B::start_summary, &B::end_summary}},
      {"itunes_summary", {&B::start_summary, &B::end_summary}},
      {"enclosure", {&B::start_enclosure, nullptr}},
      {"source", {&B::start_source, &B::end_source}},
      {"content", {&B::start_content, &B::end_content}},
      {"body", {&B::start_body, &B::end_body}},
      {"xhtml_body", {&B::start_body, &B::end_body}},
      {"content_encoded", {&B::start_content_encoded, &B::end_content_encoded}},
      {"fullitem", {&B::start_content_encoded, &B::end_content_encoded}},
      {"newlocation", {&B::start_newlocation, &B::end_newlocation}},
      {"tags", {&B::start_tags, &B::end_tags}},
      {"dcterms_valid", {&B::start_dcterms_valid, &B::end_dcterms_valid}},
      {"dc_contributor", {&B::start_dc_contributor, &B::end_dc_contributor}},
      {"itunes_owner", {&B::start_itunes_owner, &B::end_itunes_owner}},
      {"itunes_keywords", {nullptr, &B::end_itunes_keywords}},
      {"itunes_category", {&B::start_itunes_category, &B::end_itunes_category}},
      {"itunes_image", {&B::start_itunes_image, nullptr}},
      {"itunes_link", {&B::start_itunes_image, nullptr}},
      {"itunes_block", {nullptr, &B::end_itunes_block}},
      {"itunes_explicit", {nullptr, &B::end_itunes_explicit}},
      {"media_category", {&B::start_media_category, &B::end_media_category}},
      {"media_keywords", {nullptr, &B::end_media_keywords}},
      {"media_title", {&B::start_media_title, &B::end_media_title}},
      {"media_group", {nullptr, nullptr}},
      {"media_rating", {&B::start_media_rating, &B::end_media_rating}},
      {"media_credit", {&B::start_media_credit, &B::end_media_credit}},
      {"media_restriction", {&B::start_media_restriction, &B::end_media_restriction}},
      {"media_license", {&B::start_media_license, &B::end_media_license}},
      {"media_content", {&B::start_media_content, nullptr}},
      {"media_thumbnail", {&B::start_media_thumbnail, &B::end_media_thumbnail}},
      {"media_player", {&B::start_media_player, &B::end_media_player}},
      {"cc_license", {&B::start_cc_license, nullptr}},
      {"creativecommons_license",
       {&B::start_creativecommons_license, &B::end_creativecommons_license}},
      {"creativeCommons_license",
       {&B::start_creativecommons_license, &B::end_creativecommons_license}},
      {"admin_generatoragent", {&B::start_admin_generatoragent, nullptr}},
      {"admin_errorreportsto", {&B::start_admin_errorreportsto, nullptr}},
      {"psc_chapters", {&B::start_psc_chapters, &B::end_psc_chapters}},
      {"psc_chapter", {&B::start_psc_chapter, nullptr}},
  };
  return kTable;
}

}  // namespace mw::feed_detail
