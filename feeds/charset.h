#pragma once
// Character-set handling for feeds and articles: conversion to UTF-8 (iconv), UTF-8 validation
// and repair, byte-order marks and detection of undeclared encodings (uchardet). Pure functions;
// nothing here reads global state other than iconv's tables.
//
//   auto text = mw::charset::to_utf8(bytes, "windows-1251");   // Result<std::string>
//   if (!text) ...  // kUnsupported: unknown label
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mw::charset {

// Converts `bytes` declared as `label` (any IANA/WHATWG label, case-insensitive: "latin1",
// "ISO-8859-1", "cp1252", "euc-kr", "shift_jis", "utf-16le"...) to UTF-8. Invalid or unmappable
// sequences become U+FFFD; a leading byte-order mark of the declared encoding is dropped.
// kUnsupported when the label is unknown.
Result<std::string> to_utf8(std::string_view bytes, std::string_view label);

// Like to_utf8, but nullopt when `bytes` holds any sequence that is invalid in `label` (or the
// label is unknown): for trying candidate encodings one after another, as feed readers do.
std::optional<std::string> decode_strict(std::string_view bytes, std::string_view label);

// Whether `label` names UTF-8 ("utf-8", "UTF8", "unicode-1-1-utf-8"...): decoding is then
// validating, and valid bytes can be used as they are.
bool is_utf8_label(std::string_view label);

// True when `text` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Replaces each invalid UTF-8 sequence by U+FFFD; valid text is returned unchanged.
std::string sanitize_utf8(std::string_view text);

// Encoding from a byte-order mark ("utf-8", "utf-16le", "utf-16be", "utf-32le", "utf-32be"),
// nullopt if none.
std::optional<std::string> from_bom(std::string_view bytes);

// Best guess for undeclared text (uchardet), in uchardet's spelling ("SHIFT_JIS", "WINDOWS-1255",
// "UTF-8"...); nullopt when unsure or when the text is plain ASCII.
std::optional<std::string> guess(std::string_view bytes);

// The iconv name for a label ("latin1" -> "ISO-8859-1", "gb2312" -> "GB18030"), nullopt when
// iconv cannot convert from it. Useful to validate a label before converting.
std::optional<std::string> iconv_name(std::string_view label);

}  // namespace mw::charset
