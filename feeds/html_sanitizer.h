#pragma once
// HTML clean-up for feed text constructs, compatible with Python feedparser's behaviour:
//
//   resolve_relative_uris("<a href='x'>", "http://h/d/")  // "<a href=\"http://h/d/x\">"
//   sanitize_html("<p onclick='x()'>hi<script>bad()</script></p>")   // "<p>hi</p>"
//   html_to_text("<p>caf&eacute; &amp; bar</p>")                      // "café & bar"
//
// The sanitizer keeps an allow-list of elements, attributes and CSS properties, drops scripts,
// event handlers and URIs with unsafe schemes (javascript:, data:, vbscript:...), and
// re-serialises the markup the way feedparser does (attributes sorted and double-quoted, void
// elements as "<br />"), so its output can be compared byte for byte with feedparser's.
// It is a tolerant tokenizer, not a tree builder: unbalanced markup is passed on, never
// "repaired". Pure functions of their arguments.
#include <string>
#include <string_view>

namespace mw {

// Resolves the URI attributes of `html` (a href, img src, blockquote cite...) against `base`.
// An attribute whose result has an unacceptable scheme becomes empty. `xhtml` makes "<x/>"
// self-closing as XML reads it.
std::string resolve_relative_uris(std::string_view html, std::string_view base, bool xhtml);

// Removes everything outside the allow-list (see above). `xhtml` as for resolve_relative_uris.
std::string sanitize_html(std::string_view html, bool xhtml);

// sanitize_html(resolve_relative_uris(html, base, xhtml), xhtml), in one pass.
std::string resolve_and_sanitize_html(std::string_view html, std::string_view base, bool xhtml);

// Plain text of an HTML fragment for classifiers: tags removed (script/style contents too),
// entities decoded, block elements separated by a space, whitespace collapsed.
std::string html_to_text(std::string_view html);

// Whether the sanitizer keeps elements named `tag` (lower case).
bool is_acceptable_html_element(std::string_view tag);

// Whether a URI's scheme is one feedparser accepts (http, https, ftp, mailto, ... or none).
bool is_acceptable_uri_scheme(std::string_view uri);

// feedparser's make_safe_absolute_uri: `rel` resolved against `base`; "" when the result's
// scheme is not acceptable.
std::string make_safe_absolute_uri(std::string_view base, std::string_view rel);

// feedparser's _urljoin: RFC 3986 resolution that tolerates odd input; returns `uri` as given
// when it cannot be resolved.
std::string join_uri(std::string_view base, std::string_view uri);

}  // namespace mw
