#include "classifiers/near_duplicate.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>

#include "classifiers/text.h"

namespace mw {

namespace {

// The minhash blob's format/algorithm version. Bump it whenever the features, the hash seeds or
// the slot count change: decode_minhash then rejects old rows instead of comparing them wrongly.
constexpr std::uint8_t kMinhashVersion = 1;

// Function words and the most common reporting verbs: they carry no story, and a spinner is
// free to reword the rest of the sentence around them.
constexpr auto kStopwords = std::to_array<std::string_view>({
    "a",       "about",   "above",     "after",   "again",   "against", "all",     "also",
    "am",      "among",   "an",        "and",     "any",     "are",     "as",      "at",
    "be",      "because", "been",      "before",  "being",   "below",   "between", "both",
    "but",     "by",      "can",       "could",   "did",     "do",      "does",    "doing",
    "down",    "during",  "each",      "else",    "ever",    "few",     "for",     "from",
    "further", "had",     "has",       "have",    "having",  "he",      "her",     "here",
    "hers",    "herself", "him",       "himself", "his",     "how",     "however", "i",
    "if",      "in",      "into",      "is",      "it",      "its",     "itself",  "just",
    "last",    "may",     "me",        "might",   "more",    "most",    "much",    "must",
    "my",      "myself",  "new",       "no",      "nor",     "not",     "now",     "of",
    "off",     "on",      "once",      "one",     "only",    "or",      "other",   "our",
    "ours",    "out",     "over",      "own",     "per",     "said",    "same",    "says",
    "say",     "she",     "should",    "since",   "so",      "some",    "such",    "than",
    "that",    "the",     "their",     "theirs",  "them",    "then",    "there",   "these",
    "they",    "this",    "those",     "though",  "through", "to",      "told",    "too",
    "under",   "until",   "up",        "upon",    "us",      "very",    "was",     "we",
    "were",    "what",    "when",      "where",   "whether", "which",   "while",   "who",
    "whom",    "whose",   "why",       "will",    "with",    "within",  "without", "would",
    "yet",     "you",     "your",      "yours",   "'s",      "s",       "t",       "mr",
    "mrs",     "ms",      "according", "added",   "already", "around",  "another", "many",
    "like",    "made",    "make",      "two",     "three",   "still",   "even",    "well",
});

bool is_stopword(std::string_view w) {
  // Sorted once at compile time; a binary search is ~8 comparisons per word.
  static constexpr auto kSorted = [] {
    auto s = kStopwords;
    std::sort(s.begin(), s.end());
    return s;
  }();
  return std::binary_search(kSorted.begin(), kSorted.end(), w);
}

// FNV-1a then a final avalanche (MurmurHash3's fmix64): fast, and every input bit reaches every
// output bit, which the multiply-shift slot hashes below rely on.
constexpr std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

constexpr std::uint64_t fnv_extend(std::uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// Feature families get distinct tags, so the word "korea" and the name unit "korea" never collide.
enum class Family : std::uint64_t { kWord = 1, kWordPair = 2, kNamePair = 3 };

std::uint64_t combine(Family f, std::uint64_t a, std::uint64_t b) {
  return fmix64(a * 0x9e3779b97f4a7c15ULL + fmix64(b ^ static_cast<std::uint64_t>(f)));
}

// Light stemming so that inflection changes (close/closes/closed/closing, embassy/embassies) by
// a spinner or an editor do not count as different words. Deliberately crude: both texts go
// through the same function, so over-stemming only merges, never splits.
std::string_view stem(std::string_view w, std::string& scratch) {
  auto ends = [&](std::string_view suf) {
    return w.size() >= suf.size() + 3 && w.substr(w.size() - suf.size()) == suf;
  };
  if (ends("ies")) {
    scratch.assign(w.substr(0, w.size() - 3));
    scratch.push_back('y');
    return scratch;
  }
  for (std::string_view suf : {"ing", "ed", "es", "s", "e"}) {
    if (ends(suf) && !(suf == "s" && w.ends_with("ss"))) return w.substr(0, w.size() - suf.size());
  }
  return w;
}

// Sentence-initial capitals are not names unless a capitalised word follows ("North Korea ...").
bool starts_sentence(const std::vector<text::Token>& tk, std::size_t i) {
  if (i == 0 || tk[i].newlines > 0) return true;
  std::string_view prev = tk[i - 1].norm;
  return prev == "." || prev == "!" || prev == "?" || prev == "\"" || prev == ":" || prev == "-" ||
         prev == "(";
}

// Slot hash parameters, derived at compile time from a fixed seed (splitmix64), so every build
// and every process computes the same fingerprints.
struct SlotParams {
  std::array<std::uint64_t, kMinhashSlots> mul{};
  std::array<std::uint64_t, kMinhashSlots> add{};
};

constexpr SlotParams make_slot_params() {
  SlotParams p;
  std::uint64_t state = 0x6d697373696f6e77ULL;  // "missionw"
  auto next = [&state] {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (std::size_t i = 0; i < kMinhashSlots; ++i) {
    p.mul[i] = next() | 1;  // odd: multiplication by it is a bijection mod 2^64
    p.add[i] = next();
  }
  return p;
}

constexpr SlotParams kSlots = make_slot_params();

void append_hex(std::string& out, std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  out.append(buf, 16);
}

// Words (after stemming) that nearly every article this daemon reads contains: like stopwords
// they say nothing about which story a text is, and in a short text they would make two
// different stories on the same news look alike.
bool is_topic_word(std::string_view s) {
  static constexpr std::array<std::string_view, 14> kTopic = {
      "north",   "korea", "korean",   "dprk",       "pyongyang", "embassy",  "embassi",
      "mission", "clos",  "diplomat", "diplomatic", "foreign",   "ministry", "ministri"};
  return std::find(kTopic.begin(), kTopic.end(), s) != kTopic.end();
}

// A name/number pair counts as this many features (salted copies): spinners keep names and
// numbers in their order, independent writers do not, so this family separates copies from
// same-news stories best (measured: docs/near_duplicates.md).
constexpr std::uint64_t kNamePairWeight = 3;

// Collects the feature hashes of one text (title and body together).
void collect_features(const text::TokenizedText& t, std::vector<std::uint64_t>& out) {
  const auto& tk = t.tokens;
  std::string scratch;
  std::uint64_t prev_word = 0;  // last content word (0: none yet)
  std::uint64_t prev_name = 0;  // last complete name/number unit
  std::uint64_t run = 0;        // name unit being built from consecutive capitalised tokens
  // In a text set in capitals (or with most words capitalised, a Title Case headline) case
  // says nothing about names: only numbers then form the name/number sequence.
  std::size_t words = 0, capitalised = 0;
  for (const text::Token& k : tk) {
    if (k.kind != text::TokenKind::kWord) continue;
    ++words;
    capitalised += k.upper;
  }
  const bool case_is_meaningless = words >= 4 && capitalised * 10 > words * 7;
  auto close_run = [&] {
    if (run == 0) return;
    if (prev_name != 0) {
      std::uint64_t f = combine(Family::kNamePair, prev_name, run);
      for (std::uint64_t copy = 0; copy < kNamePairWeight; ++copy) out.push_back(fmix64(f + copy));
    }
    prev_name = run;
    run = 0;
  };
  for (std::size_t i = 0; i < tk.size(); ++i) {
    const text::Token& k = tk[i];
    if (k.kind == text::TokenKind::kPunct) {
      // A name unit ends at punctuation, except the inner dots of "U.S." style initials.
      if (k.norm != ".") close_run();
      continue;
    }
    bool stop = k.kind == text::TokenKind::kWord && is_stopword(k.norm);
    bool name_like =
        k.kind == text::TokenKind::kNumber ||
        (k.kind == text::TokenKind::kWord && k.upper && !stop && !case_is_meaningless &&
         (!starts_sentence(tk, i) || k.all_caps ||
          (i + 1 < tk.size() && tk[i + 1].upper && tk[i + 1].kind == text::TokenKind::kWord)));
    if (name_like) {
      run = fmix64(fnv_extend(run == 0 ? kFnvOffset : run, k.norm));
    } else {
      close_run();
    }
    if (stop || k.norm.size() < 2) continue;
    std::string_view s = k.kind == text::TokenKind::kWord ? stem(k.norm, scratch) : k.norm;
    if (is_topic_word(s)) continue;
    std::uint64_t w = fmix64(fnv_extend(kFnvOffset, s));
    out.push_back(combine(Family::kWord, 0, w));
    if (prev_word != 0) out.push_back(combine(Family::kWordPair, prev_word, w));
    prev_word = w;
  }
  close_run();
}

// The number of distinct features behind a minhash, estimated from the minima themselves: each
// slot's minimum of n uniform 32-bit values averages 2^32 / (n + 1), so n ~ k / sum(min / 2^32)
// - 1 (relative error ~ 1 / sqrt(k), ~9 % with 128 slots). Weighted features count per copy.
double estimated_feature_count(const std::vector<std::uint32_t>& minhash) {
  double sum = 0;
  for (std::uint32_t v : minhash) sum += (static_cast<double>(v) + 1.0) / 4294967296.0;
  return static_cast<double>(minhash.size()) / sum - 1.0;
}

// The c of the small-text charge in estimated_similarity (tuned: docs/near_duplicates.md).
constexpr double kSmallTextCharge = 8.0;

}  // namespace

Fingerprint fingerprint_text(std::string_view title, std::string_view body) {
  Fingerprint fp;
  text::TokenizedText tb = text::tokenize(body);
  text::TokenizedText tt = text::tokenize(title);

  // Exact-duplicate key over the body's words and numbers (the title only when the body has
  // none): two independent 64-bit streams give 128 bits.
  const text::TokenizedText& keyed =
      std::any_of(tb.tokens.begin(), tb.tokens.end(),
                  [](const text::Token& k) { return k.kind != text::TokenKind::kPunct; })
          ? tb
          : tt;
  std::uint64_t h1 = kFnvOffset, h2 = 0x84222325cbf29ce4ULL;
  for (const text::Token& k : keyed.tokens) {
    if (k.kind == text::TokenKind::kPunct) continue;
    h1 = fnv_extend(h1, k.norm);
    h1 = fnv_extend(h1, " ");
    h2 = fnv_extend(h2 ^ 0x5bd1e995ULL, k.norm);
  }
  fp.content_hash.reserve(32);
  append_hex(fp.content_hash, fmix64(h1));
  append_hex(fp.content_hash, fmix64(h2 + h1));

  std::vector<std::uint64_t> features;
  features.reserve(tb.tokens.size() * 2 + tt.tokens.size() * 2);
  collect_features(tt, features);
  collect_features(tb, features);
  std::sort(features.begin(), features.end());
  features.erase(std::unique(features.begin(), features.end()), features.end());
  if (features.size() < kMinFeatures) return fp;

  fp.minhash.assign(kMinhashSlots, std::numeric_limits<std::uint32_t>::max());
  for (std::uint64_t f : features) {
    for (std::size_t i = 0; i < kMinhashSlots; ++i) {
      auto v = static_cast<std::uint32_t>((f * kSlots.mul[i] + kSlots.add[i]) >> 32);
      fp.minhash[i] = std::min(fp.minhash[i], v);
    }
  }
  return fp;
}

double estimated_similarity(const Fingerprint& a, const Fingerprint& b) {
  if (a.minhash.empty() || a.minhash.size() != b.minhash.size()) return 0.0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.minhash.size(); ++i) same += a.minhash[i] == b.minhash[i];
  double jaccard = static_cast<double>(same) / static_cast<double>(a.minhash.size());
  // Two short texts on the same news share a larger fraction of their few features than two
  // long ones do, so the disagreeing part is charged more the smaller the texts:
  // J - (1 - J) * c / n with n the smaller feature count. Identical texts keep 1; for
  // article-length texts (n in the hundreds) the charge is below 0.02.
  double n = std::min(estimated_feature_count(a.minhash), estimated_feature_count(b.minhash));
  return std::clamp(jaccard - (1.0 - jaccard) * kSmallTextCharge / std::max(n, 1.0), 0.0, 1.0);
}

std::string encode_minhash(const Fingerprint& f) {
  std::string out;
  if (f.minhash.empty()) return out;
  out.reserve(1 + 4 * f.minhash.size());
  out.push_back(static_cast<char>(kMinhashVersion));
  for (std::uint32_t v : f.minhash) {
    for (int b = 0; b < 4; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xFF));
  }
  return out;
}

std::optional<std::vector<std::uint32_t>> decode_minhash(std::string_view blob) {
  if (blob.empty()) return std::vector<std::uint32_t>{};
  if (blob.size() != 1 + 4 * kMinhashSlots ||
      static_cast<std::uint8_t>(blob[0]) != kMinhashVersion) {
    return std::nullopt;
  }
  std::vector<std::uint32_t> out(kMinhashSlots);
  for (std::size_t i = 0; i < kMinhashSlots; ++i) {
    std::uint32_t v = 0;
    for (int b = 0; b < 4; ++b) {
      v |= static_cast<std::uint32_t>(static_cast<unsigned char>(blob[1 + 4 * i + b])) << (8 * b);
    }
    out[i] = v;
  }
  return out;
}

}  // namespace mw
