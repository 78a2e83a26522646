#pragma once
// The CSS part of the HTML sanitizer (feeds/html_sanitizer.h): what is left of a style="..."
// attribute, following Python feedparser's _sanitizeStyle rules, which are regular expressions.
// They are implemented here as small hand-written scanners that accept and reject exactly what
// those expressions do (std::regex was a sixth of the parse time on the conformance corpus):
//
//   sanitize_style("color: red; background: url(x.png) blue")  // "color: red; background: blue;"
//   sanitize_style("width: expression(alert(1))")               // ""
//
// Pure function of its argument.
#include <string>
#include <string_view>

namespace mw {

// The declarations of `style` that are safe, each written "prop: value;" and separated by one
// space; "" when the whole attribute is to be dropped (characters outside the allowed set, or
// anything that is not a sequence of declarations).
std::string sanitize_style(std::string_view style);

}  // namespace mw
