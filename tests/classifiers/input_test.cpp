// Bad input gives a clear "not relevant" reason (never a crash, never an event without
// evidence), and the tokenizer keeps offsets right on odd text.
#include <gtest/gtest.h>

#include <string>

#include "classifier_fixture.h"
#include "classifiers/text.h"

namespace mw::testing {
namespace {

TEST(ClassifierInput, EmptyText) {
  Classification c = classify_text("");
  EXPECT_FALSE(c.relevant);
  EXPECT_EQ(c.reason, "empty text (no words)");
}

TEST(ClassifierInput, BinaryJunk) {
  std::string junk;
  for (int i = 0; i < 4096; ++i) junk.push_back(static_cast<char>((i * 7919) & 0xFF));
  Classification c = classify_text(junk);
  EXPECT_FALSE(c.relevant);
  EXPECT_NE(c.reason.find("binary"), std::string::npos) << c.reason;
}

TEST(ClassifierInput, InvalidUtf8BytesAreSkippedNotFatal) {
  std::string text = "North Korea closed its embassy in \xff\xfe Spain.";
  EXPECT_EQ(changes(text), "dprk_abroad ES close\n");
}

TEST(ClassifierInput, TooLargeIsRejectedWithTheLimit) {
  std::string big(10u << 20, 'a');
  Classification c = classify_text(big);
  EXPECT_FALSE(c.relevant);
  EXPECT_NE(c.reason.find("too large"), std::string::npos) << c.reason;
}

TEST(ClassifierInput, LongSingleSentenceIsHandled) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += i % 50 == 0 ? "embassy in Spain closed " : "word ";
  text += "North Korea.";
  Classification c = classify_text(text);  // must finish quickly and not crash
  for (const auto& e : c.events) EXPECT_FALSE(e.evidence.text.empty());
}

TEST(ClassifierInput, OtherLanguagesAreNotSupported) {
  Classification ko = classify_text(
      "북한이 스페인, 앙골라, 우간다 주재 대사관을 폐쇄했다고 외교부가 밝혔다. 북한은 최근 "
      "재정난으로 "
      "해외 공관을 줄이고 있으며 추가 폐쇄가 예상된다고 전문가들은 말했다. 북한은 최근 재정난으로 "
      "해외 공관을 줄이고 있다.");
  EXPECT_FALSE(ko.relevant);
  EXPECT_NE(ko.reason.find("not in English"), std::string::npos) << ko.reason;
  Classification es = classify_text(
      "Corea del Norte ha cerrado su embajada en Madrid, según ha confirmado el Ministerio de "
      "Asuntos Exteriores de España. La embajada llevaba décadas funcionando en el barrio de "
      "Aravaca y su personal ya ha abandonado el país, según fuentes diplomáticas consultadas.");
  EXPECT_FALSE(es.relevant);
  EXPECT_NE(es.reason.find("English"), std::string::npos) << es.reason;
}

TEST(ClassifierInput, DeclaredLanguageOtherThanEnglish) {
  ArticleInput in;
  in.body = "North Korea closed its embassy in Spain.";
  in.language = "es";
  Classification c = classifier().classify(in);
  EXPECT_FALSE(c.relevant);
  EXPECT_EQ(c.reason, "language 'es' is not supported (English only)");
}

TEST(ClassifierInput, NothingFoundHasAReason) {
  Classification c = classify_text("North Korea fired a missile into the sea on Thursday.");
  EXPECT_FALSE(c.relevant);
  EXPECT_EQ(c.reason, "no mission change found");
}

TEST(Tokenizer, PossessiveCurlyQuotesAndOffsets) {
  std::string s = "North Korea\u2019s embassy \u2013 in C\u00f4te d\u2019Ivoire.";
  text::TokenizedText t = text::tokenize(s);
  std::vector<std::string> norms;
  for (const auto& tok : t.tokens) norms.emplace_back(tok.norm);
  EXPECT_EQ(norms, (std::vector<std::string>{"north", "korea", "'s", "embassy", "-", "in", "cote",
                                             "d'ivoire", "."}));
  EXPECT_EQ(s.substr(t.tokens[6].begin, t.tokens[6].end - t.tokens[6].begin), "C\u00f4te");
}

TEST(Tokenizer, SentencesRespectAbbreviationsAndInitials) {
  text::TokenizedText t = text::tokenize(
      "SEOUL, Nov. 2 (UPI) -- The U.S. embassy said so. North Korea closed it.\nNew line here");
  auto spans = text::split_sentences(t, 160);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(t.tokens[spans[1].first].norm, "north");
}

TEST(Tokenizer, LongSentencesAreCut) {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += "word ";
  text::TokenizedText t = text::tokenize(s);
  auto spans = text::split_sentences(t, 100);
  EXPECT_EQ(spans.size(), 10u);
}

}  // namespace
}  // namespace mw::testing
