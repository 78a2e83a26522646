#include "feeds/article_extractor.h"

#include "feeds/html_decode.h"
#include "feeds/html_metadata.h"

namespace mw {
namespace {

// Share of bytes in the first 4 KiB that no text file contains (NUL and C0 controls other than
// tab, newline, form feed, carriage return, escape).
double binary_share(std::string_view s) {
  std::string_view head = s.substr(0, 4096);
  if (head.empty()) return 0;
  std::size_t bad = 0;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B) ++bad;
  }
  return static_cast<double>(bad) / static_cast<double>(head.size());
}

}  // namespace

Result<Article> extract_article(std::string_view bytes, const ExtractOptions& options,
                                std::string_view url, std::string_view content_type_header) {
  Article article;
  if (html::trim_view(bytes).empty()) {
    article.no_text_reason = "the page is empty";
    return article;
  }
  auto decoded = html::decode_html(bytes, content_type_header);
  if (!decoded) return tl::unexpected(decoded.error());
  article.charset = decoded->charset;
  article.charset_source = decoded->source;
  // UTF-16/32 pages decode to text; raw binary (images, archives, PDFs) keeps its controls.
  if (binary_share(decoded->text) > 0.05) {
    return fail(ErrorCode::kParse,
                "article_extractor: " + std::string(url.empty() ? "page" : url) +
                    ": not HTML (binary data); check the URL and the Content-Type of the response");
  }
  auto doc = html::parse_document(decoded->text, options.parse);
  if (!doc) return tl::unexpected(doc.error());
  article.warnings = doc->warnings();
  auto nodes = html::flatten(doc->root());

  html::PageMetadata md = html::extract_metadata(nodes, url);
  article.title = md.title;
  article.published = md.published;
  article.modified = md.modified;
  article.authors = md.authors;
  article.canonical_url = md.canonical_url;
  article.language = md.language;
  article.site_name = md.site_name;

  html::ScoredContent content = html::extract_main_text(nodes, md.title, options.scoring);
  article.text = std::move(content.text);
  article.text_source = content.source;
  article.no_text_reason = content.reason;
  if (article.text.empty() && !md.json_ld_body.empty()) {
    article.text = html::clean_json_ld_body(md.json_ld_body);
    if (!article.text.empty()) {
      article.text_source = "json-ld";
      article.no_text_reason.clear();
    }
  }
  return article;
}

}  // namespace mw
