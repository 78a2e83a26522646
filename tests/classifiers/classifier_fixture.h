#pragma once
// Test fixture for the classifier suites: one shared classifier, and helpers that speak in
// strings so that a failure shows a readable diff (STYLE #10):
//
//   EXPECT_EQ(events("North Korea closed its embassies in Spain and Angola."),
//             "dprk_abroad ES close completed\n"
//             "dprk_abroad AO close completed\n");
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "classifiers/mission_classifier.h"

namespace mw::testing {

// The classifier with default options, created once per process.
const MissionClassifier& classifier();

// Classifies `body` (no title) published on `published` ("YYYY-MM-DD" or "").
Classification classify_text(std::string_view body, std::string_view published = "",
                             std::string_view title = "");

// One line per event at or above the relevance threshold: "dprk_abroad ES close completed\n".
std::string events(std::string_view body, std::string_view published = "2024-01-01",
                   std::string_view title = "");

// Events as above, but only "direction country action" (for rules that do not decide status).
std::string changes(std::string_view body, std::string_view published = "2024-01-01");

// The folder of the shared corpora, or "" when it is absent (tests then GTEST_SKIP).
std::string shared_dir();

}  // namespace mw::testing
