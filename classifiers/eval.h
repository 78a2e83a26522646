#pragma once
// Scoring the classifier against labelled articles: article-level relevance and event-level
// precision/recall/F1 on (direction, country, action), and the same plus status. Expected labels
// use the shape of ../shared/seeds/expected.json: per article "relevant", "dateline",
// "events" [{direction, country, action, mission_kind, status_any}] and "historical"
// [{direction, country, action}]. Pure: parsing takes JSON text, scoring takes values.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "classifiers/event.h"
#include "classifiers/mission_classifier.h"
#include "common/result.h"

namespace mw {

struct ExpectedEvent {
  Direction direction = Direction::kDprkAbroad;
  std::string country;
  Action action = Action::kClose;
  std::vector<EventStatus> status_any;  // {kHistorical} for historical events
  bool historical = false;
};

struct ExpectedArticle {
  std::string file;  // the article's file name ("000_x.txt")
  bool relevant = false;
  std::optional<PartialDate> published;  // "dateline" (or "published")
  std::vector<ExpectedEvent> events;     // current and historical
};

// One article's labels (a per-file <slug>.json, or one entry of expected.json's "articles").
Result<ExpectedArticle> parse_expected_article(std::string file, std::string_view json_text);
// Every article of a seeds-style expected.json ({"articles": {"<file>": {...}}}).
Result<std::vector<ExpectedArticle>> parse_expected_seeds(std::string_view json_text);

struct Counts {
  int tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct EvalReport {
  int articles = 0;
  Counts article;          // relevance
  Counts event;            // direction + country + action (historical must match historical)
  Counts event_status;     // the same, with the status also right
  int status_checked = 0;  // matched events whose status was compared
  int status_right = 0;
  std::vector<std::string> problems;  // "MISS file: dprk_abroad ES close (completed)", ...

  double status_accuracy() const {
    return status_checked ? double(status_right) / status_checked : 1.0;
  }
  // Adds one article's result; events below `threshold` confidence count as not predicted.
  void add(const ExpectedArticle& expected, const Classification& got, double threshold);
  // A human-readable summary: figures first, then every miss and false alarm.
  std::string to_text() const;
};

// One compact line per event, "dprk_abroad ES close completed", in output order: the form
// tests and `eval` use to show differences.
std::string event_line(const EventMention& e);

}  // namespace mw
