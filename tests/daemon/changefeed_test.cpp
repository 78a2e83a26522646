// The changefeed's wire formats (daemon/changefeed.h) from plain values: the CloudEvents
// envelope, the sequence extension, CSV rows and RFC 4180 quoting.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/changefeed.h"
#include "tests/daemon/store_fixture.h"

namespace mw {
namespace {

using store::testing::at;

const char* kSource = "urn:missionwatch:0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

store::ChangeRecord change(std::int64_t seq, std::string type = "created",
                           std::string data = R"({"id":7,"direction":"dprk_abroad","country":"ES",)"
                                              R"("city":"Madrid","action":"close",)"
                                              R"("status":"completed","effective_date":null,)"
                                              R"("source_count":2,"independent_source_count":1})") {
  store::ChangeRecord c;
  c.seq = seq;
  c.event_id = 7;
  c.type = std::move(type);
  c.time = at(15);
  c.data = std::move(data);
  return c;
}

// A minimal RFC 4180 reader for one CRLF-terminated row: what a consumer's CSV library does.
std::vector<std::string> read_csv_row(const std::string& row) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < row.size(); ++i) {
    const char c = row[i];
    if (quoted) {
      if (c == '"' && i + 1 < row.size() && row[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\r' && i + 2 == row.size() && row[i + 1] == '\n') {
      break;
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(ChangeEnvelope, CarriesTheCloudEventsContextAttributes) {
  auto e = change_envelope(change(42), kSource);
  ASSERT_TRUE(e) << e.error().describe();
  EXPECT_EQ((*e)["specversion"], "1.0");
  EXPECT_EQ((*e)["id"], "42");
  EXPECT_EQ((*e)["source"], kSource);
  EXPECT_EQ((*e)["type"], "org.missionwatch.event.created");
  EXPECT_EQ((*e)["time"], "2026-03-01T12:00:15.000Z");
  EXPECT_EQ((*e)["subject"], "7");
  EXPECT_EQ((*e)["datacontenttype"], "application/json");
  EXPECT_EQ((*e)["dataschema"], "urn:missionwatch:schema:event:1");
  EXPECT_EQ((*e)["sequence"], "00000000000000000042");
  EXPECT_EQ((*e)["data"]["country"], "ES");
  EXPECT_EQ((*e)["data"]["id"], 7);
}

TEST(ChangeEnvelope, KeysComeInTheDocumentedOrder) {
  auto e = change_envelope(change(1), kSource);
  ASSERT_TRUE(e);
  std::vector<std::string> keys;
  for (auto it = e->begin(); it != e->end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"specversion", "id", "source", "type", "time", "subject",
                                      "datacontenttype", "dataschema", "sequence", "data"}));
}

TEST(ChangeEnvelope, TypeIsThePrefixAndTheChangeType) {
  for (const char* type : {"created", "updated", "source_added", "status_changed"}) {
    auto e = change_envelope(change(3, type), kSource);
    ASSERT_TRUE(e);
    EXPECT_EQ((*e)["type"], std::string("org.missionwatch.event.") + type);
  }
}

TEST(ChangeEnvelope, IsTheSameTextEveryTimeForTheSameChange) {
  auto a = change_envelope(change(9), kSource);
  auto b = change_envelope(change(9), kSource);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->dump(), b->dump());
}

TEST(ChangeEnvelope, DataKeepsTheStoredKeyOrder) {
  auto e = change_envelope(change(5, "created", R"({"z":1,"a":2})"), kSource);
  ASSERT_TRUE(e);
  EXPECT_EQ((*e)["data"].dump(), R"({"z":1,"a":2})");
}

TEST(ChangeEnvelope, ChangeOfNoEventHasNoSubject) {
  store::ChangeRecord c = change(4);
  c.event_id.reset();
  auto e = change_envelope(c, kSource);
  ASSERT_TRUE(e);
  EXPECT_FALSE(e->contains("subject"));
}

TEST(ChangeEnvelope, EmptyDataIsAnEmptyObject) {
  auto e = change_envelope(change(6, "created", ""), kSource);
  ASSERT_TRUE(e);
  EXPECT_TRUE((*e)["data"].is_object());
  EXPECT_TRUE((*e)["data"].empty());
}

TEST(ChangeEnvelope, DataThatIsNotJsonIsAParseErrorNamingTheChange) {
  auto e = change_envelope(change(77, "created", "{not json"), kSource);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::kParse);
  EXPECT_NE(e.error().message.find("change 77"), std::string::npos) << e.error().message;
}

TEST(SequenceString, IsZeroPaddedSoThatTextOrderIsNumberOrder) {
  EXPECT_EQ(sequence_string(0), "00000000000000000000");
  EXPECT_EQ(sequence_string(42), "00000000000000000042");
  EXPECT_EQ(sequence_string(INT64_MAX), "09223372036854775807");
  const std::vector<std::int64_t> seqs = {1, 2, 9, 10, 99, 100, 12345, 1000000007, INT64_MAX};
  for (std::size_t i = 1; i < seqs.size(); ++i) {
    EXPECT_LT(sequence_string(seqs[i - 1]), sequence_string(seqs[i])) << seqs[i];
  }
}

TEST(ChangefeedSource, IsAUrnOfTheInstanceId) {
  EXPECT_EQ(changefeed_source("0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b"), kSource);
}

TEST(CsvField, QuotesOnlyWhatRfc4180Requires) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"", ""},
      {"plain", "plain"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\rhere", "\"cr\rhere\""},
      {" leading", "\" leading\""},
      {"trailing ", "\"trailing \""},
      {"in side", "in side"},
      {"Pyongyang's", "Pyongyang's"},
  };
  for (const Case& c : cases) EXPECT_EQ(csv_field(c.in), c.out) << "input: " << c.in;
}

