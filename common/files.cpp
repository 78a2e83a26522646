#include "common/files.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>

#include <fmt/format.h>

namespace mw {

namespace {
Result<std::string> read_stream(std::istream& in, const std::string& name, std::size_t max_bytes) {
  std::string out;
  char buf[64 * 1024];
  while (in) {
    in.read(buf, sizeof buf);
    out.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.size() > max_bytes) {
      return fail(ErrorCode::kTooLarge,
                  fmt::format("{}: larger than the {} byte limit", name, max_bytes));
    }
  }
  if (in.bad()) return fail(ErrorCode::kIo, fmt::format("{}: read failed", name));
  return out;
}
}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    return fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                fmt::format("{}: cannot open: {}", path, std::strerror(err)));
  }
  if (S_ISDIR(st.st_mode)) {
    return fail(ErrorCode::kIo, fmt::format("{}: is a directory, expected a file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::kIo, fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  }
  return read_stream(in, path, max_bytes);
}

Result<std::string> read_stdin(std::size_t max_bytes) {
  return read_stream(std::cin, "<stdin>", max_bytes);
}

}  // namespace mw
