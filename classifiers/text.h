#pragma once
// Text normalisation for the classifier: a single linear pass turns UTF-8 text into tokens with
// byte offsets into the original and a normalised (lower-case, accent-folded, typographic quotes
// and dashes made ASCII) form; a second pass groups tokens into sentences.
//
//   TokenizedText t = tokenize("North Korea’s embassy in Madrid closed.");
//   // t.tokens[2].norm == "'s", t.tokens[2].begin == 11
//   auto sentences = split_sentences(t, 200);
//
// Invalid UTF-8 bytes and control characters are skipped (counted, never fatal), so every input
// yields tokens in time linear in its size.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mw::text {

enum class TokenKind : std::uint8_t { kWord, kNumber, kPunct };

struct Token {
  std::uint32_t begin = 0;  // byte offsets into the original text, [begin, end)
  std::uint32_t end = 0;
  std::string_view norm;  // normalised form; views TokenizedText::norm_storage
  TokenKind kind = TokenKind::kWord;
  bool upper = false;         // first letter is upper case in the original
  bool all_caps = false;      // every letter upper case ("UN", "DPRK")
  std::uint8_t newlines = 0;  // line breaks between the previous token and this one (max 2)
};

struct TokenizedText {
  std::vector<Token> tokens;
  std::string norm_storage;           // owns the normalised text the tokens view
  std::size_t invalid_bytes = 0;      // bytes that were not valid UTF-8
  std::size_t control_bytes = 0;      // NUL and other C0 controls except tab/newline/CR/FF
  std::size_t letters = 0;            // letters seen (ASCII or not)
  std::size_t non_latin_letters = 0;  // letters outside Latin scripts (Cyrillic, Hangul, CJK...)

  TokenizedText() = default;
  TokenizedText(const TokenizedText&) = delete;  // tokens view norm_storage
  TokenizedText& operator=(const TokenizedText&) = delete;
  TokenizedText(TokenizedText&&) = default;
  TokenizedText& operator=(TokenizedText&&) = default;
};

// Tokenises UTF-8 text. Words keep inner apostrophes ("d'affaires"); a final "'s" is its own
// token; hyphens and dashes are "-" tokens; curly quotes become '"' or "'".
TokenizedText tokenize(std::string_view text);

// A sentence as a half-open range of token indexes.
struct SentenceSpan {
  std::size_t first = 0;
  std::size_t last = 0;  // one past the end
};

// Splits at . ! ? (not after abbreviations or initials), at blank lines, and at line breaks that
// do not continue a lower-case sentence; a sentence longer than max_tokens is cut into pieces
// so that later stages stay linear.
std::vector<SentenceSpan> split_sentences(const TokenizedText& t, std::size_t max_tokens);

}  // namespace mw::text
