// The keyword pre-filter run on an entry's title and summary before its page is fetched.
#include "classifiers/prefilter.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

const std::vector<std::string> kDefault = {"north korea", "north korean", "dprk", "pyongyang",
                                           "democratic people's republic of korea"};

TEST(KeywordPrefilter, AdmitsTextNamingNorthKoreaInAnyCase) {
  KeywordPrefilter f(kDefault);
  EXPECT_TRUE(f.admits("NORTH KOREA shuts embassy in Madrid"));
  EXPECT_TRUE(f.admits("The DPRK's mission in Luanda"));
  EXPECT_TRUE(f.admits("Envoys leave Pyongyang."));
  EXPECT_EQ(f.first_match("A North Korean diplomat said"), "north korean");
}

TEST(KeywordPrefilter, RefusesTextWithoutAKeyword) {
  KeywordPrefilter f(kDefault);
  EXPECT_FALSE(f.admits("Spain reopens its consulate in Lima"));
  EXPECT_FALSE(f.admits(""));
}

TEST(KeywordPrefilter, MatchesWholeWordsOnly) {
  KeywordPrefilter f({"dprk", "korea"});
  EXPECT_FALSE(f.admits("the koreana hotel"));
  EXPECT_FALSE(f.admits("xdprk"));
  EXPECT_TRUE(f.admits("korea, north"));
  EXPECT_TRUE(f.admits("(DPRK)"));
}

TEST(KeywordPrefilter, NoPhrasesAdmitsEverything) {
  EXPECT_TRUE(KeywordPrefilter({}).admits("anything"));
  EXPECT_TRUE(KeywordPrefilter({"  "}).admits("anything"));
}

TEST(KeywordPrefilter, PhrasesAreTrimmedAndLowerCased) {
  KeywordPrefilter f({"  Pyongyang "});
  EXPECT_TRUE(f.admits("in pyongyang today"));
}

}  // namespace
}  // namespace mw
