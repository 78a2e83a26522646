#pragma once
// Decoding a downloaded HTML page to UTF-8, in the order browsers use: the charset of the
// HTTP Content-Type header, then a byte-order mark, then <meta charset> / <meta http-equiv> found
// by a prescan of the page's start (HTML "prescan a byte stream to determine its encoding"),
// then, for bytes that are not valid UTF-8, a statistical guess (uchardet), else UTF-8.
// Conversion is feeds/charset.h (iconv); invalid sequences become U+FFFD. Pure functions.
//
//   auto page = mw::html::decode_html(bytes, "text/html; charset=ISO-8859-1");
//   page->text  // UTF-8; page->charset == "windows-1252", page->source == "header"
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mw::html {

struct DecodedHtml {
  std::string text;     // valid UTF-8, byte-order mark removed
  std::string charset;  // the label used, after HTML label rules ("windows-1252", "utf-8")
  std::string source;   // "header", "bom", "meta", "guess" or "default"
};

// How many bytes the meta prescan looks at. The HTML standard says 1024; real pages often put a
// long <head> comment or script first, so a larger window finds declarations browsers also honour
// (they reparse when a later <meta> appears).
inline constexpr std::size_t kMetaPrescanBytes = 4096;

// The charset parameter of a Content-Type header value ("text/html; charset=\"utf-8\"" ->
// "utf-8"), nullopt when absent.
std::optional<std::string> charset_from_content_type(std::string_view content_type);

// The encoding declared by <meta charset=...> or <meta http-equiv="content-type"
// content="...charset=..."> within the first `window` bytes (comments skipped), nullopt if none.
std::optional<std::string> prescan_meta_charset(std::string_view bytes,
                                                std::size_t window = kMetaPrescanBytes);

// Applies the HTML label rules: lower-cased and trimmed; "iso-8859-1", "latin1", "ascii",
// "us-ascii" (and other aliases of them) mean windows-1252; "utf-16*" from a meta tag means
// UTF-8 (a page that can be read as ASCII cannot be UTF-16); "x-user-defined" means
// windows-1252.
std::string normalize_charset_label(std::string_view label, bool from_meta = false);

// Decodes `bytes` to UTF-8 as described above. A declared label iconv does not know is skipped
// (the next source is tried); fails only when no conversion at all is possible (kUnsupported),
// which cannot happen with UTF-8 as the last resort, so in practice this always succeeds.
Result<DecodedHtml> decode_html(std::string_view bytes, std::string_view content_type_header = "");

}  // namespace mw::html
