// Status from tense, modality and attribution, and historical changes from dates.
#include <gtest/gtest.h>

#include "classifier_fixture.h"

namespace mw::testing {
namespace {

TEST(ClassifierStatus, TenseModalityAndAttribution) {
  struct Case {
    const char* text;
    const char* want;
  };
  const Case cases[] = {
      {"North Korea has closed its embassy in Spain.", "dprk_abroad ES close completed\n"},
      {"North Korea shut down its embassy in Spain.", "dprk_abroad ES close completed\n"},
      {"North Korea plans to close its embassy in Spain.", "dprk_abroad ES close planned\n"},
      {"North Korea will close its embassy in Spain.", "dprk_abroad ES close planned\n"},
      {"North Korea is set to close its embassy in Spain.", "dprk_abroad ES close planned\n"},
      {"North Korea may close its embassy in Spain.", "dprk_abroad ES close planned\n"},
      {"North Korea is expected to close its embassy in Spain.", "dprk_abroad ES close planned\n"},
      {"North Korea has reportedly closed its embassy in Spain.",
       "dprk_abroad ES close reported\n"},
      {"According to media reports, North Korea closed its embassy in Spain.",
       "dprk_abroad ES close reported\n"},
      {"North Korea announced the closure of its embassy in Spain.",
       "dprk_abroad ES close announced\n"},
      {"North Korea said it is closing its embassy in Spain.", "dprk_abroad ES close announced\n"},
      {"North Korea said it would close its embassy in Spain.", "dprk_abroad ES close announced\n"},
      {"North Korea denied that it would close its embassy in Spain.",
       "dprk_abroad ES close denied\n"},
      {"North Korea's embassy in Spain rejected the report that it was closing.",
       "dprk_abroad ES close denied\n"},
      {"North Korea has not closed its embassy in Spain.", "dprk_abroad ES close denied\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(events(c.text), c.want) << c.text;
}

TEST(ClassifierStatus, MachineSpunNotTooLongAgoIsNotANegation) {
  EXPECT_EQ(events("North Korea has not too long ago closed embassies in Spain and Angola.",
                   "2023-11-02"),
            "dprk_abroad ES close completed\ndprk_abroad AO close completed\n");
}

TEST(ClassifierStatus, NearestCueWinsInACompoundSentence) {
  EXPECT_EQ(events("North Korea recently announced the closures of its embassies in Spain and "
                   "Angola and plans to close a dozen more missions, according to media reports.",
                   "2023-11-02"),
            "dprk_abroad ES close announced\ndprk_abroad AO close announced\n");
}

TEST(ClassifierHistorical, DecadeAndOldYearAreHistorical) {
  EXPECT_EQ(events("The North Korean defector worked at the embassy in Denmark in the 1990s just "
                   "before the regime closed it.",
                   "2023-11-02"),
            "dprk_abroad DK close historical\n");
  EXPECT_EQ(events("North Korea closed its embassy in Copenhagen in 1998.", "2023-11-02"),
            "dprk_abroad DK close historical\n");
}

TEST(ClassifierHistorical, DecadesAgoIsHistorical) {
  EXPECT_EQ(events("North Korea plans to open an embassy in Managua, three decades after the "
                   "previous North Korean mission there closed.",
                   "2024-10-05"),
            "dprk_abroad NI open planned\ndprk_abroad NI close historical\n");
}

TEST(ClassifierHistorical, RecentYearIsCurrent) {
  EXPECT_EQ(events("In November 2023, North Korea closed its embassy in Nepal.", "2023-12-01"),
            "dprk_abroad NP close completed\n");
}

TEST(ClassifierHistorical, WithoutADateTheLatestYearInTheTextDecides) {
  Classification c = classify_text(
      "North Korea closed its embassy in Copenhagen in 1998. Talks resumed in 2023.", "");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].status, EventStatus::kHistorical);
}

TEST(ClassifierHistorical, OnlyHistoricalChangesAreNotRelevant) {
  Classification c =
      classify_text("North Korea closed its embassy in Copenhagen in 1998.", "2024-01-01");
  EXPECT_FALSE(c.relevant);
  EXPECT_EQ(c.reason, "only historical mission changes");
}

TEST(ClassifierHistorical, SinceADateIsNotTheDateOfTheChange) {
  EXPECT_EQ(events("Sweden reopened its embassy in Pyongyang, closed since 2020.", "2024-09-14"),
            "foreign_in_dprk SE reopen completed\n");
}

TEST(ClassifierDates, EffectiveDateWhenStated) {
  Classification c =
      classify_text("North Korea closed its embassy in Nepal on November 6, 2023.", "2023-11-10");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].effective_date, "2023-11-06");
}

}  // namespace
}  // namespace mw::testing
