#pragma once
// The data files of classifiers/data/, compiled into the binary by CMake (embed_data.cmake
// writes embedded_data.cpp at build time), so the daemon never reads them at run time.
#include <string_view>

namespace mw::kb {

// The text of classifiers/data/<name> ("places.tsv"), or an empty view if there is no such file.
std::string_view embedded_data_file(std::string_view name);

}  // namespace mw::kb
