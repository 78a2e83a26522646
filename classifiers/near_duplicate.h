#pragma once
// Near-duplicate detection: is article B a copy (syndicated, re-posted, machine-spun) of a story
// already stored as article A? Different outlets writing their own story on the same news are
// NOT copies, even though they share most names and many words.
//
//   Fingerprint a = fingerprint_text(title_a, body_a);
//   Fingerprint b = fingerprint_text(title_b, body_b);
//   if (a.content_hash == b.content_hash) { /* exact copy (modulo case, spacing, punctuation) */ }
//   else if (estimated_similarity(a, b) >= NearDuplicateOptions{}.copy_similarity) { /* copy */ }
//
// How: the text becomes a set of features that a synonym spinner leaves largely intact while
// independent writers do not share them: content-word unigrams and bigrams (stopwords and the
// topic's ubiquitous words dropped, light stemming) and bigrams of the sequence of names and
// numbers (spinners keep those, and their order is the story's own), the latter weighted x3.
// A 128-slot MinHash of that set estimates the Jaccard similarity of two texts in O(128)
// without the texts. Thresholds and the measured distributions: docs/near_duplicates.md.
//
// Everything here is pure: no clock, no disk, no globals with state.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mw {

struct NearDuplicateOptions {
  // Estimated similarity at or above which B is a copy of A. Chosen midway between the two
  // measured distributions (tests/classifiers/near_duplicate_test.cpp, docs/near_duplicates.md):
  //   different stories, 9,591 pairs of the 5 seeds + 134 corpus articles:
  //       min 0.000, median 0.000, max 0.131 (the 5 seeds among themselves: max 0.128)
  //   spun copies of the 5 seeds (3 spins per rate), vs their original:
  //       16 % of words changed: min 0.588, median 0.683, max 0.811
  //       43 % of words changed: min 0.366, median 0.496, max 0.588
  //   syndicated copy with another header, footer, layout and title case: 0.77-0.95
  // so 0.25 leaves ~0.12 on both sides for article-length texts. Short items (one to three
  // sentences) are charged for their size, so a heavily spun short item may be missed.
  double copy_similarity = 0.25;
};

// Number of MinHash slots in every non-empty fingerprint.
inline constexpr std::size_t kMinhashSlots = 128;

// A text with fewer distinct features than this gets an empty minhash (similarity 0 against
// everything): a few words cannot tell a copy from a different story on the same news. Exact
// copies of short texts are still caught by content_hash.
inline constexpr std::size_t kMinFeatures = 8;

struct Fingerprint {
  // Exact-duplicate key: 32 lower-case hex digits (128 bits) of the normalised body (words and
  // numbers, lower-cased and accent-folded; punctuation, spacing and markup-free layout ignored).
  // The title is hashed only when the body has no words, so a re-titled syndicated copy still
  // matches. Empty text hashes to the hash of nothing (a fixed value).
  std::string content_hash;
  // kMinhashSlots values, or empty when the text has fewer than kMinFeatures features.
  std::vector<std::uint32_t> minhash;
};

// Fingerprints an article: title and body are UTF-8 (invalid bytes and control characters are
// skipped). Pure; linear in the input size.
Fingerprint fingerprint_text(std::string_view title, std::string_view body);

// Estimated similarity, 0..1: the Jaccard similarity J of the two feature sets (the fraction of
// MinHash slots that agree), charged for small texts as J - (1 - J) * 8 / n, n the smaller
// feature count estimated from the minhash values (two short items on the same news share more
// of their few features than two articles do). Identical fingerprints give 1. 0 when either
// minhash is empty or the lengths differ (fingerprints of different versions are never
// compared). Symmetric.
double estimated_similarity(const Fingerprint& a, const Fingerprint& b);

// Bytes for a BLOB column: a version byte, then each slot as 4 little-endian bytes. An empty
// minhash encodes to the empty string.
std::string encode_minhash(const Fingerprint& f);

// Inverse of encode_minhash. The empty string gives an empty vector; a wrong version byte or a
// length that is not exactly one full minhash gives nullopt (treat the row as having no minhash).
std::optional<std::vector<std::uint32_t>> decode_minhash(std::string_view blob);

}  // namespace mw
