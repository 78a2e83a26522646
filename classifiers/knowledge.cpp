#include "classifiers/knowledge.h"

#include <algorithm>
#include <unordered_set>

#include "classifiers/embedded_data.h"

namespace mw::kb {
namespace {

struct Line {
  std::size_t number;
  std::vector<std::string_view> cols;
};

// Data lines of a TSV file: '#' comments and blank lines skipped.
std::vector<Line> data_lines(std::string_view text) {
  std::vector<Line> out;
  std::size_t number = 0;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    Line l{number, {}};
    while (true) {
      std::size_t tab = line.find('\t');
      l.cols.push_back(line.substr(0, tab));
      if (tab == std::string_view::npos) break;
      line = line.substr(tab + 1);
    }
    out.push_back(std::move(l));
  }
  return out;
}

tl::unexpected<Error> data_error(std::string_view file, std::size_t line, std::string msg) {
  return fail(ErrorCode::kParse, "classifier data: " + std::string(file) + ":" +
                                     std::to_string(line) + ": " + msg +
                                     " (fix the file in classifiers/data/)");
}

template <class E, std::size_t N>
std::optional<E> pick(std::string_view s, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::string_view kPlaceKinds[] = {"name",    "official", "alt",
                                            "capital", "city",     "demonym"};
constexpr std::string_view kForms[] = {"base", "3sg", "past", "prog", "noun"};
constexpr std::string_view kCues[] = {"planned",  "announced", "said",
                                      "reported", "denied",    "completed"};
constexpr std::string_view kPreps[] = {"location", "owner", "other"};

struct FamilyName {
  std::string_view name;
  Family family;
};
constexpr FamilyName kFamilies[] = {
    {"trigger", Family::kTrigger},     {"mission", Family::kMission},
    {"status", Family::kStatus},       {"negation", Family::kNegation},
    {"prep", Family::kPrep},           {"boundary", Family::kBoundary},
    {"backref", Family::kBackref},     {"pronoun", Family::kPronoun},
    {"sweep", Family::kSweep},         {"recent", Family::kRecent},
    {"temporary", Family::kTemporary}, {"dprk", Family::kDprk},
};

std::vector<std::string> phrase_words(std::string_view phrase) {
  text::TokenizedText t = text::tokenize(phrase);
  std::vector<std::string> words;
  for (const auto& tok : t.tokens) words.emplace_back(tok.norm);
  return words;
}

}  // namespace

Result<std::shared_ptr<const KnowledgeBase>> KnowledgeBase::load(std::string_view countries_tsv,
                                                                 std::string_view places_tsv,
                                                                 std::string_view lexicon_tsv,
                                                                 std::string_view missions_tsv) {
  auto kb = std::make_shared<KnowledgeBase>();
  for (const Line& l : data_lines(countries_tsv)) {
    if (l.cols.size() != 2 || l.cols[0].size() != 2) {
      return data_error("countries.tsv", l.number, "expected 'code<TAB>name' with a 2-letter code");
    }
    std::string code(l.cols[0]);
    if (kb->code_index_.count(code)) {
      return data_error("countries.tsv", l.number, "duplicate code " + code);
    }
    kb->code_index_[code] = static_cast<std::uint16_t>(kb->codes_.size());
    kb->codes_.push_back(code);
  }
  if (kb->codes_.empty()) return data_error("countries.tsv", 0, "no countries");

  std::unordered_set<std::string> phrases;
  auto add_entry = [&](Entry e, std::string_view file, std::size_t line) -> Status {
    e.words = phrase_words(e.phrase);
    if (e.words.empty()) return data_error(file, line, "empty phrase");
    std::string key;
    for (const auto& w : e.words) key += w + " ";
    if (!phrases.insert(key).second) {
      return data_error(file, line, "duplicate phrase '" + e.phrase + "'");
    }
    kb->by_first_[e.words.front()].push_back(kb->entries_.size());
    kb->entries_.push_back(std::move(e));
    return ok();
  };

  for (const Line& l : data_lines(places_tsv)) {
    if (l.cols.size() != 3) return data_error("places.tsv", l.number, "expected 3 columns");
    auto it = kb->code_index_.find(std::string(l.cols[1]));
    if (it == kb->code_index_.end()) {
      return data_error("places.tsv", l.number, "unknown country code " + std::string(l.cols[1]));
    }
    auto kind = pick<PlaceKind>(l.cols[2], kPlaceKinds);
    if (!kind) return data_error("places.tsv", l.number, "unknown kind " + std::string(l.cols[2]));
    Entry e;
    e.phrase = std::string(l.cols[0]);
    e.family = Family::kPlace;
    e.value = it->second;
    e.extra = static_cast<std::uint8_t>(*kind);
    e.need_upper_first = true;
    if (auto s = add_entry(std::move(e), "places.tsv", l.number); !s)
      return tl::unexpected(s.error());
  }

  for (const Line& l : data_lines(lexicon_tsv)) {
    if (l.cols.size() != 4) return data_error("lexicon.tsv", l.number, "expected 4 columns");
    std::string_view phrase = l.cols[0], fam = l.cols[1], value = l.cols[2], extra = l.cols[3];
    if (fam == "blocker") {
      auto action = parse_action(extra);
      if (!action || (value != "next" && value != "prev")) {
        return data_error("lexicon.tsv", l.number, "blocker needs next|prev and an action");
      }
      std::string key = std::string(phrase) + "\t" + std::string(value);
      kb->blockers_[key] |= 1u << static_cast<int>(*action);
      continue;
    }
    const FamilyName* f = std::find_if(std::begin(kFamilies), std::end(kFamilies),
                                       [&](const FamilyName& n) { return n.name == fam; });
    if (f == std::end(kFamilies)) {
      return data_error("lexicon.tsv", l.number, "unknown family " + std::string(fam));
    }
    Entry e;
    e.phrase = std::string(phrase);
    e.family = f->family;
    switch (f->family) {
      case Family::kTrigger: {
        auto a = parse_action(value);
        auto form = pick<Form>(extra, kForms);
        if (!a || !form) return data_error("lexicon.tsv", l.number, "bad trigger action or form");
        e.value = static_cast<std::uint16_t>(*a);
        e.extra = static_cast<std::uint8_t>(*form);
        break;
      }
      case Family::kMission: {
        auto k = parse_mission_kind(value);
        if (!k || (extra != "strong" && extra != "person")) {
          return data_error("lexicon.tsv", l.number, "bad mission kind or strength");
        }
        e.value = static_cast<std::uint16_t>(*k);
        e.extra = extra == "person";
        break;
      }
      case Family::kStatus: {
        auto c = pick<StatusCue>(value, kCues);
        if (!c || (extra != "local" && extra != "clause")) {
          return data_error("lexicon.tsv", l.number, "bad status cue or scope");
        }
        e.value = static_cast<std::uint16_t>(*c);
        e.extra = extra == "clause";
        break;
      }
      case Family::kPrep: {
        auto r = pick<PrepRole>(value, kPreps);
        if (!r) return data_error("lexicon.tsv", l.number, "bad preposition role");
        e.value = static_cast<std::uint16_t>(*r);
        break;
      }
      case Family::kDprk: {
        auto it = kb->code_index_.find(std::string(value));
        if (it == kb->code_index_.end()) {
          return data_error("lexicon.tsv", l.number, "unknown country code " + std::string(value));
        }
        e.value = it->second;
        e.need_upper_last = extra == "caps";
        break;
      }
      default: break;
    }
    if (auto s = add_entry(std::move(e), "lexicon.tsv", l.number); !s)
      return tl::unexpected(s.error());
  }

  for (const Line& l : data_lines(missions_tsv)) {
    if (l.cols.size() != 6) return data_error("missions.tsv", l.number, "expected 6 columns");
    auto d = parse_direction(l.cols[0]);
    if (!d) return data_error("missions.tsv", l.number, "unknown direction");
    if (!kb->is_known_code(l.cols[1])) {
      return data_error("missions.tsv", l.number, "unknown country code " + std::string(l.cols[1]));
    }
    kb->missions_.push_back({*d, std::string(l.cols[1]), std::string(l.cols[2]),
                             std::string(l.cols[4]), std::string(l.cols[5])});
  }
  return std::shared_ptr<const KnowledgeBase>(std::move(kb));
}

Result<std::shared_ptr<const KnowledgeBase>> KnowledgeBase::load_embedded() {
  return load(embedded_data_file("countries.tsv"), embedded_data_file("places.tsv"),
              embedded_data_file("lexicon.tsv"), embedded_data_file("missions.tsv"));
}

Match KnowledgeBase::match(const std::vector<text::Token>& tokens, std::size_t i,
                           std::size_t end) const {
  Match best;
  auto it = by_first_.find(std::string(tokens[i].norm));
  if (it == by_first_.end()) return best;
  for (std::size_t idx : it->second) {
    const Entry& e = entries_[idx];
    std::size_t n = e.words.size();
    if (n <= best.length || i + n > end) continue;
    bool ok = true;
    for (std::size_t k = 1; k < n && ok; ++k) {
      ok = tokens[i + k].norm == e.words[k] &&
           // A phrase does not run across a line break ("Spain\nAngola" is two places).
           tokens[i + k].newlines == 0;
    }
    if (!ok) continue;
    if (e.need_upper_first && !tokens[i].upper) continue;
    if (e.need_upper_last && !tokens[i + n - 1].upper) continue;
    best = {&e, n};
  }
  return best;
}

bool KnowledgeBase::blocked_by_next(Action a, std::string_view word) const {
  auto it = blockers_.find(std::string(word) + "\tnext");
  return it != blockers_.end() && (it->second >> static_cast<int>(a) & 1u);
}

bool KnowledgeBase::blocked_by_prev(Action a, std::string_view word) const {
  auto it = blockers_.find(std::string(word) + "\tprev");
  return it != blockers_.end() && (it->second >> static_cast<int>(a) & 1u);
}

bool KnowledgeBase::is_known_code(std::string_view code) const {
  return code_index_.count(std::string(code)) > 0;
}

std::vector<const MissionRecord*> KnowledgeBase::missions(Direction d,
                                                          std::string_view country) const {
  std::vector<const MissionRecord*> out;
  for (const auto& m : missions_) {
    if (m.direction == d && m.country == country) out.push_back(&m);
  }
  return out;
}

std::string KnowledgeBase::mission_city(Direction d, std::string_view country) const {
  for (const auto& m : missions_) {
    if (m.direction == d && m.country == country) return m.city;
  }
  return "";
}

}  // namespace mw::kb
