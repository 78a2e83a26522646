#include "classifiers/event.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace mw {
namespace {

constexpr std::array<std::string_view, 2> kDirections = {"dprk_abroad", "foreign_in_dprk"};
constexpr std::array<std::string_view, 4> kKinds = {"embassy", "consulate", "representative_office",
                                                    "mission"};
constexpr std::array<std::string_view, 6> kActions = {"close",   "open",      "reopen",
                                                      "suspend", "downgrade", "relocate"};
constexpr std::array<std::string_view, 6> kStatuses = {"planned",   "reported", "announced",
                                                       "completed", "denied",   "historical"};

template <class E, std::size_t N>
std::optional<E> find_name(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

bool parse_int(std::string_view s, int& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

}  // namespace

std::string_view to_string(Direction d) {
  return kDirections[static_cast<int>(d)];
}
std::string_view to_string(MissionKind k) {
  return kKinds[static_cast<int>(k)];
}
std::string_view to_string(Action a) {
  return kActions[static_cast<int>(a)];
}
std::string_view to_string(EventStatus s) {
  return kStatuses[static_cast<int>(s)];
}

std::optional<Direction> parse_direction(std::string_view s) {
  return find_name<Direction>(kDirections, s);
}
std::optional<MissionKind> parse_mission_kind(std::string_view s) {
  return find_name<MissionKind>(kKinds, s);
}
std::optional<Action> parse_action(std::string_view s) {
  return find_name<Action>(kActions, s);
}
std::optional<EventStatus> parse_status(std::string_view s) {
  return find_name<EventStatus>(kStatuses, s);
}

std::string PartialDate::to_string() const {
  if (year == 0) return "";
  char buf[16];
  if (month == 0) {
    std::snprintf(buf, sizeof buf, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return buf;
}

std::optional<PartialDate> parse_partial_date(std::string_view s) {
  if (s.size() > 10) s = s.substr(0, 10);
  PartialDate d;
  if (s.size() < 4 || !parse_int(s.substr(0, 4), d.year) || d.year < 1000) return std::nullopt;
  if (s.size() == 4) return d;
  if (s.size() < 7 || s[4] != '-' || !parse_int(s.substr(5, 2), d.month) || d.month < 1 ||
      d.month > 12) {
    return std::nullopt;
  }
  if (s.size() == 7) return d;
  if (s.size() != 10 || s[7] != '-' || !parse_int(s.substr(8, 2), d.day) || d.day < 1 ||
      d.day > 31) {
    return std::nullopt;
  }
  return d;
}

}  // namespace mw
