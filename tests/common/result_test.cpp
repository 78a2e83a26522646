#include "common/result.h"

#include <gtest/gtest.h>

#include "common/files.h"

namespace mw {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return fail(ErrorCode::kInvalidArgument, "value must be positive");
  return v;
}

TEST(ResultTest, CarriesValueOrError) {
  EXPECT_EQ(*parse_positive(3), 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().describe(), "invalid_argument: value must be positive");
}

TEST(FilesTest, MissingFileIsNotFoundAndNamesThePath) {
  auto r = read_file("/nonexistent/missionwatch-test-file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("/nonexistent/missionwatch-test-file"), std::string::npos);
}

TEST(FilesTest, DirectoryIsRejected) {
  auto r = read_file("/tmp");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace mw
