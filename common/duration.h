#pragma once
// How durations are written for people: config diagnostics, poll decisions, alert retries.
#include <chrono>
#include <string>

namespace mw {

// Shortest exact spelling in d/h/m/s/ms: 900000ms -> "15m", 5400s -> "1h30m", 0 -> "0s",
// 1500ms -> "1s500ms"; negative values get a leading "-". Seconds convert implicitly.
std::string format_duration(std::chrono::milliseconds d);

}  // namespace mw
