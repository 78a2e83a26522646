// Handlers for extension namespaces (Dublin Core terms, iTunes, Media RSS, Creative Commons,
// admin, Podlove Simple Chapters) and the dispatch table of every handler. Core RSS/Atom/RDF
// handlers are in feed_builder_handlers.cpp.
#include <string>

#include "feeds/feed_builder.h"
#include "feeds/feed_builder_util.h"
#include "feeds/html_sanitizer.h"

namespace mw::feed_detail {

using namespace std::string_view_literals;
namespace {

using util::trim;

}  // namespace

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
      if (key == "start"sv || key == "end"sv) {
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
  list_in(context(), "contributors").push_back(Json::object());
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
  add_tag(a.get_or_null("text"), "http://www.itunes.com/", nullptr);
  push("category", true);
}
void FeedBuilder::end_itunes_category() {
  end_category();
}

void FeedBuilder::start_itunes_image(Attrs& a) {
  push("itunes_image", false);
  std::string href = a.get("href");
  if (href.empty()) href = a.get("url");
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
  context()["itunes_block"] = (v == "yes"sv || v == "Yes"sv) ? 1 : 0;
}

void FeedBuilder::start_itunes_explicit(Attrs&) {
  push("itunes_explicit", true);
}
void FeedBuilder::end_itunes_explicit() {
  // Newer feedparser semantics: yes/true/explicit -> true, clean/no/false -> false.
  std::string v = trim(pop("itunes_explicit", false).value_or(""));
  for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  Json out = nullptr;
  if (v == "yes"sv || v == "true"sv || v == "explicit"sv)
    out = true;
  else if (v == "clean"sv || v == "no"sv || v == "false"sv)
    out = false;
  context()["itunes_explicit"] = out;
}

void FeedBuilder::start_media_category(Attrs& a) {
  if (!a.contains("scheme")) a.set("scheme", "http://search.yahoo.com/mrss/category_schema");
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
  if (!ctx.contains("media_rating")) ctx["media_rating"] = a.to_json();
  push("rating", true);
}
void FeedBuilder::end_media_rating() {
  std::string r = pop("rating").value_or("");
  if (!trim(r).empty()) object_in(context(), "media_rating")["content"] = r;
}

void FeedBuilder::start_media_credit(Attrs& a) {
  Json& ctx = context();
  list_in(ctx, "media_credit").push_back(a.to_json());
  push("credit", true);
}
void FeedBuilder::end_media_credit() {
  std::string r = pop("credit").value_or("");
  if (trim(r).empty()) return;
  if (Json* last = last_object_in(context(), "media_credit")) (*last)["content"] = r;
}

void FeedBuilder::start_media_restriction(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_restriction")) ctx["media_restriction"] = a.to_json();
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
  object_in(context(), "media_restriction")["content"] = list;
}

void FeedBuilder::start_media_license(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("media_license")) ctx["media_license"] = a.to_json();
  push("license", true);
}
void FeedBuilder::end_media_license() {
  std::string r = pop("license").value_or("");
  if (!trim(r).empty()) object_in(context(), "media_license")["content"] = r;
}

void FeedBuilder::start_media_content(Attrs& a) {
  Json& ctx = context();
  list_in(ctx, "media_content").push_back(a.to_json());
}
void FeedBuilder::end_media_content() {
  pop("media_content");
}

void FeedBuilder::start_media_thumbnail(Attrs& a) {
  Json& ctx = context();
  push("url", true);
  list_in(ctx, "media_thumbnail").push_back(a.to_json());
}
void FeedBuilder::end_media_thumbnail() {
  std::string url = pop("url").value_or("");
  Json& ctx = context();
  Json* last = trim(url).empty() ? nullptr : last_object_in(ctx, "media_thumbnail");
  if (last && !last->contains("url")) (*last)["url"] = url;
}

void FeedBuilder::start_media_player(Attrs& a) {
  push("media_player", false);
  context()["media_player"] = a.to_json();
}
void FeedBuilder::end_media_player() {
  std::string v = pop("media_player").value_or("");
  object_in(context(), "media_player")["content"] = v;
}

void FeedBuilder::start_cc_license(Attrs& a) {
  Json& ctx = context();
  std::string value = a.get(map_prefix("rdf:resource"));
  Json link = {{"rel", "license"}};
  if (!value.empty()) link["href"] = value;
  list_in(ctx, "links").push_back(link);
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
  list_in(ctx, "links").push_back(link);
  ctx.erase("license");
}

void FeedBuilder::start_admin_generatoragent(Attrs& a) {
  push("generator", true);
  std::string value = a.get(map_prefix("rdf:resource"));
  if (!value.empty()) add_piece(elementstack_.back(), value);
  pop("generator");
  context()["generator_detail"] = Json{{"href", value}};
}
void FeedBuilder::end_admin_generatoragent() {
  pop("admin_generatoragent");
}

void FeedBuilder::start_admin_errorreportsto(Attrs& a) {
  push("errorreportsto", true);
  std::string value = a.get(map_prefix("rdf:resource"));
  if (!value.empty()) add_piece(elementstack_.back(), value);
  pop("errorreportsto");
}
void FeedBuilder::end_admin_errorreportsto() {
  pop("admin_errorreportsto");
}

void FeedBuilder::start_psc_chapters(Attrs& a) {
  Json& ctx = context();
  if (!ctx.contains("psc_chapters")) {
    psc_chapters_flag_ = true;
    Json chapters = a.to_json();
    chapters["chapters"] = Json::array();
    ctx["psc_chapters"] = std::move(chapters);
  }
}
void FeedBuilder::end_psc_chapters() {
  psc_chapters_flag_ = false;
}

void FeedBuilder::start_psc_chapter(Attrs& a) {
  if (!psc_chapters_flag_) return;
  Json& ctx = context();
  if (ctx.contains("psc_chapters")) {
    list_in(object_in(ctx, "psc_chapters"), "chapters").push_back(a.to_json());
  }
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
