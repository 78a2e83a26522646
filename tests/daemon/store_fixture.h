#pragma once
// Shared by the store_*_test suites (a header, so it is not linked into other daemon tests):
// a fresh temporary folder per test, a Store opened in it, and a fixed clock value.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/clock.h"
#include "daemon/store/store.h"

namespace mw::store::testing {

// 2026-03-01T12:00:00Z, plus whole seconds.
inline TimePoint at(int seconds = 0) {
  using namespace std::chrono;
  return TimePoint{sys_days{year{2026} / March / 1} + hours{12} + std::chrono::seconds{seconds}};
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "mw-store-XXXXXX").string();
    char* made = ::mkdtemp(tmpl.data());
    if (made == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::open(db_path());
    ASSERT_TRUE(opened) << opened.error().describe();
    store_ = std::move(*opened);
  }
  std::string db_path() const { return dir_.file("missionwatch.db"); }
  Store& store() { return *store_; }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace mw::store::testing
