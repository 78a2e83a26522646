#include "classifiers/eval.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace mw {
namespace {

using nlohmann::json;

Result<ExpectedEvent> parse_event(const json& j, bool historical, const std::string& file) {
  ExpectedEvent e;
  auto dir = parse_direction(j.value("direction", ""));
  auto act = parse_action(j.value("action", ""));
  if (!dir || !act || !j.contains("country")) {
    return fail(ErrorCode::kParse,
                "eval: " + file + ": event needs direction, country and action: " + j.dump());
  }
  e.direction = *dir;
  e.action = *act;
  e.country = j.at("country").get<std::string>();
  e.historical = historical;
  if (historical) {
    e.status_any = {EventStatus::kHistorical};
  } else if (j.contains("status_any")) {
    for (const auto& s : j.at("status_any")) {
      auto st = parse_status(s.get<std::string>());
      if (!st) return fail(ErrorCode::kParse, "eval: " + file + ": unknown status " + s.dump());
      e.status_any.push_back(*st);
    }
  } else if (j.contains("status")) {
    auto st = parse_status(j.at("status").get<std::string>());
    if (!st) return fail(ErrorCode::kParse, "eval: " + file + ": unknown status");
    e.status_any.push_back(*st);
  }
  return e;
}

Result<ExpectedArticle> parse_article(std::string file, const json& j) {
  ExpectedArticle a;
  a.file = std::move(file);
  try {
    a.relevant = j.at("relevant").get<bool>();
    for (const char* key : {"dateline", "published"}) {
      if (j.contains(key) && j.at(key).is_string()) {
        a.published = parse_partial_date(j.at(key).get<std::string>());
        if (a.published) break;
      }
    }
    for (const char* key : {"events", "historical"}) {
      if (!j.contains(key)) continue;
      for (const auto& ev : j.at(key)) {
        auto e = parse_event(ev, std::string_view(key) == "historical", a.file);
        if (!e) return tl::unexpected(e.error());
        a.events.push_back(std::move(*e));
      }
    }
  } catch (const json::exception& ex) {
    return fail(ErrorCode::kParse, "eval: " + a.file + ": bad expected labels: " + ex.what());
  }
  return a;
}

std::string key_of(Direction d, const std::string& c, Action a, bool historical) {
  return std::string(to_string(d)) + " " + c + " " + std::string(to_string(a)) +
         (historical ? " (historical)" : "");
}

std::string fmt(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

}  // namespace

Result<ExpectedArticle> parse_expected_article(std::string file, std::string_view json_text) {
  try {
    return parse_article(std::move(file), json::parse(json_text));
  } catch (const json::exception& ex) {
    return fail(ErrorCode::kParse, "eval: " + file + ": not valid JSON: " + ex.what());
  }
}

Result<std::vector<ExpectedArticle>> parse_expected_seeds(std::string_view json_text) {
  std::vector<ExpectedArticle> out;
  try {
    json j = json::parse(json_text);
    for (const auto& [file, art] : j.at("articles").items()) {
      auto a = parse_article(file, art);
      if (!a) return tl::unexpected(a.error());
      out.push_back(std::move(*a));
    }
  } catch (const json::exception& ex) {
    return fail(ErrorCode::kParse,
                std::string("eval: expected.json: not valid or lacks \"articles\": ") + ex.what());
  }
  return out;
}

std::string event_line(const EventMention& e) {
  return std::string(to_string(e.direction)) + " " + e.country + " " +
         std::string(to_string(e.action)) + " " + std::string(to_string(e.status));
}

void EvalReport::add(const ExpectedArticle& exp, const Classification& got, double threshold) {
  ++articles;
  if (exp.relevant && got.relevant) ++article.tp;
  if (!exp.relevant && got.relevant) {
    ++article.fp;
    problems.push_back("FALSE RELEVANT " + exp.file);
  }
  if (exp.relevant && !got.relevant) {
    ++article.fn;
    problems.push_back("MISSED ARTICLE " + exp.file + " (" + got.reason + ")");
  }
  std::vector<bool> used(got.events.size(), false);
  for (const ExpectedEvent& e : exp.events) {
    bool found = false;
    for (std::size_t i = 0; i < got.events.size(); ++i) {
      const EventMention& g = got.events[i];
      bool hist = g.status == EventStatus::kHistorical;
      if (used[i] || g.confidence < threshold || g.direction != e.direction ||
          g.country != e.country || g.action != e.action || hist != e.historical) {
        continue;
      }
      used[i] = found = true;
      ++event.tp;
      ++status_checked;
      bool ok = e.status_any.empty() ||
                std::find(e.status_any.begin(), e.status_any.end(), g.status) != e.status_any.end();
      if (ok) {
        ++status_right;
        ++event_status.tp;
      } else {
        ++event_status.fn;
        ++event_status.fp;
        std::string want;
        for (auto s : e.status_any) {
          if (!want.empty()) want += '|';
          want.append(to_string(s));
        }
        problems.push_back("WRONG STATUS " + exp.file + ": " + event_line(g) + " (expected " +
                           want + ")");
      }
      break;
    }
    if (!found) {
      ++event.fn;
      ++event_status.fn;
      problems.push_back("MISS " + exp.file + ": " +
                         key_of(e.direction, e.country, e.action, e.historical));
    }
  }
  for (std::size_t i = 0; i < got.events.size(); ++i) {
    if (used[i] || got.events[i].confidence < threshold) continue;
    ++event.fp;
    ++event_status.fp;
    problems.push_back("FALSE ALARM " + exp.file + ": " + event_line(got.events[i]) + " (" +
                       fmt(got.events[i].confidence) + ") \"" +
                       got.events[i].evidence.text.substr(0, 160) + "\"");
  }
}

std::string EvalReport::to_text() const {
  std::string out;
  auto row = [&](const char* name, const Counts& c) {
    out += std::string(name) + ": precision " + fmt(c.precision()) + "  recall " + fmt(c.recall()) +
           "  F1 " + fmt(c.f1()) + "  (tp " + std::to_string(c.tp) + ", fp " +
           std::to_string(c.fp) + ", fn " + std::to_string(c.fn) + ")\n";
  };
  out += "articles: " + std::to_string(articles) + "\n";
  row("article relevance      ", article);
  row("events (dir+country+act)", event);
  row("events (+status)        ", event_status);
  out += "status accuracy on matched events: " + fmt(status_accuracy()) + " (" +
         std::to_string(status_right) + "/" + std::to_string(status_checked) + ")\n";
  for (const auto& p : problems) out += p + "\n";
  return out;
}

}  // namespace mw
