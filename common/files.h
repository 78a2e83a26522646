#pragma once
// Small file helpers for the imperative shell (CLI, store, tests). Pure code never calls these.
#include <cstddef>
#include <string>

#include "common/result.h"

namespace mw {

// Reads a whole file. Fails with kNotFound / kIo naming the path, or kTooLarge beyond max_bytes.
Result<std::string> read_file(const std::string& path, std::size_t max_bytes = 256u << 20);

// Reads all of standard input (same limit).
Result<std::string> read_stdin(std::size_t max_bytes = 256u << 20);

}  // namespace mw
