// The data files in classifiers/data/: they load, they are sorted with one entry per line, and
// the loader rejects duplicates and unknown country codes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "classifiers/embedded_data.h"
#include "classifiers/knowledge.h"

namespace mw::kb {
namespace {

std::vector<std::string> data_rows(std::string_view file) {
  std::vector<std::string> rows;
  std::string_view text = embedded_data_file(file);
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line[0] != '#') rows.emplace_back(line);
  }
  return rows;
}

TEST(ClassifierData, EmbeddedFilesLoad) {
  auto kb = KnowledgeBase::load_embedded();
  ASSERT_TRUE(kb) << kb.error().describe();
  EXPECT_EQ((*kb)->country_count(), 249u);
  EXPECT_GT((*kb)->entry_count(), 1000u);
}

TEST(ClassifierData, FilesOpenWithSourceAndColumnsAndAreSorted) {
  for (const char* file : {"countries.tsv", "places.tsv", "lexicon.tsv", "missions.tsv"}) {
    std::string_view text = embedded_data_file(file);
    ASSERT_FALSE(text.empty()) << file;
    EXPECT_EQ(text[0], '#') << file << " must open with a comment";
    EXPECT_NE(text.find("Columns:"), std::string_view::npos) << file;
    auto rows = data_rows(file);
    EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end())) << file << " is not sorted";
  }
}

TEST(ClassifierData, PlacesTheSpecNames) {
  auto kb = KnowledgeBase::load_embedded();
  ASSERT_TRUE(kb);
  for (const char* phrase : {"Luanda", "Kampala", "Madrid", "Kathmandu", "Dhaka", "Kinshasa",
                             "DR Congo", "Congo-Kinshasa", "Ivory Coast", "Hong Kong"}) {
    text::TokenizedText t = text::tokenize(phrase);
    Match m = (*kb)->match(t.tokens, 0, t.tokens.size());
    ASSERT_NE(m.entry, nullptr) << phrase;
    EXPECT_EQ(m.length, t.tokens.size()) << phrase;
    EXPECT_EQ(m.entry->family, Family::kPlace) << phrase;
  }
}

constexpr std::string_view kCountries = "# c\nAO\tAngola\nES\tSpain\n";
constexpr std::string_view kLexicon = "# l\nclose\ttrigger\tclose\tbase\n";

TEST(ClassifierData, DuplicatePhraseIsRejected) {
  auto kb =
      KnowledgeBase::load(kCountries, "Luanda\tAO\tcapital\nluanda\tAO\tcity\n", kLexicon, "");
  ASSERT_FALSE(kb);
  EXPECT_EQ(kb.error().message,
            "classifier data: places.tsv:2: duplicate phrase 'luanda' (fix the file in "
            "classifiers/data/)");
}

TEST(ClassifierData, UnknownCountryCodeIsRejected) {
  auto kb = KnowledgeBase::load(kCountries, "Atlantis\tXX\tname\n", kLexicon, "");
  ASSERT_FALSE(kb);
  EXPECT_NE(kb.error().message.find("places.tsv:1: unknown country code XX"), std::string::npos)
      << kb.error().message;
  auto kb2 =
      KnowledgeBase::load(kCountries, "", kLexicon, "dprk_abroad\tXX\tCity\tembassy\topen\t-\n");
  ASSERT_FALSE(kb2);
  EXPECT_NE(kb2.error().message.find("missions.tsv:1: unknown country code XX"), std::string::npos);
}

TEST(ClassifierData, UnknownFamilyIsRejected) {
  auto kb = KnowledgeBase::load(kCountries, "", "shut\tverb\tclose\tbase\n", "");
  ASSERT_FALSE(kb);
  EXPECT_NE(kb.error().message.find("lexicon.tsv:1: unknown family verb"), std::string::npos);
}

}  // namespace
}  // namespace mw::kb
