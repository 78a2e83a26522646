// Rule families of the mission-change classifier: lists, references back, places, direction and
// the look-alikes that are not events. Each case reads like the spec; failures show a diff.
#include <gtest/gtest.h>

#include "classifier_fixture.h"
#include "classifiers/eval.h"

namespace mw::testing {
namespace {

TEST(ClassifierLists, CoordinatedCountriesGiveOneEventEach) {
  EXPECT_EQ(changes("North Korea has closed its embassies in Spain, Angola and Uganda."),
            "dprk_abroad ES close\n"
            "dprk_abroad AO close\n"
            "dprk_abroad UG close\n");
}

TEST(ClassifierLists, NineItemListWithMultiWordNames) {
  EXPECT_EQ(changes("In November, North Korea decided to close its missions in Angola, Hong Kong, "
                    "Nepal, Spain, Uganda, the Democratic Republic of Congo, Bangladesh, Senegal "
                    "and Guinea."),
            "dprk_abroad AO close\ndprk_abroad HK close\ndprk_abroad NP close\n"
            "dprk_abroad ES close\ndprk_abroad UG close\ndprk_abroad CD close\n"
            "dprk_abroad BD close\ndprk_abroad SN close\ndprk_abroad GN close\n");
}

TEST(ClassifierLists, AsWellAsJoinsAList) {
  EXPECT_EQ(changes("Pyongyang shut its embassies in Senegal as well as Guinea."),
            "dprk_abroad SN close\ndprk_abroad GN close\n");
}

TEST(ClassifierBackReference, ThereRefersToThePlacesNamedBefore) {
  EXPECT_EQ(changes("Despite profiting from Angola and Uganda for decades, North Korea was forced "
                    "to shut its embassies there."),
            "dprk_abroad AO close\ndprk_abroad UG close\n");
}

TEST(ClassifierBackReference, BothCountriesRefersToThePreviousSentence) {
  EXPECT_EQ(changes("North Korean builders worked in Senegal and Guinea for years. This month "
                    "Pyongyang closed its embassies in both countries."),
            "dprk_abroad SN close\ndprk_abroad GN close\n");
}

TEST(ClassifierPlaces, CityMapsToItsCountry) {
  EXPECT_EQ(changes("North Korea's embassy in Kampala has closed."), "dprk_abroad UG close\n");
  EXPECT_EQ(changes("The North Korean embassy in Dhaka shut down."), "dprk_abroad BD close\n");
  EXPECT_EQ(changes("North Korea closed its embassy in Kinshasa."), "dprk_abroad CD close\n");
}

TEST(ClassifierPlaces, AlternativeNames) {
  EXPECT_EQ(changes("North Korea closed its embassy in DR Congo."), "dprk_abroad CD close\n");
  EXPECT_EQ(changes("North Korea closed its embassy in Congo-Kinshasa."), "dprk_abroad CD close\n");
  EXPECT_EQ(changes("North Korea closed its embassy in Ivory Coast."), "dprk_abroad CI close\n");
  EXPECT_EQ(changes("North Korea closed its consulate in Hong Kong."), "dprk_abroad HK close\n");
}

TEST(ClassifierPlaces, CityIsReported) {
  Classification c = classify_text("North Korea closed its embassy in Kampala.", "2023-11-01");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_EQ(c.events[0].city, "Kampala");
  EXPECT_EQ(c.events[0].mission_kind, MissionKind::kEmbassy);
}

TEST(ClassifierDirection, TheirEmbassiesInPyongyangAreForeignMissions) {
  EXPECT_EQ(changes("Romania, India, Indonesia and Bulgaria have closed their embassies in "
                    "Pyongyang."),
            "foreign_in_dprk RO close\nforeign_in_dprk IN close\n"
            "foreign_in_dprk ID close\nforeign_in_dprk BG close\n");
}

TEST(ClassifierDirection, PossessiveAndDemonymOwners) {
  EXPECT_EQ(changes("Sweden's embassy in Pyongyang reopened on Friday."),
            "foreign_in_dprk SE reopen\n");
  EXPECT_EQ(changes("Polish diplomats returned to Pyongyang this week."),
            "foreign_in_dprk PL reopen\n");
  EXPECT_EQ(changes("The embassy of Indonesia in Pyongyang will reopen."),
            "foreign_in_dprk ID reopen\n");
}

TEST(ClassifierDirection, SameCountryBothWays) {
  EXPECT_EQ(changes("North Korea opened an embassy in Managua. Nicaragua has opened an embassy in "
                    "Pyongyang."),
            "dprk_abroad NI open\nforeign_in_dprk NI open\n");
}

TEST(ClassifierDirection, OwnersOfTheMissionBeatTheSpeaker) {
  EXPECT_EQ(changes("Russia's ambassador in Pyongyang said the embassies of Sweden and Poland had "
                    "resumed their work."),
            "foreign_in_dprk SE reopen\nforeign_in_dprk PL reopen\n");
}

TEST(ClassifierClauses, RelativeClauseBetweenPlaceAndVerb) {
  EXPECT_EQ(events("India's embassy in Pyongyang, which was shut in 2021, reopened this week.",
                   "2024-12-12"),
            "foreign_in_dprk IN close historical\nforeign_in_dprk IN reopen completed\n");
}

TEST(ClassifierClauses, ParticipleClauseBorrowsThePlaceBeforeIt) {
  EXPECT_EQ(changes("North Korean diplomats lowered the flag at their embassy in Kampala, closing "
                    "the mission after decades."),
            "dprk_abroad UG close\n");
}

TEST(ClassifierActions, EveryActionHasItsWords) {
  EXPECT_EQ(changes("North Korea set up an embassy in Minsk."), "dprk_abroad BY open\n");
  EXPECT_EQ(changes("Sweden resumed operations at its embassy in Pyongyang."),
            "foreign_in_dprk SE reopen\n");
  EXPECT_EQ(changes("Germany withdrew its diplomats from Pyongyang."),
            "foreign_in_dprk DE suspend\n");
  EXPECT_EQ(changes("North Korea evacuated its embassy in Damascus."), "dprk_abroad SY suspend\n");
  EXPECT_EQ(changes("Britain temporarily closed its embassy in Pyongyang."),
            "foreign_in_dprk GB suspend\n");
  EXPECT_EQ(changes("North Korea will downgrade its embassy in Cairo."),
            "dprk_abroad EG downgrade\n");
  EXPECT_EQ(changes("North Korea relocated its consulate in Vladivostok."),
            "dprk_abroad RU relocate\n");
}

TEST(ClassifierActions, ExpelledAmbassadorIsADowngrade) {
  EXPECT_EQ(changes("Mexico expelled North Korea's ambassador.", "2017-09-08"),
            "dprk_abroad MX downgrade\n");
  EXPECT_EQ(changes("Peru declared the North Korean ambassador persona non grata.", "2017-09-12"),
            "dprk_abroad PE downgrade\n");
}

TEST(ClassifierActions, FarewellVisitOfAnAmbassadorIsAClosure) {
  EXPECT_EQ(changes("North Korea's ambassador paid a farewell visit to Uganda."),
            "dprk_abroad UG close\n");
}

TEST(ClassifierNegatives, SouthKoreanMissionsAreNotEvents) {
  EXPECT_EQ(changes("South Korea temporarily closed its embassy in Kyiv."), "");
  EXPECT_EQ(changes("Seoul has reopened its embassy in Kyiv, North Korea watchers noted."), "");
}

TEST(ClassifierNegatives, OtherCountriesEmbassiesElsewhere) {
  EXPECT_EQ(changes("The United States shut its embassy in Kabul."), "");
  EXPECT_EQ(changes("Japan will open a consulate in Vladivostok, unlike North Korea."), "");
}

TEST(ClassifierNegatives, EmbassyNamedOnlyAsAPlace) {
  EXPECT_EQ(changes("A court heard testimony on the 2019 break-in at the North Korean embassy in "
                    "Madrid."),
            "");
  EXPECT_EQ(changes("Thae served at the embassy in London before defecting from North Korea."), "");
}

TEST(ClassifierNegatives, FavouredPartnersAreNotMissionChanges) {
  EXPECT_EQ(changes("These closures suggest North Korea will relocate diplomats and workers to "
                    "favoured nations such as China and Russia."),
            "");
  EXPECT_EQ(changes("Embassy closures reflect North Korea's pivot towards China and Russia."), "");
}

TEST(ClassifierNegatives, UnnamedTotalsAreNotEvents) {
  EXPECT_EQ(changes("North Korea plans to close at least a dozen more diplomatic missions in Asia, "
                    "Africa and Latin America."),
            "");
  EXPECT_EQ(changes("About 10 of North Korea's 50 embassies will be closed."), "");
}

TEST(ClassifierNegatives, CloseAsAnAdjectiveIsNotATrigger) {
  EXPECT_EQ(changes("North Korea keeps close ties with its embassy staff in Moscow."), "");
  EXPECT_EQ(changes("The embassy in Pyongyang will remain closed, Sweden said."), "");
}

TEST(ClassifierConfidence, SweepingClaimsGetLowConfidence) {
  Classification c = classify_text(
      "North Korea is closing all its embassies worldwide, including the one in "
      "Cairo.",
      "2024-01-01");
  for (const auto& e : c.events) EXPECT_LT(e.confidence, 0.5) << event_line(e);
}

TEST(ClassifierConfidence, UnknownMissionLowersButKeepsTheEvent) {
  Classification known = classify_text("North Korea closed its embassy in Uganda.", "2023-11-01");
  Classification unknown =
      classify_text("North Korea closed its embassy in Argentina.", "2023-11-01");
  ASSERT_EQ(known.events.size(), 1u);
  ASSERT_EQ(unknown.events.size(), 1u);
  EXPECT_LT(unknown.events[0].confidence, known.events[0].confidence);
  EXPECT_EQ(unknown.events[0].country, "AR");
}

TEST(ClassifierEvidence, OffsetsPointAtTheSentence) {
  std::string body =
      "Officials spoke on Monday. North Korea closed its embassy in Spain. More later.";
  Classification c = classify_text(body, "2023-11-01");
  ASSERT_EQ(c.events.size(), 1u);
  const Evidence& ev = c.events[0].evidence;
  EXPECT_EQ(body.substr(ev.start, ev.end - ev.start), "North Korea closed its embassy in Spain.");
  EXPECT_EQ(ev.text, "North Korea closed its embassy in Spain.");
  EXPECT_FALSE(ev.in_title);
}

TEST(ClassifierEvidence, TitleEventsPointIntoTheTitle) {
  Classification c = classify_text("Officials confirmed it on Wednesday.", "2023-11-08",
                                   "North Korea closes embassy in Nepal");
  ASSERT_EQ(c.events.size(), 1u);
  EXPECT_TRUE(c.events[0].evidence.in_title);
  EXPECT_EQ(c.events[0].evidence.start, 0u);
}

TEST(ClassifierDedup, OneEventPerDirectionCountryAction) {
  EXPECT_EQ(
      changes("North Korea closed its embassy in Spain. The embassy in Madrid shut down after "
              "decades, North Korea said."),
      "dprk_abroad ES close\n");
}

}  // namespace
}  // namespace mw::testing
