// `missionwatch events list|show`, run as the real binary (MW_BINARY) on a database written
// through the repositories the way the pipeline writes it (changefeed_fixture.h).
#include <fcntl.h>  // tests/support/run_process.h uses O_* without including it

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/event_record.h"
#include "tests/daemon/changefeed_fixture.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

using changefeed_testing::World;
using mw::testing::ProcessResult;
using mw::testing::run_process;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class EventsCli : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    world_ = changefeed_testing::seed_world(store());
  }
  ProcessResult events(std::vector<std::string> args) {
    std::vector<std::string> argv = {MW_BINARY, "--db", db_path(), "events"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }
  // The ids in the first column of a table (header and footer skipped).
  static std::vector<std::string> table_ids(const std::string& out) {
    std::vector<std::string> ids;
    auto lines = lines_of(out);
    for (std::size_t i = 1; i + 1 < lines.size(); ++i)
      ids.push_back(lines[i].substr(0, lines[i].find(' ')));
    return ids;
  }
  World world_;
};

TEST_F(EventsCli, ListPrintsATableOfEveryEventMostRecentlySeenFirst) {
  auto r = events({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  for (const char* column : {"ID", "STATUS", "ACTION", "DIRECTION", "COUNTRY", "CITY", "KIND",
                             "DATE", "SOURCES", "LAST SEEN"}) {
    EXPECT_TRUE(contains(lines[0], column)) << column;
  }
  // Spain was seen last (its update), then Denmark, then Angola.
  EXPECT_EQ(table_ids(r.out),
            (std::vector<std::string>{std::to_string(world_.spain), std::to_string(world_.denmark),
                                      std::to_string(world_.angola)}));
  EXPECT_TRUE(contains(lines[1], "completed")) << lines[1];
  EXPECT_TRUE(contains(lines[1], "Madrid")) << lines[1];
  EXPECT_TRUE(contains(lines[1], "2026-02")) << lines[1];
  EXPECT_TRUE(contains(lines[1], "2/1")) << lines[1];  // two sources, one independent
  EXPECT_TRUE(contains(lines[1], "2026-03-01 12:10")) << lines[1];
  EXPECT_TRUE(contains(lines[4], "3 event(s)")) << lines[4];
}

TEST_F(EventsCli, ListJsonPrintsExactlyTheEventRecords) {
  auto r = events({"list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  const std::int64_t order[] = {world_.spain, world_.denmark, world_.angola};
  for (std::size_t i = 0; i < 3; ++i) {
    auto expected = load_event_record(store(), order[i]);
    ASSERT_TRUE(expected);
    EXPECT_EQ(nlohmann::json::parse(lines[i]), *expected) << lines[i];
  }
}

TEST_F(EventsCli, ListFiltersCombine) {
  struct Case {
    std::vector<std::string> args;
    std::vector<std::int64_t> ids;
  };
  const std::vector<Case> cases = {
      {{"--country", "es"}, {world_.spain}},
      {{"--country", "AO"}, {world_.angola}},
      {{"--status", "announced"}, {world_.angola}},
      {{"--direction", "foreign_in_dprk"}, {world_.denmark}},
      {{"--historical"}, {world_.denmark}},
      {{"--current"}, {world_.spain, world_.angola}},
      {{"--current", "--direction", "dprk_abroad", "--status", "completed"}, {world_.spain}},
      {{"--since", "2026-03-02"}, {}},
      {{"--since", "2026-03-01T12:02:00Z"}, {world_.spain, world_.denmark}},
      {{"--limit", "1"}, {world_.spain}},
      {{"--country", "FR"}, {}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"list", "--json"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = events(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::int64_t> ids;
    for (const auto& line : lines_of(r.out)) ids.push_back(nlohmann::json::parse(line)["id"]);
    EXPECT_EQ(ids, c.ids) << "arguments: " << ::testing::PrintToString(c.args);
  }
}

TEST_F(EventsCli, ListRejectsBadArgumentsWithExitCodeTwoAndAMessage) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  const std::vector<Case> cases = {
      {{"--country", "Spain"}, "--country"},
      {{"--country", "E1"}, "two letters"},
      {{"--status", "closed"}, "--status"},
      {{"--direction", "abroad"}, "--direction"},
      {{"--historical", "--current"}, "exclude each other"},
      {{"--since", "yesterday"}, "--since"},
      {{"--limit", "0"}, "--limit"},
      {{"--limit", "many"}, "--limit"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"list"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = events(args);
    EXPECT_EQ(r.exit_code, 2) << ::testing::PrintToString(c.args) << r.out;
    EXPECT_TRUE(contains(r.err, c.message)) << ::testing::PrintToString(c.args) << "\n" << r.err;
    EXPECT_EQ(r.out, "") << ::testing::PrintToString(c.args);
  }
}

TEST_F(EventsCli, ShowPrintsTheEventEverySourceAndItsChangeHistory) {
  auto r = events({"show", std::to_string(world_.spain)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& out = r.out;
  EXPECT_TRUE(
      contains(out, "event " + std::to_string(world_.spain) + ": close embassy ES (Madrid)"))
      << out;
  EXPECT_TRUE(contains(out, "status:         completed")) << out;
  EXPECT_TRUE(contains(out, "effective date: 2026-02")) << out;
  EXPECT_TRUE(contains(out, "sources: 2 (1 independent)")) << out;
  // Both sources, with title, outlet, URL, published time, evidence and independence.
  EXPECT_TRUE(contains(out, "1. North Korea closes embassy in Spain, \"for good\"")) << out;
  EXPECT_TRUE(contains(out,
                       "outlet: Example News  published: 2026-03-01T11:00:00.000Z  "
                       "independent: yes"))
      << out;
  EXPECT_TRUE(contains(out, "url: https://news.example/spain")) << out;
  EXPECT_TRUE(contains(out, "evidence: \"The embassy in Madrid, it said")) << out;
  EXPECT_TRUE(contains(out, "2. DPRK shuts Madrid mission (copy)")) << out;
  EXPECT_TRUE(contains(out, "outlet: -  published: -  independent: no")) << out;
  // Its three changes, oldest first, each with what it left the event at.
  EXPECT_TRUE(contains(out, "changes: 3")) << out;
  const auto created = out.find("created       status announced, 1 source(s) (1 independent)");
  const auto added = out.find("source_added  status announced, 2 source(s) (1 independent)");
  const auto updated = out.find("updated       status completed, 2 source(s) (1 independent)");
  ASSERT_NE(created, std::string::npos) << out;
  ASSERT_NE(added, std::string::npos) << out;
  ASSERT_NE(updated, std::string::npos) << out;
  EXPECT_LT(created, added);
  EXPECT_LT(added, updated);
  EXPECT_TRUE(contains(out, "#" + std::to_string(world_.seqs[0]))) << out;
}

TEST_F(EventsCli, ShowJsonIsTheRecordWithTheChangeHistory) {
  auto r = events({"show", std::to_string(world_.spain), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  auto expected = load_event_record(store(), world_.spain);
  ASSERT_TRUE(expected);
  EXPECT_EQ(j["event"], *expected);
  ASSERT_EQ(j["changes"].size(), 3u);
  EXPECT_EQ(j["changes"][0]["seq"], world_.seqs[0]);
  EXPECT_EQ(j["changes"][0]["type"], "created");
  EXPECT_EQ(j["changes"][2]["type"], "updated");
  EXPECT_EQ(j["changes"][2]["time"], "2026-03-01T12:10:00.000Z");
}

TEST_F(EventsCli, ShowOfAnUnknownIdExitsOneWithNoSuchEvent) {
  auto r = events({"show", "999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.err, "no such event: 999")) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(EventsCli, ShowOfAnIdThatIsNotANumberIsAUsageError) {
  for (const char* id : {"abc", "0", "-3"}) {
    auto r = events({"show", id});
    EXPECT_EQ(r.exit_code, 2) << id << "\n" << r.err;
  }
  auto none = events({"show"});
  EXPECT_EQ(none.exit_code, 2);
}

}  // namespace
}  // namespace mw
