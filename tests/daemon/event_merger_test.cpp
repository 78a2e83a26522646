// EventMerger: how a mention changes the event it belongs to (pure, no store).
#include "daemon/event_merger.h"

#include <gtest/gtest.h>

namespace mw {
namespace {

const TimePoint kT0 = TimePoint(std::chrono::hours(24 * 19700));
const TimePoint kT1 = kT0 + std::chrono::hours(5);

MentionFacts mention(std::string status) {
  MentionFacts m;
  m.direction = "dprk_abroad";
  m.country = "ES";
  m.action = "close";
  m.status = std::move(status);
  m.confidence = 0.8;
  return m;
}

store::EventRecord existing(std::string status) {
  MergeOutcome first = merge_mention(std::nullopt, mention(std::move(status)), kT0);
  first.event.id = 7;
  return first.event;
}

TEST(EventMerger, FirstMentionCreatesTheEventWithItsFields) {
  MentionFacts m = mention("announced");
  m.city = "Madrid";
  m.mission_kind = "embassy";
  m.effective_date = "2023-11";
  MergeOutcome out = merge_mention(std::nullopt, m, kT0);
  EXPECT_TRUE(out.created);
  EXPECT_EQ(out.event.status, "announced");
  EXPECT_EQ(out.event.city, "Madrid");
  EXPECT_EQ(out.event.mission_kind, "embassy");
  EXPECT_EQ(out.event.effective_date, "2023-11");
  EXPECT_EQ(out.event.first_seen_at, kT0);
  EXPECT_FALSE(out.previous_status);
}

TEST(EventMerger, HistoricalMentionCreatesAHistoricalEvent) {
  MentionFacts m = mention("historical");
  m.historical = true;
  MergeOutcome out = merge_mention(std::nullopt, m, kT0);
  EXPECT_TRUE(out.event.historical);
  EXPECT_EQ(out.event.status, "historical");
}

TEST(EventMerger, StatusMovesForwardOnly) {
  MergeOutcome up = merge_mention(existing("planned"), mention("completed"), kT1);
  EXPECT_FALSE(up.created);
  EXPECT_EQ(up.event.status, "completed");
  EXPECT_EQ(up.previous_status, "planned");
  EXPECT_EQ(up.event.last_seen_at, kT1);
  EXPECT_EQ(up.event.first_seen_at, kT0);

  MergeOutcome back = merge_mention(existing("completed"), mention("planned"), kT1);
  EXPECT_EQ(back.event.status, "completed");
  EXPECT_FALSE(back.previous_status);

  MergeOutcome same = merge_mention(existing("announced"), mention("announced"), kT1);
  EXPECT_FALSE(same.previous_status);
}

TEST(EventMerger, DenialReplacesAnythingButCompletionAndIsOverriddenByLaterReports) {
  EXPECT_EQ(merge_mention(existing("announced"), mention("denied"), kT1).event.status, "denied");
  EXPECT_EQ(merge_mention(existing("completed"), mention("denied"), kT1).event.status, "completed");
  MergeOutcome confirmed = merge_mention(existing("denied"), mention("planned"), kT1);
  EXPECT_EQ(confirmed.event.status, "planned");
  EXPECT_EQ(confirmed.previous_status, "denied");
}

TEST(EventMerger, FieldsAreRefinedNeverErased) {
  store::EventRecord e = existing("announced");
  MentionFacts m = mention("announced");
  m.city = "Madrid";
  m.mission_kind = "embassy";
  m.effective_date = "2023-11-02";
  MergeOutcome refined = merge_mention(e, m, kT1);
  EXPECT_TRUE(refined.refined);
  EXPECT_EQ(refined.event.city, "Madrid");
  EXPECT_EQ(refined.event.mission_kind, "embassy");
  EXPECT_EQ(refined.event.effective_date, "2023-11-02");

  // A later mention without those fields, or with a disagreeing date, keeps them.
  MentionFacts vague = mention("announced");
  vague.effective_date = "2024";
  vague.confidence = 0.1;
  MergeOutcome kept = merge_mention(refined.event, vague, kT1);
  EXPECT_FALSE(kept.refined);
  EXPECT_EQ(kept.event.city, "Madrid");
  EXPECT_EQ(kept.event.mission_kind, "embassy");
  EXPECT_EQ(kept.event.effective_date, "2023-11-02");
  EXPECT_DOUBLE_EQ(kept.event.confidence, 0.8);
}

TEST(EventMerger, AMoreSpecificDateMustAgreeWithTheKnownOne) {
  store::EventRecord e = existing("announced");
  e.effective_date = "2023-11";
  MentionFacts other_month = mention("announced");
  other_month.effective_date = "2023-12-01";
  EXPECT_EQ(merge_mention(e, other_month, kT1).event.effective_date, "2023-11");
}

TEST(EventMerger, HistoricalEventsKeepTheirStatus) {
  MentionFacts h = mention("historical");
  h.historical = true;
  MergeOutcome first = merge_mention(std::nullopt, h, kT0);
  MergeOutcome again = merge_mention(first.event, mention("completed"), kT1);
  EXPECT_EQ(again.event.status, "historical");
  EXPECT_FALSE(again.previous_status);
}

TEST(EventMerger, StatusRankOrdersTheLifecycle) {
  EXPECT_LT(status_rank("planned"), status_rank("reported"));
  EXPECT_LT(status_rank("reported"), status_rank("announced"));
  EXPECT_LT(status_rank("announced"), status_rank("completed"));
  EXPECT_EQ(status_rank("denied"), -1);
  EXPECT_EQ(status_rank("nonsense"), -1);
}

}  // namespace
}  // namespace mw
