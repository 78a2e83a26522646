#include "classifiers/sentence_analysis.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace mw::detail {
namespace {

using kb::Family;
using text::Token;
using text::TokenKind;

struct Item {
  std::size_t first, last;
  const kb::Entry* entry;
};

int to_int(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return (ec == std::errc() && p == s.data() + s.size()) ? v : -1;
}

bool is_kp(const kb::KnowledgeBase& kb, const kb::Entry* e) {
  return (e->family == Family::kPlace || e->family == Family::kDprk) && kb.code(e->value) == "KP";
}

// Words that join the members of a place list.
bool is_connector(const Token& t) {
  return t.norm == "," || t.norm == "and" || t.norm == "or" || t.norm == "the" || t.norm == "as" ||
         t.norm == "well" || t.norm == "plus" || t.norm == "&" || t.norm == "also";
}

}  // namespace

int month_number(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kFull = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  static constexpr std::array<std::string_view, 12> kShort = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (w == kFull[i] || w == kShort[i]) return i + 1;
  }
  return w == "sept" ? 9 : 0;
}

SentenceInfo analyse_sentence(const text::TokenizedText& t, const text::SentenceSpan& span,
                              const kb::KnowledgeBase& kb) {
  const auto& tk = t.tokens;
  SentenceInfo s;
  s.first = span.first;
  s.last = span.last;
  const std::size_t n = span.last - span.first;

  // 1. Longest-match items.
  std::vector<Item> items;
  std::vector<int> item_ending_at(n + 1, -1);  // index of the item whose last token is i-1
  for (std::size_t i = span.first; i < span.last;) {
    kb::Match m = kb.match(tk, i, span.last);
    if (!m.entry) {
      ++i;
      continue;
    }
    std::size_t len = m.length;
    // "the North Korean ambassador": "the North" followed by Korea/Korean is one mention.
    if (m.entry->family == Family::kDprk && i + len < span.last &&
        (tk[i + len].norm == "korea" || tk[i + len].norm == "korean")) {
      ++len;
    }
    item_ending_at[i + len - span.first] = static_cast<int>(items.size());
    items.push_back({i, i + len, m.entry});
    i += len;
  }

  // 2. Place lists ("Angola, Hong Kong, Nepal ... and Guinea") and mentions of North Korea.
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Item& it = items[k];
    if (it.entry->family == Family::kDprk ||
        (it.entry->family == Family::kPlace && is_kp(kb, it.entry))) {
      DprkMark d;
      d.first = it.first;
      d.last = it.last;
      d.is_chongjin = it.entry->phrase == "Chongjin";
      s.dprk.push_back(d);
      continue;
    }
    if (it.entry->family != Family::kPlace) continue;
    Group g;
    g.first = it.first;
    auto add_place = [&](const Item& p) {
      auto kind = static_cast<kb::PlaceKind>(p.entry->extra);
      g.places.push_back({p.entry->value,
                          kind == kb::PlaceKind::kCapital || kind == kb::PlaceKind::kCity,
                          kind == kb::PlaceKind::kDemonym, p.first, p.last});
      g.last = p.last;
    };
    add_place(it);
    while (k + 1 < items.size()) {
      const Item& nx = items[k + 1];
      if (nx.entry->family != Family::kPlace || is_kp(kb, nx.entry)) break;
      std::size_t gap = nx.first - g.last;
      bool joins = gap <= 4;
      bool has_joiner = gap == 0 ? false : true;
      for (std::size_t j = g.last; j < nx.first && joins; ++j) joins = is_connector(tk[j]);
      if (!joins || !has_joiner) break;
      // Demonyms do not join lists of countries ("Spain and Swedish diplomats").
      if (static_cast<kb::PlaceKind>(nx.entry->extra) == kb::PlaceKind::kDemonym) break;
      add_place(nx);
      ++k;
    }
    s.groups.push_back(std::move(g));
  }

  // 3. Clause segments: boundaries at ; : ( ) spaced dashes, boundary words, and commas that
  // are not inside a place list.
  s.seg_of.assign(n, 0);
  std::vector<bool> in_group(n, false);
  for (const Group& g : s.groups) {
    for (std::size_t i = g.first; i < g.last; ++i) in_group[i - span.first] = true;
  }
  std::vector<bool> boundary_word(n, false);
  for (const Item& it : items) {
    if (it.entry->family == Family::kBoundary && !in_group[it.first - span.first]) {
      boundary_word[it.first - span.first] = true;
    }
  }
  int seg = 0;
  std::size_t last_boundary = ~std::size_t{0};
  for (std::size_t i = span.first; i < span.last; ++i) {
    const Token& x = tk[i];
    bool boundary = boundary_word[i - span.first];
    if (x.kind == TokenKind::kPunct && !in_group[i - span.first]) {
      if (x.norm == "," || x.norm == ";" || x.norm == ":" || x.norm == "(" || x.norm == ")" ||
          x.norm == "[" || x.norm == "]") {
        boundary = true;
      } else if (x.norm == "-" && i > span.first && tk[i - 1].end != x.begin) {
        boundary = true;  // a spaced dash, not a hyphen
      }
    }
    // ", which" or ", but" starts one clause, not two.
    if (boundary && !(i > span.first && last_boundary == i - 1)) ++seg;
    if (boundary) last_boundary = i;
    s.seg_of[i - span.first] = seg;
  }
  s.segments = seg + 1;

  // 4. Triggers, mission nouns and cues.
  for (const Item& it : items) {
    int sg = s.seg(it.first);
    switch (it.entry->family) {
      case Family::kTrigger: {
        Trigger tr;
        tr.first = it.first;
        tr.last = it.last;
        tr.action = static_cast<Action>(it.entry->value);
        tr.form = static_cast<kb::Form>(it.entry->extra);
        tr.entry = it.entry;
        tr.seg = sg;
        // Blockers concern the ambiguous words themselves ("close ties", "an open letter",
        // "in return"), not phrases such as "a farewell visit".
        std::string_view word = tk[it.first].norm;
        bool ambiguous = it.last == it.first + 1 &&
                         (word.substr(0, 4) == "clos" || word.substr(0, 4) == "open" ||
                          word.substr(0, 6) == "return" || word.substr(0, 6) == "reopen");
        if (ambiguous) {
          if (it.last < span.last && kb.blocked_by_next(tr.action, tk[it.last].norm)) break;
          if (it.last + 1 < span.last &&
              kb.blocked_by_next(tr.action, std::string(tk[it.last].norm) + " " +
                                                std::string(tk[it.last + 1].norm))) {
            break;
          }
          if (it.first > span.first && kb.blocked_by_prev(tr.action, tk[it.first - 1].norm)) break;
        }
        if (tr.form == kb::Form::kPast && it.first > span.first) {
          // "the closed embassies", "its shuttered mission": an adjective, not a change.
          std::string_view p = tk[it.first - 1].norm;
          if (p == "the" || p == "its" || p == "their" || p == "a" || p == "an" || p == "these" ||
              p == "those" || p == "'s") {
            break;
          }
        }
        if (tr.form == kb::Form::kProg && it.first > span.first) {
          std::string_view p = tk[it.first - 1].norm;
          if (p == "the" || p == "its" || p == "their" || p == "a" || p == "'s" || p == "this") {
            tr.form = kb::Form::kNoun;  // "the closing of", "its opening"
          }
        }
        s.triggers.push_back(tr);
        break;
      }
      case Family::kMission:
        s.missions.push_back({it.first, it.last, static_cast<MissionKind>(it.entry->value),
                              it.entry->extra == 1, sg});
        break;
      case Family::kStatus:
      case Family::kNegation:
      case Family::kBackref:
      case Family::kPronoun:
      case Family::kSweep:
      case Family::kRecent:
      case Family::kTemporary: s.cues.push_back({it.first, it.last, it.entry, sg}); break;
      default: break;
    }
  }

  // 5. Roles of place lists and of mentions of North Korea.
  const MissionNoun* linked_noun = nullptr;  // set by mission_within
  auto mission_within = [&](std::size_t from, std::size_t max_gap) {
    for (const MissionNoun& m : s.missions) {
      if (m.first >= from && m.first <= from + max_gap) {
        linked_noun = &m;
        return true;
      }
    }
    return false;
  };
  auto role_of = [&](std::size_t first, std::size_t last, bool demonym, bool& linked,
                     bool& by_prep) {
    linked = false;
    by_prep = false;
    linked_noun = nullptr;
    int sg = s.seg(first);
    if (last < span.last && (tk[last].norm == "'s" || tk[last].norm == "'")) {
      linked = mission_within(last + 1, 3);
      return Role::kOwner;
    }
    if (demonym && mission_within(last, 3)) {
      linked = true;
      return Role::kOwner;
    }
    std::size_t steps = 0;
    for (std::size_t k = first; k > span.first && steps < 6; ++steps) {
      --k;
      if (s.seg(k) != sg) break;
      int idx = item_ending_at[k + 1 - span.first];
      if (idx < 0) continue;
      const Item& it = items[idx];
      if (it.entry->family == Family::kPrep) {
        auto r = static_cast<kb::PrepRole>(it.entry->value);
        if (r == kb::PrepRole::kLocation) return Role::kLocation;
        if (r == kb::PrepRole::kOwner) {
          by_prep = tk[it.first].norm == "by";
          if (by_prep) return Role::kOwner;
          // "the embassy of Sweden" names an owner; "the district of Madrid" a place.
          std::size_t b = it.first;
          if (b > span.first && tk[b - 1].norm == "the") --b;
          for (const MissionNoun& m : s.missions) {
            if (m.last == b) linked_noun = &m;
          }
          if (linked_noun) {
            linked = true;
            return Role::kOwner;
          }
          return Role::kLocation;
        }
        return Role::kOther;
      }
      if (it.entry->family == Family::kTrigger) return Role::kObject;
      if (it.entry->family == Family::kPlace || it.entry->family == Family::kDprk) break;
      k = it.first;  // skip the rest of a multi-word item
    }
    for (const Trigger& tr : s.triggers) {
      if (tr.seg == sg && tr.first < first) return Role::kObject;
    }
    return Role::kSubject;
  };
  std::vector<int> item_starting_at(n, -1);
  for (std::size_t k = 0; k < items.size(); ++k)
    item_starting_at[items[k].first - span.first] = static_cast<int>(k);
  for (Group& g : s.groups) {
    g.seg = s.seg(g.first);
    g.role = role_of(g.first, g.last, g.places.back().is_demonym, g.linked_to_mission, g.by_prep);
    g.linked_to_person = g.linked_to_mission && linked_noun && linked_noun->person;
    // "the Hanoi summit", "the Beijing government": a place used as a modifier names no place.
    if (g.places.size() == 1 && g.first > span.first + 1 && tk[g.first - 1].norm == "the" &&
        item_ending_at[g.first - 1 - span.first] >= 0 &&
        items[item_ending_at[g.first - 1 - span.first]].entry->family == Family::kPrep &&
        g.last < span.last && tk[g.last].kind == TokenKind::kWord && !tk[g.last].upper &&
        tk[g.last].norm != "and" && tk[g.last].norm != "or") {
      int idx = item_starting_at[g.last - span.first];
      bool plain_word = idx < 0 || items[idx].entry->family == Family::kSweep;
      if (plain_word) g.role = Role::kOther;
    }
    if (g.places.size() == 1 && g.places[0].is_demonym && !g.linked_to_mission &&
        g.role != Role::kOwner) {
      g.role = Role::kOther;  // "Spanish authorities": a demonym names no place
    }
  }
  for (DprkMark& d : s.dprk) {
    d.seg = s.seg(d.first);
    bool linked = false, by = false;
    bool demonym = tk[d.last - 1].norm == "korean";
    d.role = role_of(d.first, d.last, demonym, linked, by);
    if (demonym && d.role != Role::kOwner) d.role = Role::kOwner;  // "North Korean officials"
  }

  // 6. Dates: years, decades, "2 November 2023", "November 2, 2023", "October 25".
  for (std::size_t i = span.first; i < span.last; ++i) {
    const Token& x = tk[i];
    TimeExpr te;
    te.first = te.last = i;
    if (x.kind == TokenKind::kNumber && x.norm.size() == 4) {
      int y = to_int(x.norm);
      if (y < 1900 || y > 2100) continue;
      te.date.year = y;
      te.last = i + 1;
      if (i + 1 < span.last && tk[i + 1].norm == "'s" && tk[i + 1].begin == x.end && y % 10 == 0) {
        te.decade = true;
        te.last = i + 2;
      }
      // Month (and day) before the year.
      if (i >= span.first + 1 && month_number(tk[i - 1].norm)) {
        te.date.month = month_number(tk[i - 1].norm);
        te.first = i - 1;
        if (i >= span.first + 2 && tk[i - 2].kind == TokenKind::kNumber) {
          int d = to_int(tk[i - 2].norm);
          if (d >= 1 && d <= 31) {
            te.date.day = d;
            te.first = i - 2;
          }
        }
      } else if (i >= span.first + 3 && tk[i - 1].norm == "," &&
                 tk[i - 2].kind == TokenKind::kNumber && month_number(tk[i - 3].norm)) {
        int d = to_int(tk[i - 2].norm);
        if (d >= 1 && d <= 31) {
          te.date.month = month_number(tk[i - 3].norm);
          te.date.day = d;
          te.first = i - 3;
        }
      }
    } else if (x.kind == TokenKind::kWord && x.norm.size() == 5 && x.norm[4] == 's') {
      int y = to_int(x.norm.substr(0, 4));
      if (y < 1900 || y > 2090 || y % 10 != 0) continue;
      te.date.year = y;
      te.decade = true;
      te.last = i + 1;
    } else if ((x.norm == "decades" ||
                (x.norm == "years" && i + 1 < span.last && tk[i + 1].norm == "ago")) &&
               i > span.first &&
               (tk[i - 1].kind == TokenKind::kNumber || tk[i - 1].norm == "two" ||
                tk[i - 1].norm == "three" || tk[i - 1].norm == "four" || tk[i - 1].norm == "five" ||
                tk[i - 1].norm == "several" || tk[i - 1].norm == "many")) {
      // "three decades after", "decades ago", "five years ago": long before publication.
      if (x.norm == "years" && tk[i - 1].kind == TokenKind::kNumber && to_int(tk[i - 1].norm) < 3) {
        continue;
      }
      te.first = i - 1;
      te.last = i + 1;
      te.long_ago = true;
    } else if (month_number(x.norm) && x.upper && i + 1 < span.last &&
               tk[i + 1].kind == TokenKind::kNumber && tk[i + 1].norm.size() <= 2 &&
               !(i + 3 < span.last && tk[i + 2].norm == "," && tk[i + 3].norm.size() == 4)) {
      int d = to_int(tk[i + 1].norm);
      if (d < 1 || d > 31 || (i + 2 < span.last && tk[i + 2].kind == TokenKind::kNumber)) continue;
      te.date.month = month_number(x.norm);
      te.date.day = d;
      te.last = i + 2;
    } else {
      continue;
    }
    // "May" is also a modal verb: only a capitalised May followed by a number counts (above).
    for (std::size_t k = te.first; k > span.first && k + 3 > te.first; --k) {
      std::string_view w = tk[k - 1].norm;
      if (w == "since" || w == "until" || w == "till" || w == "through") te.since = true;
    }
    te.seg = s.seg(te.first);
    s.times.push_back(te);
  }
  return s;
}

}  // namespace mw::detail
