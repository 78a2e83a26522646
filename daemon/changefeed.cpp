#include "daemon/changefeed.h"

#include <iterator>

#include <fmt/format.h>

#include "daemon/store/sql_time.h"

namespace mw {

namespace {

Result<nlohmann::ordered_json> parse_data(const store::ChangeRecord& change) {
  // The store writes "{}" for a change without data; an empty text would be the same.
  if (change.data.empty()) return nlohmann::ordered_json::object();
  auto data = nlohmann::ordered_json::parse(change.data, nullptr, /*allow_exceptions=*/false);
  if (data.is_discarded()) {
    return fail(ErrorCode::kParse,
                fmt::format("change {}: its data is not JSON text (a hand-edited or corrupt "
                            "database? check it with `missionwatch db check`)",
                            change.seq));
  }
  return data;
}

// A column of the CSV row from the event record: text as is, numbers and booleans as JSON
// writes them, null or missing as empty.
std::string record_column(const nlohmann::ordered_json& record, const char* key) {
  if (!record.is_object()) return {};
  auto it = record.find(key);
  if (it == record.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

std::string changefeed_source(std::string_view instance_id) {
  return fmt::format("urn:missionwatch:{}", instance_id);
}

std::string sequence_string(std::int64_t seq) {
  return fmt::format("{:0{}}", seq, kSequenceWidth);
}

Result<nlohmann::ordered_json> change_envelope(const store::ChangeRecord& change,
                                               std::string_view source) {
  auto data = parse_data(change);
  if (!data) return tl::unexpected(data.error());
  nlohmann::ordered_json envelope = {
      {"specversion", "1.0"},
      {"id", std::to_string(change.seq)},
      {"source", std::string(source)},
      {"type", std::string(kChangeTypePrefix) + change.type},
      {"time", store::to_sql_time(change.time)},
  };
  if (change.event_id) envelope["subject"] = std::to_string(*change.event_id);
  envelope["datacontenttype"] = "application/json";
  envelope["dataschema"] = std::string(kEventSchemaId);
  envelope["sequence"] = sequence_string(change.seq);
  envelope["data"] = std::move(*data);
  return envelope;
}

std::string changes_csv_header() {
  return "seq,time,type,event_id,direction,country,city,action,status,effective_date,sources,"
         "independent_sources,data\r\n";
}

Result<std::string> change_csv_row(const store::ChangeRecord& change) {
  auto data = parse_data(change);
  if (!data) return tl::unexpected(data.error());
  const nlohmann::ordered_json& r = *data;
  const std::string fields[] = {
      std::to_string(change.seq),
      store::to_sql_time(change.time),
      change.type,
      change.event_id ? std::to_string(*change.event_id) : std::string(),
      record_column(r, "direction"),
      record_column(r, "country"),
      record_column(r, "city"),
      record_column(r, "action"),
      record_column(r, "status"),
      record_column(r, "effective_date"),
      record_column(r, "source_count"),
      record_column(r, "independent_source_count"),
      // Invalid UTF-8 cannot come from the store's json_valid text, but replace rather than
      // throw if it ever does.
      r.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
  };
  std::string row;
  for (std::size_t i = 0; i < std::size(fields); ++i) {
    if (i > 0) row += ',';
    row += csv_field(fields[i]);
  }
  row += "\r\n";
  return row;
}

std::string csv_field(std::string_view value) {
  const bool needs_quotes = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                            (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!needs_quotes) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace mw
