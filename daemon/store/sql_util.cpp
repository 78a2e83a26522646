#include "daemon/store/sql_util.h"

#include <nlohmann/json.hpp>

namespace mw::store::detail {

std::string to_json_array(const std::vector<std::string>& values) {
  // Invalid UTF-8 is replaced rather than thrown on: a tag is not worth losing a row over.
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> from_json_array(const std::string& text) {
  if (text.empty()) return {};
  auto j = nlohmann::json::parse(text);  // nlohmann exceptions derive from std::exception
  return j.get<std::vector<std::string>>();
}

}  // namespace mw::store::detail
