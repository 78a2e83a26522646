#pragma once
// The one error convention of missionwatch: functions that can fail return Result<T>
// (tl::expected<T, Error>); Status is Result<void>. Exceptions from libraries (SQLiteCpp,
// toml++, nlohmann::json) are caught at the boundary that calls them and turned into an Error.
//
//   Result<Feed> parse(std::string_view body);
//   auto feed = parse(body);
//   if (!feed) log(feed.error().message);        // "feed_parser: <url>: not well-formed XML at line 3: ..."
//
// A message says what failed, on what input and, where it helps, what to do about it.
// "Nothing found" (an article with no events, a page with no main text) is not an error: those
// functions return a value that carries the reason.
#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace mw {

enum class ErrorCode {
  kInvalidArgument,  // the caller passed something unusable (bad URL, bad option)
  kNotFound,         // a file, row or key that should exist does not
  kParse,            // input text could not be understood (XML, JSON, TOML, HTML, dates)
  kIo,               // reading or writing a local file failed
  kNetwork,          // connection, DNS, TLS, timeout, HTTP-level failure
  kTooLarge,         // a configured size limit was hit
  kForbidden,        // a policy refused it (SSRF guard, permissions)
  kDatabase,         // SQLite reported an error
  kConfig,           // configuration is invalid
  kUnsupported,      // valid but not handled (unknown encoding, newer schema)
  kInternal,         // a bug: an invariant did not hold
};

// Stable lower-case name of a code, for logs and JSON ("parse", "network", ...).
std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // "<code>: <message>", for logs.
  std::string describe() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = Result<void>;

// Builds the failure side of a Result: `return fail(ErrorCode::kParse, "…");`
inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// The success value of a Status.
inline Status ok() { return {}; }

}  // namespace mw
