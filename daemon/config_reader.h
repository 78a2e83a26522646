#pragma once
// Typed, position-aware reading of one TOML table, collecting diagnostics instead of stopping
// at the first problem. Used by daemon/config_schema.cpp only.
//
//   DiagnosticSink sink{"missionwatch.toml"};
//   TableReader r(root.get_as<toml::table>("service"), "service", sink, {});
//   r.read("concurrency", cfg.concurrency, 1, 256);
//   r.finish();  // every key that no read() asked for is an "unknown key" error
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "daemon/config.h"

namespace mw::config {

SourcePos pos_of(const toml::source_region& region);

// "a string", "an integer", ... for messages.
std::string_view type_phrase(const toml::node& node);

class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}
  void add(SourcePos pos, std::string key, std::string message, std::string hint = "");
  // Sorted by position (unknown positions last), in the order found within one position.
  std::vector<ConfigDiagnostic> take();
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<ConfigDiagnostic> diagnostics_;
};

class TableReader {
 public:
  // `table` may be null (section absent): reads then keep the defaults. `path` is the key path of
  // the table ("service", "feeds[2]"); `table_pos` locates errors about the table as a whole.
  TableReader(const toml::table* table, std::string path, DiagnosticSink& sink,
              SourcePos table_pos);

  void read(std::string_view key, bool& out);
  void read(std::string_view key, int& out, std::int64_t min, std::int64_t max);
  void read(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);
  void read(std::string_view key, double& out, double min, double max);
  void read(std::string_view key, std::string& out, SourcePos* pos = nullptr);
  // One of `allowed`.
  void read_choice(std::string_view key, std::string& out,
                   std::span<const std::string_view> allowed);
  void read_duration(std::string_view key, Duration& out, Duration min, Duration max);
  void read_duration(std::string_view key, std::optional<Duration>& out, Duration min,
                     Duration max);
  // An array of strings; when `allowed` is not empty every element must be one of them.
  void read_strings(std::string_view key, std::vector<std::string>& out,
                    std::span<const std::string_view> allowed = {});
  // A URL with one of `schemes`; empty is allowed when !required (and missing is reported when
  // required).
  void read_url(std::string_view key, std::string& out, std::span<const std::string_view> schemes,
                bool required);

  // The node for `key` (null if absent), marking the key as known.
  const toml::node* node(std::string_view key);
  // Position of the value of `key`, else of the table.
  SourcePos pos(std::string_view key) const;
  std::string path(std::string_view key) const;
  void error(std::string_view key, std::string message, std::string hint = "");
  void missing(std::string_view key, std::string_view example);

  // Reports every key of the table that no read()/node() asked for, with a "did you mean" hint.
  void finish();

 private:
  void wrong_type(std::string_view key, const toml::node& node, std::string_view expected,
                  std::string hint = "");

  const toml::table* table_;
  std::string path_;
  DiagnosticSink& sink_;
  SourcePos table_pos_;
  std::vector<std::string_view> known_;
};

}  // namespace mw::config
