#include "daemon/config_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "daemon/config_values.h"

namespace mw::config {

namespace {

std::string quoted_list(std::span<const std::string_view> items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += "\"" + std::string(items[i]) + "\"";
  }
  return out;
}

bool is_integer_text(std::string_view s) {
  if (s.empty()) return false;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size();
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

SourcePos pos_of(const toml::source_region& region) {
  return SourcePos{static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

void DiagnosticSink::add(SourcePos pos, std::string key, std::string message, std::string hint) {
  diagnostics_.push_back(
      ConfigDiagnostic{file_, pos, std::move(key), std::move(message), std::move(hint)});
}

std::vector<ConfigDiagnostic> DiagnosticSink::take() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                   [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
                     auto rank = [](const SourcePos& p) {
                       return p.known() ? std::pair(p.line, p.column)
                                        : std::pair(std::numeric_limits<int>::max(), 0);
                     };
                     return rank(a.pos) < rank(b.pos);
                   });
  return std::move(diagnostics_);
}

TableReader::TableReader(const toml::table* table, std::string path, DiagnosticSink& sink,
                         SourcePos table_pos)
    : table_(table), path_(std::move(path)), sink_(sink), table_pos_(table_pos) {}

const toml::node* TableReader::node(std::string_view key) {
  known_.push_back(key);
  return table_ ? table_->get(key) : nullptr;
}

SourcePos TableReader::pos(std::string_view key) const {
  if (table_) {
    if (const toml::node* n = table_->get(key)) return pos_of(n->source());
  }
  return table_pos_;
}

std::string TableReader::path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::error(std::string_view key, std::string message, std::string hint) {
  sink_.add(pos(key), path(key), std::move(message), std::move(hint));
}

void TableReader::missing(std::string_view key, std::string_view example) {
  sink_.add(table_pos_, path(key), "missing required key",
            "add `" + std::string(key) + " = " + std::string(example) + "`");
}

void TableReader::wrong_type(std::string_view key, const toml::node& n, std::string_view expected,
                             std::string hint) {
  if (hint.empty()) {
    if (n.is_string() && expected.find("integer") != std::string_view::npos &&
        is_integer_text(n.as_string()->get())) {
      hint = "write it without quotes: " + n.as_string()->get();
    } else if (n.is_string() && expected == "a boolean" &&
               (n.as_string()->get() == "true" || n.as_string()->get() == "false")) {
      hint = "write it without quotes: " + n.as_string()->get();
    } else if (expected == "a string") {
      hint = "put the value in double quotes";
    }
  }
  error(key, "expected " + std::string(expected) + ", found " + std::string(type_phrase(n)),
        std::move(hint));
}

void TableReader::read(std::string_view key, bool& out) {
  const toml::node* n = node(key);
  if (!n) return;
  if (!n->is_boolean()) return wrong_type(key, *n, "a boolean", "");
  out = n->as_boolean()->get();
}

void TableReader::read(std::string_view key, std::int64_t& out, std::int64_t min,
                       std::int64_t max) {
  const toml::node* n = node(key);
  if (!n) return;
  if (!n->is_integer()) return wrong_type(key, *n, "an integer", "");
  std::int64_t v = n->as_integer()->get();
  if (v < min || v > max) {
    return error(key, "value " + std::to_string(v) + " out of range",
                 "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  out = v;
}

void TableReader::read(std::string_view key, int& out, std::int64_t min, std::int64_t max) {
  std::int64_t v = out;
  read(key, v, min, max);
  out = static_cast<int>(v);
}

void TableReader::read(std::string_view key, double& out, double min, double max) {
  const toml::node* n = node(key);
  if (!n) return;
  double v = 0;
  if (n->is_floating_point()) {
    v = n->as_floating_point()->get();
  } else if (n->is_integer()) {
    v = static_cast<double>(n->as_integer()->get());  // `1` for 1.0 is fine
  } else {
    return wrong_type(key, *n, "a number", n->is_string() ? "write it without quotes" : "");
  }
  if (!std::isfinite(v) || v < min || v > max) {
    return error(key, "value " + number_text(v) + " out of range",
                 "must be between " + number_text(min) + " and " + number_text(max));
  }
  out = v;
}

void TableReader::read(std::string_view key, std::string& out, SourcePos* where) {
  const toml::node* n = node(key);
  if (!n) return;
  if (!n->is_string()) return wrong_type(key, *n, "a string", "");
  out = n->as_string()->get();
  if (where) *where = pos_of(n->source());
}

void TableReader::read_choice(std::string_view key, std::string& out,
                              std::span<const std::string_view> allowed) {
  std::string v = out;
  const toml::node* n = table_ ? table_->get(key) : nullptr;
  read(key, v);
  if (!n || !n->is_string()) return;
  if (std::find(allowed.begin(), allowed.end(), std::string_view(v)) == allowed.end()) {
    std::string guess = closest_match(v, allowed);
    return error(
        key, "unknown value \"" + v + "\"",
        guess.empty() ? "use one of " + quoted_list(allowed) : "did you mean \"" + guess + "\"?");
  }
  out = v;
}

void TableReader::read_duration(std::string_view key, Duration& out, Duration min, Duration max) {
  std::optional<Duration> v;
  read_duration(key, v, min, max);
  if (v) out = *v;
}

void TableReader::read_duration(std::string_view key, std::optional<Duration>& out, Duration min,
                                Duration max) {
  const toml::node* n = node(key);
  if (!n) return;
  Duration v{};
  if (n->is_integer()) {
    std::int64_t seconds = n->as_integer()->get();
    // Bounded before multiplying so a huge number is an out-of-range error, not an overflow.
    if (seconds < 0 || seconds > std::int64_t{10} * 366 * 24 * 3600) {
      return error(key, "value " + std::to_string(seconds) + " out of range",
                   "must be between " + format_duration(min) + " and " + format_duration(max));
    }
    v = std::chrono::seconds(seconds);
  } else if (n->is_string()) {
    auto parsed = parse_duration(n->as_string()->get());
    if (!parsed) {
      return error(key, "invalid duration \"" + n->as_string()->get() + "\"",
                   "write e.g. \"30s\", \"15m\", \"2h\", \"1d\" or an integer of seconds");
    }
    v = *parsed;
  } else {
    return wrong_type(key, *n, "a duration",
                      "write an integer of seconds or a string such as \"15m\"");
  }
  if (v < min || v > max) {
    return error(key, "duration " + format_duration(v) + " out of range",
                 "must be between " + format_duration(min) + " and " + format_duration(max));
  }
  out = v;
}

void TableReader::read_strings(std::string_view key, std::vector<std::string>& out,
                               std::span<const std::string_view> allowed) {
  const toml::node* n = node(key);
  if (!n) return;
  if (!n->is_array()) {
    std::string hint;
    if (n->is_string()) hint = "write a list: [\"" + n->as_string()->get() + "\"]";
    return wrong_type(key, *n, "an array of strings", hint);
  }
  std::vector<std::string> values;
  std::size_t index = 0;
  bool ok = true;
  for (const toml::node& element : *n->as_array()) {
    std::string element_path = path(key) + "[" + std::to_string(index++) + "]";
    if (!element.is_string()) {
      sink_.add(pos_of(element.source()), element_path,
                "expected a string, found " + std::string(type_phrase(element)),
                "put the value in double quotes");
      ok = false;
      continue;
    }
    const std::string& v = element.as_string()->get();
    if (!allowed.empty() &&
        std::find(allowed.begin(), allowed.end(), std::string_view(v)) == allowed.end()) {
      std::string guess = closest_match(v, allowed);
      sink_.add(
          pos_of(element.source()), element_path, "unknown value \"" + v + "\"",
          guess.empty() ? "use one of " + quoted_list(allowed) : "did you mean \"" + guess + "\"?");
      ok = false;
      continue;
    }
    values.push_back(v);
  }
  if (ok) out = std::move(values);
}

void TableReader::read_url(std::string_view key, std::string& out,
                           std::span<const std::string_view> schemes, bool required) {
  const toml::node* n = table_ ? table_->get(key) : nullptr;
  std::string v;
  read(key, v);
  if (!n) {
    if (required) missing(key, "\"" + std::string(schemes.front()) + "://...\"");
    return;
  }
  if (!n->is_string()) return;
  if (v.empty() && !required) {
    out.clear();
    return;
  }
  if (std::string problem = url_problem(v, schemes); !problem.empty()) {
    return error(key, "bad URL \"" + v + "\": " + problem,
                 "write an absolute URL such as \"" + std::string(schemes.front()) +
                     "://example.org/path\"");
  }
  out = v;
}

void TableReader::finish() {
  if (!table_) return;
  for (auto&& [k, v] : *table_) {
    std::string_view name = k.str();
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string guess = closest_match(name, known_);
    std::string hint;
    if (!guess.empty()) {
      hint = "did you mean `" + guess + "`?";
    } else {
      std::vector<std::string_view> sorted = known_;
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      hint = "known keys here: ";
      for (std::size_t i = 0; i < sorted.size(); ++i) {
        hint += (i ? ", " : "") + std::string(sorted[i]);
      }
    }
    SourcePos where = pos_of(k.source());
    if (!where.known()) where = pos_of(v.source());
    sink_.add(where, path(name), "unknown key", hint);
  }
}

}  // namespace mw::config
