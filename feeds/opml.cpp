#include "feeds/opml.h"

#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

namespace mw {

namespace {

void split_categories(std::string_view attr, std::vector<std::string>& out) {
  // OPML 2.0: a comma-separated list of slash-delimited paths ("/News/Asia,/Korea").
  std::size_t i = 0;
  while (i <= attr.size()) {
    std::size_t j = attr.find(',', i);
    if (j == std::string_view::npos) j = attr.size();
    std::string_view item = attr.substr(i, j - i);
    while (!item.empty() && (item.front() == '/' || item.front() == ' ')) item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    i = j + 1;
  }
}

void collect(const pugi::xml_node& node, std::vector<std::string>& path, std::vector<OpmlFeed>& out,
             int depth) {
  if (depth > 64) return;  // OPML nests folders; hundreds of levels is an attack, not a list
  for (pugi::xml_node o : node.children("outline")) {
    std::string title = o.attribute("title").as_string();
    if (title.empty()) title = o.attribute("text").as_string();
    const std::string xml_url = o.attribute("xmlUrl").as_string();
    if (!xml_url.empty()) {
      OpmlFeed f{xml_url, title, o.attribute("htmlUrl").as_string(), path};
      split_categories(o.attribute("category").as_string(), f.categories);
      out.push_back(std::move(f));
    }
    if (o.first_child()) {
      path.push_back(title);
      collect(o, path, out, depth + 1);
      path.pop_back();
    }
  }
}

}  // namespace

Result<std::vector<OpmlFeed>> parse_opml(std::string_view text) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!parsed) {
    return fail(ErrorCode::kParse, fmt::format("OPML: not well-formed XML at byte {}: {}",
                                               parsed.offset, parsed.description()));
  }
  pugi::xml_node body = doc.child("opml").child("body");
  if (!body) {
    return fail(ErrorCode::kParse, "OPML: no <opml><body> element: is this an OPML file?");
  }
  std::vector<OpmlFeed> feeds;
  std::vector<std::string> path;
  collect(body, path, feeds, 0);
  return feeds;
}

std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_child("head").append_child("title").text() = std::string(title).c_str();
  auto body = opml.append_child("body");
  for (const auto& f : feeds) {
    auto o = body.append_child("outline");
    o.append_attribute("type") = "rss";
    o.append_attribute("text") = f.title.c_str();
    o.append_attribute("title") = f.title.c_str();
    o.append_attribute("xmlUrl") = f.url.c_str();
    if (!f.html_url.empty()) o.append_attribute("htmlUrl") = f.html_url.c_str();
    if (!f.categories.empty()) {
      std::string cats;
      for (const auto& c : f.categories) cats += (cats.empty() ? "/" : ",/") + c;
      o.append_attribute("category") = cats.c_str();
    }
  }
  std::ostringstream out;
  doc.save(out, "  ");
  return out.str();
}

}  // namespace mw
