#include "feeds/charset.h"

#include <gtest/gtest.h>

namespace mw::charset {
namespace {

TEST(CharsetToUtf8, ConvertsCommonLabels) {
  EXPECT_EQ(to_utf8("caf\xE9", "latin1").value(), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("caf\xE9", "ISO-8859-1").value(), "caf\xC3\xA9");
  EXPECT_EQ(to_utf8("\x93q\x94", "cp1252").value(), "\xE2\x80\x9Cq\xE2\x80\x9D");
  EXPECT_EQ(to_utf8("\xC7\xD1", "euc-kr").value(), "\xED\x95\x9C");     // 한
  EXPECT_EQ(to_utf8("\x82\xA0", "shift_jis").value(), "\xE3\x81\x82");  // あ
  EXPECT_EQ(to_utf8(std::string_view("a\0", 2), "utf-16le").value(), "a");
  EXPECT_EQ(to_utf8(std::string_view("\xFF\xFE"
                                     "a\0",
                                     4),
                    "utf-16")
                .value(),
            "a");
}

TEST(CharsetToUtf8, InvalidSequencesBecomeReplacementCharacter) {
  EXPECT_EQ(to_utf8("a\xFF"
                    "b",
                    "utf-8")
                .value(),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(to_utf8("a\x82", "shift_jis").value(), "a\xEF\xBF\xBD");  // truncated
}

TEST(CharsetToUtf8, UnknownLabelIsUnsupported) {
  auto r = to_utf8("x", "klingon-8");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("klingon-8"), std::string::npos);
}

TEST(CharsetValidation, DetectsInvalidUtf8) {
  EXPECT_TRUE(is_valid_utf8("plain \xC3\xA9"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));      // truncated
  EXPECT_EQ(sanitize_utf8("a\xC0"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
}

// The feed parser uses valid UTF-8 bytes as they are when the label names UTF-8, so every
// spelling of UTF-8 must be recognised and nothing else may be.
TEST(CharsetLabels, RecognisesEverySpellingOfUtf8AndNothingElse) {
  for (const char* label : {"utf-8", "UTF-8", "utf8", " 'Utf-8' ", "unicode-1-1-utf-8"}) {
    EXPECT_TRUE(is_utf8_label(label)) << label;
  }
  for (const char* label : {"", "utf-16", "utf-8x", "latin1", "us-ascii", "windows-1252"}) {
    EXPECT_FALSE(is_utf8_label(label)) << label;
  }
}

TEST(CharsetBom, RecognisesEachMark) {
  EXPECT_EQ(from_bom("\xEF\xBB\xBFx").value_or(""), "utf-8");
  EXPECT_EQ(from_bom("\xFF\xFEx\0").value_or(""), "utf-16le");
  EXPECT_EQ(from_bom("\xFE\xFF\0x").value_or(""), "utf-16be");
  EXPECT_EQ(from_bom(std::string_view("\xFF\xFE\0\0", 4)).value_or(""), "utf-32le");
  EXPECT_EQ(from_bom(std::string_view("\0\0\xFE\xFF", 4)).value_or(""), "utf-32be");
  EXPECT_FALSE(from_bom("<?xml").has_value());
}

TEST(CharsetGuess, AsciiIsNotAGuess) {
  EXPECT_FALSE(guess("plain ascii text").has_value());
}

TEST(CharsetGuess, RecognisesLongUtf8Text) {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "Ce café près de l'église est très fréquenté. ";
  EXPECT_EQ(guess(text).value_or(""), "UTF-8");
}

// The validator skips ASCII in 32- and 8-byte strides: whatever the offset of a sequence
// relative to those strides, it must be seen.
TEST(CharsetValidation, SeesEverySequenceWhateverItsOffset) {
  for (size_t len : {1u, 7u, 8u, 9u, 31u, 32u, 33u, 64u, 100u}) {
    for (size_t at = 0; at < len; ++at) {
      std::string s(len, 'a');
      s[at] = '\xFF';
      EXPECT_FALSE(is_valid_utf8(s)) << "0xFF at " << at << " of " << len;
      s[at] = '\xC3';  // a lead byte whose continuation is ASCII or missing
      EXPECT_FALSE(is_valid_utf8(s)) << "lone lead at " << at << " of " << len;
      std::string ok(len, 'a');
      ok.insert(at, "\xE2\x82\xAC");  // EURO SIGN, straddling stride boundaries
      EXPECT_TRUE(is_valid_utf8(ok)) << "U+20AC at " << at << " of " << len;
      ok.insert(at, "\xE2\x82");  // truncated before the valid one
      EXPECT_FALSE(is_valid_utf8(ok)) << "truncated at " << at << " of " << len;
    }
  }
}

}  // namespace
}  // namespace mw::charset
