#pragma once
// The changefeed's wire formats: a change (one row of the store's `changes` table) as a
// CloudEvents 1.0 JSON envelope (`export --format jsonl`, schema docs/schemas/change.schema.json)
// or as a flat CSV row (`export --format csv`). Pure: no store, no clock; cmd_export.cpp reads
// the rows and writes the lines. docs/changefeed.md is the user-facing description.
//
//   auto line = mw::change_envelope(change, mw::changefeed_source(instance_id));
//   if (line) std::cout << line->dump() << "\n";
//
// The envelope (keys in this order):
//   {"specversion": "1.0",
//    "id": "42",                                  change sequence number, decimal
//    "source": "urn:missionwatch:<uuid>",         the database (see changefeed_source)
//    "type": "org.missionwatch.event.created",    kChangeTypePrefix + the change's type
//    "time": "2026-11-23T20:15:19.123Z",          when the change was committed (RFC 3339, UTC)
//    "subject": "7",                              the event id (absent for a change of no event)
//    "datacontenttype": "application/json",
//    "dataschema": kEventSchemaId,
//    "sequence": "00000000000000000042",          the extension, see sequence_string()
//    "data": {…the event record, daemon/event_record.h…}}
//
// source + id is unique per change and stable: exporting the same change twice gives the same
// envelope byte for byte, so consumers deduplicate on (source, id).
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "daemon/store/change_repository.h"

namespace mw {

// Version of the change record schema (docs/schemas/change.schema.json); bump it together with
// the schema's $id whenever the envelope changes shape.
inline constexpr int kChangeRecordVersion = 1;
inline constexpr std::string_view kChangeSchemaId = "urn:missionwatch:schema:change:1";
inline constexpr std::string_view kEventSchemaId = "urn:missionwatch:schema:event:1";

inline constexpr std::string_view kChangeTypePrefix = "org.missionwatch.event.";

// Width of the zero-padded `sequence` extension: enough for every non-negative int64.
inline constexpr int kSequenceWidth = 20;

// The CloudEvents `source` of a database: "urn:missionwatch:" + its instance id (a UUID minted
// once when the database was created; store/meta_repository.h).
std::string changefeed_source(std::string_view instance_id);

// The `sequence` extension value: the change number, zero-padded to kSequenceWidth digits.
// Why a padded string: the CloudEvents sequence extension types `sequence` as a String that MUST
// be lexicographically orderable (padding does that), and a CloudEvents Integer is only 32 bits
// wide, too narrow for an int64 sequence. "42" → "00000000000000000042".
std::string sequence_string(std::int64_t seq);

// The CloudEvents 1.0 envelope of a change. Fails with kParse (naming the sequence) when the
// change's data is not JSON text; the store's CHECK (json_valid(data)) makes that a corrupt or
// hand-edited database.
Result<nlohmann::ordered_json> change_envelope(const store::ChangeRecord& change,
                                               std::string_view source);

// --- CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed) -----------

// The header line, CRLF-terminated:
//   seq,time,type,event_id,direction,country,city,action,status,effective_date,sources,
//   independent_sources,data
std::string changes_csv_header();

// One change as a CRLF-terminated row. The event columns come from the change's data (the event
// record); a column the record lacks, or whose value is null, is empty. `type` is the change's
// own type ("created", not the CloudEvents type); `data` is the record as compact JSON text.
// Fails like change_envelope on data that is not JSON.
Result<std::string> change_csv_row(const store::ChangeRecord& change);

// A field as RFC 4180 writes it: as is, or in double quotes (inner quotes doubled) when it
// contains a comma, a double quote, CR or LF, or begins or ends with a space.
std::string csv_field(std::string_view value);

}  // namespace mw