TEST(ChangeCsv, HeaderNamesTheDocumentedColumns) {
  EXPECT_EQ(changes_csv_header(),
            "seq,time,type,event_id,direction,country,city,action,status,effective_date,sources,"
            "independent_sources,data\r\n");
}

TEST(ChangeCsv, RowTakesTheEventColumnsFromTheRecord) {
  auto row = change_csv_row(change(42, "updated"));
  ASSERT_TRUE(row) << row.error().describe();
  ASSERT_EQ(row->substr(row->size() - 2), "\r\n");
  auto f = read_csv_row(*row);
  ASSERT_EQ(f.size(), 13u) << *row;
  EXPECT_EQ(f[0], "42");
  EXPECT_EQ(f[1], "2026-03-01T12:00:15.000Z");
  EXPECT_EQ(f[2], "updated");
  EXPECT_EQ(f[3], "7");
  EXPECT_EQ(f[4], "dprk_abroad");
  EXPECT_EQ(f[5], "ES");
  EXPECT_EQ(f[6], "Madrid");
  EXPECT_EQ(f[7], "close");
  EXPECT_EQ(f[8], "completed");
  EXPECT_EQ(f[9], "");  // null effective date
  EXPECT_EQ(f[10], "2");
  EXPECT_EQ(f[11], "1");
  EXPECT_EQ(nlohmann::json::parse(f[12]), nlohmann::json::parse(change(42).data));
}

TEST(ChangeCsv, DataWithQuotesCommasAndLineBreaksReadsBackUnchanged) {
  const std::string data =
      R"({"city":"Madrid, \"old town\"","sources":[{"evidence":"line one\nline two, \"quoted\""}]})";
  auto row = change_csv_row(change(8, "source_added", data));
  ASSERT_TRUE(row);
  auto f = read_csv_row(*row);
  ASSERT_EQ(f.size(), 13u) << *row;
  EXPECT_EQ(f[6], "Madrid, \"old town\"");
  EXPECT_EQ(nlohmann::json::parse(f[12]), nlohmann::json::parse(data));
}

TEST(ChangeCsv, MissingEventColumnsAreEmpty) {
  store::ChangeRecord c = change(2, "created", "{}");
  c.event_id.reset();
  auto row = change_csv_row(c);
  ASSERT_TRUE(row);
  EXPECT_EQ(*row, "2,2026-03-01T12:00:15.000Z,created,,,,,,,,,,{}\r\n");
}

TEST(ChangeCsv, DataThatIsNotJsonIsAParseError) {
  auto row = change_csv_row(change(3, "created", "[1,"));
  ASSERT_FALSE(row);
  EXPECT_EQ(row.error().code, ErrorCode::kParse);
}

}  // namespace
}  // namespace mw
