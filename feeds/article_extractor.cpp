#include "feeds/article_extractor.h"

#include <cctype>
#include <cstdint>
#include <unordered_set>
#include <vector>

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

// Hashes of the word 4-grams of `text` (words: runs of letters, digits, '_' and non-ASCII bytes),
// the unit the benchmark scores in; used to compare two versions of a text.
std::unordered_set<std::uint64_t> shingles(std::string_view text) {
  std::vector<std::uint64_t> words;
  std::uint64_t h = 1469598103934665603ull;
  bool in = false;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool word = std::isalnum(c) || c == '_' || c >= 0x80;
    if (word) {
      h = (h ^ c) * 1099511628211ull;
      in = true;
    } else if (in) {
      words.push_back(h);
      h = 1469598103934665603ull;
      in = false;
    }
  }
  if (in) words.push_back(h);
  std::unordered_set<std::uint64_t> out;
  for (std::size_t i = 0; i + 4 <= words.size(); ++i) {
    out.insert(words[i] * 31 * 31 * 31 + words[i + 1] * 31 * 31 + words[i + 2] * 31 + words[i + 3]);
  }
  return out;
}

// Share of `a`'s 4-grams that are also in `b` (1 when `a` has none).
double containment(const std::unordered_set<std::uint64_t>& a,
                   const std::unordered_set<std::uint64_t>& b) {
  if (a.empty()) return 1.0;
  std::size_t common = 0;
  for (auto x : a) common += b.count(x);
  return static_cast<double>(common) / static_cast<double>(a.size());
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
  if (!md.json_ld_body.empty()) {
    std::string stated = html::clean_json_ld_body(md.json_ld_body);
    bool use = false;
    if (article.text.empty()) {
      use = !stated.empty();
    } else if (!stated.empty()) {
      // The stated body is trusted when the page shows it: nearly all of it is in the scored
      // text, and it is not a mere summary of it.
      auto js = shingles(stated), ss = shingles(article.text);
      use = containment(js, ss) >= options.json_ld_min_agreement && js.size() * 2 >= ss.size();
    }
    if (use) {
      article.text = std::move(stated);
      article.text_source = "json-ld";
      article.no_text_reason.clear();
    }
  }
  return article;
}

}  // namespace mw
