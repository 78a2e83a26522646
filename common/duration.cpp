#include "common/duration.h"

#include <cstdint>

namespace mw {

std::string format_duration(std::chrono::milliseconds d) {
  std::int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out.push_back('-');
    ms = -ms;
  }
  struct Unit {
    std::int64_t scale;
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {24 * 3600 * 1000, "d"}, {3600 * 1000, "h"}, {60 * 1000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const Unit& unit : kUnits) {
    if (ms >= unit.scale) {
      // Two appends, not `to_string(...) + name`: GCC 12 warns -Wrestrict on that temporary.
      out += std::to_string(ms / unit.scale);
      out += unit.name;
      ms %= unit.scale;
    }
  }
  return out;
}

}  // namespace mw
