// docs/schemas/*.schema.json against real output: `export` lines must validate against
// change.schema.json and `events list --json` lines against event.schema.json, checked by
// python3-jsonschema (JSON Schema 2020-12) through tests/daemon/json_schema_check.py. The
// schemas are strict (no unknown keys), so a field added to the event record or the envelope
// without a new schema version fails here.
#include <fcntl.h>  // tests/support/run_process.h uses O_* without including it
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/daemon/changefeed_fixture.h"
#include "tests/support/run_process.h"

namespace mw {
namespace {

using mw::testing::ProcessResult;
using mw::testing::run_process;

constexpr const char* kChangeSchema = "urn:missionwatch:schema:change:1";
constexpr const char* kEventSchema = "urn:missionwatch:schema:event:1";

// Debian's python3 is where scripts/install-deps puts python3-jsonschema.
std::string python() {
  return ::access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

ProcessResult validate(const std::string& schema_id, const std::string& lines) {
  return run_process({python(), std::string(MW_SOURCE_DIR) + "/tests/daemon/json_schema_check.py",
                      std::string(MW_SOURCE_DIR) + "/docs/schemas", schema_id},
                     &lines);
}

class ChangefeedSchema : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    changefeed_testing::seed_world(store());
  }
  std::string run_ok(std::vector<std::string> args) {
    std::vector<std::string> argv = {MW_BINARY, "--db", db_path()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(r.out.empty());
    return r.out;
  }
};

TEST_F(ChangefeedSchema, ExportLinesValidateAgainstTheChangeSchema) {
  auto r = validate(kChangeSchema, run_ok({"export"}));
  ASSERT_NE(r.exit_code, 3) << "python3-jsonschema is missing: run scripts/install-deps";
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("checked 5 line(s)"), std::string::npos) << r.out;
}

TEST_F(ChangefeedSchema, EventsListJsonLinesValidateAgainstTheEventSchema) {
  auto r = validate(kEventSchema, run_ok({"events", "list", "--json"}));
  ASSERT_NE(r.exit_code, 3) << "python3-jsonschema is missing: run scripts/install-deps";
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("checked 3 line(s)"), std::string::npos) << r.out;
}

// The check itself can fail: records that break the contract in the ways that matter to a
// loader are each rejected.
TEST_F(ChangefeedSchema, RecordsThatBreakTheContractAreRejected) {
  const std::string line = run_ok({"export", "--limit", "1"});
  const auto good = nlohmann::json::parse(line);
  std::vector<std::pair<std::string, nlohmann::json>> bad;
  auto with = [&](const char* what, auto edit) {
    nlohmann::json j = good;
    edit(j);
    bad.emplace_back(what, j);
  };
  with("no specversion", [](auto& j) { j.erase("specversion"); });
  with("numeric id", [](auto& j) { j["id"] = 1; });
  with("unpadded sequence", [](auto& j) { j["sequence"] = "1"; });
  with("foreign type", [](auto& j) { j["type"] = "com.example.created"; });
  with("unknown envelope key", [](auto& j) { j["extra"] = true; });
  with("time without zone", [](auto& j) { j["time"] = "2026-03-01T12:00:00"; });
  with("record without country", [](auto& j) { j["data"].erase("country"); });
  with("lower-case country", [](auto& j) { j["data"]["country"] = "es"; });
  with("unknown status", [](auto& j) { j["data"]["status"] = "closed"; });
  with("omitted null city", [](auto& j) { j["data"].erase("city"); });
  with("unknown record key", [](auto& j) { j["data"]["extra"] = 1; });
  with("source without url", [](auto& j) { j["data"]["sources"][0].erase("url"); });
  with("independent as text", [](auto& j) { j["data"]["sources"][0]["independent"] = "yes"; });

  auto ok = validate(kChangeSchema, good.dump() + "\n");
  ASSERT_NE(ok.exit_code, 3) << "python3-jsonschema is missing: run scripts/install-deps";
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  for (const auto& [what, j] : bad) {
    auto r = validate(kChangeSchema, j.dump() + "\n");
    EXPECT_EQ(r.exit_code, 1) << what << ": " << r.out << r.err;
  }
}

}  // namespace
}  // namespace mw
