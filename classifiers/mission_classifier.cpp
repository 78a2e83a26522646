#include "classifiers/mission_classifier.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "classifiers/knowledge.h"
#include "classifiers/sentence_analysis.h"
#include "classifiers/text.h"

namespace mw {
namespace {

using detail::Cue;
using detail::DprkMark;
using detail::Group;
using detail::Role;
using detail::SentenceInfo;
using detail::Trigger;
using kb::Family;
using kb::Form;
using kb::StatusCue;

struct Memory {
  std::vector<detail::Place> last_places;    // for "there", "these countries"
  std::vector<detail::Place> last_subjects;  // for "their embassies in Pyongyang"
};

struct Context {
  const kb::KnowledgeBase& kb;
  const ClassifierOptions& opt;
  int ref_year = 0;  // publication year, else the latest year in the text, else 0
  bool mentions_dprk = false;
};

struct Candidate {
  EventMention m;
  std::size_t order = 0;
};

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

std::string_view first_word(const kb::Entry* e) {
  return e->words.front();
}

bool is_status(const Cue& c, StatusCue v) {
  return c.entry->family == Family::kStatus && static_cast<StatusCue>(c.entry->value) == v;
}

// The status of a trigger from negation, dates, modality, attribution and tense, in that order
// of precedence (a denial beats everything; an old date makes a change historical).
EventStatus status_of(const Context& cx, const text::TokenizedText& t, const SentenceInfo& s,
                      const Trigger& tr, std::string& effective_date) {
  const auto& tk = t.tokens;
  std::size_t seg_start = tr.first;
  while (seg_start > s.first && s.seg(seg_start - 1) == tr.seg) --seg_start;
  std::size_t window_start = std::max(seg_start, tr.first >= 6 ? tr.first - 6 : 0);
  for (const Trigger& o : s.triggers) {
    if (o.last <= tr.first && o.last > window_start && o.seg == tr.seg) window_start = o.last;
  }

  // Denial: a denial word earlier in the sentence or in this clause; a negation right before.
  for (const Cue& c : s.cues) {
    if (is_status(c, StatusCue::kDenied) && (c.seg == tr.seg || c.first < tr.first)) {
      return EventStatus::kDenied;
    }
    if (c.entry->family == Family::kNegation && c.first >= window_start && c.first < tr.first &&
        tr.first - c.last <= 3) {
      return EventStatus::kDenied;
    }
  }

  // Dates: the nearest in this clause, else in a clause of the sentence that has no trigger.
  const detail::TimeExpr* when = nullptr;
  std::size_t best = ~std::size_t{0};
  auto consider = [&](const detail::TimeExpr& te) {
    std::size_t d =
        te.first >= tr.last ? te.first - tr.last : tr.first - std::min(tr.first, te.last);
    if (d < best) {
      best = d;
      when = &te;
    }
  };
  // A date closer to another trigger of the clause belongs to that one ("went back to reopen
  // the office that was closed in 2020").
  auto dist = [](const Trigger& x, const detail::TimeExpr& te) {
    return te.first >= x.last ? te.first - x.last : x.first - std::min(x.first, te.last);
  };
  for (const auto& te : s.times) {
    if (te.since || te.seg != tr.seg) continue;
    bool other_closer = std::any_of(s.triggers.begin(), s.triggers.end(), [&](const Trigger& o) {
      return &o != &tr && o.seg == tr.seg && dist(o, te) < dist(tr, te);
    });
    if (!other_closer) consider(te);
  }
  if (!when) {
    for (const auto& te : s.times) {
      bool seg_has_trigger = std::any_of(s.triggers.begin(), s.triggers.end(),
                                         [&](const Trigger& o) { return o.seg == te.seg; });
      if (te.long_ago && !(te.seg + 1 == tr.seg && te.last < s.last && s.seg(te.last) == tr.seg)) {
        continue;  // "three decades | after the mission closed" dates only the clause it opens
      }
      if (!te.since && !seg_has_trigger) consider(te);
    }
  }
  if (when && when->long_ago) return EventStatus::kHistorical;
  if (when) {
    PartialDate d = when->date;
    if (d.year == 0 && cx.ref_year) d.year = cx.ref_year;
    if (!when->decade && d.year) effective_date = d.to_string();
    int y = when->date.year;
    if (y) {
      int latest = when->decade ? y + 9 : y;
      bool historical =
          cx.ref_year ? latest <= cx.ref_year - cx.opt.historical_years : latest < 2000;
      if (historical) return EventStatus::kHistorical;
    }
  }

  // Modality and announcement words just before the trigger, nearest first.
  bool said_seen = false;
  for (std::size_t k = tr.first; k > window_start;) {
    --k;
    const Cue* c = nullptr;
    for (const Cue& x : s.cues) {
      if (x.last == k + 1) c = &x;
    }
    if (!c || c->entry->family != Family::kStatus) {
      if (c && c->entry->family == Family::kRecent) return EventStatus::kCompleted;
      if (c) k = c->first;
      continue;
    }
    k = c->first;
    switch (static_cast<StatusCue>(c->entry->value)) {
      case StatusCue::kPlanned: {
        // "May 2017" is a date, not a modal verb.
        if (tk[c->first].upper && c->last < s.last &&
            tk[c->last].kind == text::TokenKind::kNumber) {
          continue;
        }
        for (const Cue& x : s.cues) {
          if (x.seg == tr.seg && x.last <= c->first &&
              (is_status(x, StatusCue::kSaid) || is_status(x, StatusCue::kAnnounced))) {
            return EventStatus::kAnnounced;  // "said it would close"
          }
        }
        return EventStatus::kPlanned;
      }
      case StatusCue::kAnnounced: return EventStatus::kAnnounced;
      case StatusCue::kCompleted: return EventStatus::kCompleted;
      case StatusCue::kSaid: said_seen = true; break;
      default: break;
    }
  }
  if (tr.form == Form::kNoun) {
    // "the closures were announced", "a closure is planned"
    for (const Cue& c : s.cues) {
      if (c.seg == tr.seg && c.first >= tr.last && c.first <= tr.last + 3) {
        if (is_status(c, StatusCue::kAnnounced)) return EventStatus::kAnnounced;
        if (is_status(c, StatusCue::kPlanned)) return EventStatus::kPlanned;
      }
    }
  }

  // Attribution: "reportedly", "according to media reports".
  for (const Cue& c : s.cues) {
    if (is_status(c, StatusCue::kReported) &&
        (c.seg == tr.seg || c.first < tr.first || c.entry->phrase == "according to")) {
      return EventStatus::kReported;
    }
  }

  switch (tr.form) {
    case Form::kPast:
    case Form::k3sg:
    case Form::kNoun: return EventStatus::kCompleted;
    case Form::kProg: {
      // "is closing", "said it is closing" → announced; a bare participle ("..., closing the
      // mission") or a headline ("North Korea closing embassies") reports what happened.
      std::string_view aux = tr.first > s.first ? tk[tr.first - 1].norm : "";
      bool progressive = aux == "is" || aux == "are" || aux == "was" || aux == "were" ||
                         aux == "be" || aux == "been" || aux == "am" || aux == "'s";
      return progressive || said_seen ? EventStatus::kAnnounced : EventStatus::kCompleted;
    }
    case Form::kBase:
      if (tr.first > s.first && tk[tr.first - 1].norm == "to") return EventStatus::kPlanned;
      return said_seen ? EventStatus::kAnnounced : EventStatus::kCompleted;
  }
  return EventStatus::kCompleted;
}

std::string slice(std::string_view text, const text::TokenizedText& t, std::size_t first,
                  std::size_t last) {
  return std::string(
      text.substr(t.tokens[first].begin, t.tokens[last - 1].end - t.tokens[first].begin));
}

class SentenceRules {
 public:
  SentenceRules(const Context& cx, const text::TokenizedText& t, std::string_view text,
                const SentenceInfo& s, Memory& mem, bool in_title, std::vector<Candidate>& out)
      : cx_(cx), t_(t), text_(text), s_(s), mem_(mem), in_title_(in_title), out_(out) {}

  void run() {
    for (const Trigger& tr : s_.triggers) apply(tr);
    // Remember the last places and subjects for references in later sentences.
    for (const Group& g : s_.groups) {
      if (g.places.size() == 1 && g.places[0].is_demonym) continue;
      mem_.last_places = g.places;
      if (g.role == Role::kSubject) mem_.last_subjects = g.places;
    }
  }

 private:
  bool in_seg(const Cue& c, int seg) const { return c.seg == seg; }

  const Trigger* nearest_trigger(const Group& g) const {
    const Trigger* best = nullptr;
    std::size_t bd = ~std::size_t{0};
    for (const Trigger& tr : s_.triggers) {
      if (tr.seg != g.seg) continue;
      std::size_t d = g.first >= tr.last ? g.first - tr.last : (tr.first - g.last) * 2 + 1;
      if (d < bd) {
        bd = d;
        best = &tr;
      }
    }
    return best;
  }

  bool seg_has_trigger(int seg) const {
    return std::any_of(s_.triggers.begin(), s_.triggers.end(),
                       [&](const Trigger& o) { return o.seg == seg; });
  }

  // The clauses a trigger may take its places from: its own, or, when its own names no place
  // ("..., closing the mission"), the neighbouring clauses that have no trigger of their own.
  std::vector<int> scope_of(const Trigger& tr) const {
    std::vector<int> scope{tr.seg};
    bool own_places =
        std::any_of(s_.groups.begin(), s_.groups.end(),
                    [&](const Group& g) { return g.seg == tr.seg; }) ||
        std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
          return d.seg == tr.seg && (d.role == Role::kLocation || d.role == Role::kObject);
        });
    if (own_places) return scope;
    for (int nb : {tr.seg - 1, tr.seg + 1}) {
      if (nb >= 0 && nb < s_.segments && !seg_has_trigger(nb)) scope.push_back(nb);
    }
    // "Sweden's embassy in Pyongyang, which closed in 2021, reopened": skip the relative clause.
    if (tr.seg >= 2 && seg_has_trigger(tr.seg - 1) && !seg_has_trigger(tr.seg - 2)) {
      std::size_t k = s_.first;
      while (k < s_.last && s_.seg(k) != tr.seg - 1) ++k;
      if (k < s_.last && (t_.tokens[k].norm == "which" || t_.tokens[k].norm == "who" ||
                          (k + 1 < s_.last &&
                           (t_.tokens[k + 1].norm == "which" || t_.tokens[k + 1].norm == "who")))) {
        scope.push_back(tr.seg - 2);
      }
    }
    return scope;
  }

  void apply(const Trigger& tr) {
    const int seg = tr.seg;
    const std::vector<int> scope = scope_of(tr);
    auto in_scope = [&](int sg) {
      return std::find(scope.begin(), scope.end(), sg) != scope.end();
    };
    bool strong_seg = false, person_seg = false, strong_sent = false;
    const detail::MissionNoun* noun = nullptr;
    std::size_t noun_dist = ~std::size_t{0};
    for (const auto& m : s_.missions) {
      if (!m.person) strong_sent = true;
      if (!in_scope(m.seg)) continue;
      (m.person ? person_seg : strong_seg) = true;
      std::size_t d = m.first >= tr.last ? m.first - tr.last : tr.first - m.last;
      if (!m.person) d /= 2;  // prefer "embassy" over "ambassador" for the kind
      if (d < noun_dist) {
        noun_dist = d;
        noun = &m;
      }
    }
    std::string_view w = first_word(tr.entry);
    bool expel = starts_with(w, "expel") || w == "persona" || starts_with(w, "kick");
    bool recall = starts_with(w, "recall");
    bool withdraw = starts_with(w, "withdr") || starts_with(w, "pull");
    bool back = starts_with(w, "return") || w == "went" || w == "gone" || w == "go" ||
                w == "goes" || w == "going" || w == "came" || w == "come";
    bool leave = w == "left" || starts_with(w, "leav") || w == "departed";
    bool farewell = w == "farewell" || w == "bid" || w == "bade";
    // "in Pyongyang", "to Pyongyang", "left Pyongyang"
    bool dprk_loc = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
      return in_scope(d.seg) && (d.role == Role::kLocation || d.role == Role::kObject);
    });
    // The noun a verb acts on: "withdrew its diplomats", "recalled its ambassador".
    const detail::MissionNoun* object = nullptr;
    for (const auto& m : s_.missions) {
      if (m.seg == seg && m.first >= tr.last && m.first <= tr.last + 4) {
        object = &m;
        break;
      }
    }

    Action action = tr.action;
    if (withdraw && person_seg && (!strong_seg || (object && object->person))) {
      const auto* who = object && object->person ? object : noun;
      action = who && who->kind == MissionKind::kEmbassy ? Action::kDowngrade : Action::kSuspend;
    }
    for (const Cue& c : s_.cues) {
      if (c.entry->family == Family::kTemporary && c.first + 4 >= tr.first &&
          c.first <= tr.last + 2 && action == Action::kClose) {
        action = Action::kSuspend;
      }
    }

    // Does the clause talk about a diplomatic mission at all?
    bool supported;
    if (expel || recall || farewell)
      supported = person_seg;
    else if (leave) {
      // "left Pyongyang", "leave North Korea": the place follows the verb.
      bool leaves_dprk = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
        return d.first >= tr.last && d.first <= tr.last + 2 && d.role != Role::kOwner;
      });
      supported = (person_seg || strong_seg) && leaves_dprk;
    } else if (back)
      supported = person_seg || strong_seg;
    else if (action == Action::kRelocate)
      supported = strong_seg;
    else if (tr.form == Form::kNoun)
      supported = strong_seg || strong_sent;
    else
      supported = strong_seg ||
                  (person_seg && (action == Action::kSuspend || action == Action::kDowngrade));
    bool dprk_subject = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
      return in_scope(d.seg) && (d.role == Role::kOwner || d.role == Role::kSubject) &&
             d.last <= tr.first;
    });
    if (!supported && withdraw && dprk_subject) {
      // "the North has pulled out of Angola, Uganda ...": leaving a country is closing there.
      supported = std::any_of(s_.groups.begin(), s_.groups.end(), [&](const Group& g) {
        return g.seg == seg && g.role == Role::kObject && g.first >= tr.last;
      });
    }
    if (!supported) return;
    double strength = strong_seg ? 0.15 : person_seg ? 0.08 : 0.0;

    std::vector<const Group*> locs, owners, subjects;
    for (const Group& g : s_.groups) {
      if (!in_scope(g.seg)) continue;
      if (g.role == Role::kLocation || g.role == Role::kObject) {
        if (g.seg != seg || nearest_trigger(g) == &tr) locs.push_back(&g);
      } else if (g.role == Role::kOwner) {
        owners.push_back(&g);
      } else if (g.role == Role::kSubject) {
        subjects.push_back(&g);
      }
    }
    bool dprk_owner = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
      return in_scope(d.seg) && (d.role == Role::kOwner || d.role == Role::kSubject);
    });
    bool dprk_in_seg = std::any_of(s_.dprk.begin(), s_.dprk.end(),
                                   [&](const DprkMark& d) { return in_scope(d.seg); });
    bool chongjin = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
      return in_scope(d.seg) && d.is_chongjin;
    });
    bool has_backref = false, has_their = false, sweeping = false;
    for (const Cue& c : s_.cues) {
      if (!in_seg(c, seg)) continue;
      if (c.entry->family == Family::kBackref) has_backref = true;
      if (c.entry->family == Family::kPronoun) has_their = true;
      if (c.entry->family == Family::kSweep) {
        // "all its embassies", "every mission": a sweeping claim, not "all of its staff".
        sweeping =
            sweeping ||
            std::any_of(s_.missions.begin(), s_.missions.end(), [&](const detail::MissionNoun& m) {
              return !m.person && m.first > c.first && m.first <= c.last + 3;
            });
      }
    }

    std::string date;
    EventStatus status = status_of(cx_, t_, s_, tr, date);
    MissionKind kind = noun ? noun->kind : MissionKind::kMission;
    double base = 0.6 + strength + (s_.dprk.empty() ? 0.0 : 0.1);

    auto emit = [&](Direction dir, const std::vector<detail::Place>& places,
                    double explicit_bonus) {
      double list_bonus = places.size() <= 12 ? 0.05 : 0.0;
      for (const auto& p : places) {
        if (p.is_demonym && dir == Direction::kDprkAbroad) continue;
        const std::string& code = cx_.kb.code(p.code);
        if (code == "KP" || code == "KR") continue;  // no such missions
        Candidate c;
        c.m.direction = dir;
        c.m.country = code;
        c.m.action = action;
        c.m.status = status;
        c.m.mission_kind = kind;
        c.m.effective_date = date;
        if (dir == Direction::kForeignInDprk) {
          c.m.city = chongjin ? "Chongjin" : "Pyongyang";
        } else if (p.is_city) {
          c.m.city = slice(text_, t_, p.first, p.last);
        } else {
          c.m.city = cx_.kb.mission_city(dir, code);
        }
        double conf = std::min(0.97, base + explicit_bonus + list_bonus);
        if (sweeping) conf *= 0.5;  // "closing all its embassies": implausible as stated
        if (cx_.opt.use_prior) {
          auto recs = cx_.kb.missions(dir, code);
          if (recs.empty()) {
            conf *= cx_.opt.unknown_mission_factor;
          } else if (action == Action::kOpen &&
                     std::all_of(recs.begin(), recs.end(),
                                 [](const kb::MissionRecord* r) { return r->status == "open"; })) {
            conf *= 0.85;  // opening what is already open: probably a misreading
          }
        }
        c.m.confidence = std::round(conf * 100) / 100;
        const auto& tk = t_.tokens;
        c.m.evidence.start = tk[s_.first].begin;
        c.m.evidence.end = tk[s_.last - 1].end;
        c.m.evidence.text =
            std::string(text_.substr(c.m.evidence.start, c.m.evidence.end - c.m.evidence.start));
        c.m.evidence.in_title = in_title_;
        c.order = tr.first;
        out_.push_back(std::move(c));
      }
    };
    auto places_of = [](const std::vector<const Group*>& gs) {
      std::vector<detail::Place> ps;
      for (const Group* g : gs) ps.insert(ps.end(), g->places.begin(), g->places.end());
      return ps;
    };

    // Expulsions: the subject expels North Korea's envoy, or North Korea expels theirs.
    if (expel) {
      std::vector<const Group*> hosts = subjects;
      for (const Group* g : owners) {
        if (g->by_prep) hosts.push_back(g);
      }
      bool dprk_expels = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
        return in_scope(d.seg) && d.role == Role::kSubject && d.last <= tr.first;
      });
      if (dprk_in_seg && !hosts.empty() && !dprk_expels) {
        emit(Direction::kDprkAbroad, places_of(hosts), 0.05);
        return;
      }
      std::vector<const Group*> linked;
      for (const Group* g : owners) {
        if (g->linked_to_mission) linked.push_back(g);
      }
      if (dprk_expels && !linked.empty()) {
        emit(Direction::kForeignInDprk, places_of(linked), 0.05);
        return;
      }
      if (!hosts.empty() && !dprk_in_seg && cx_.mentions_dprk && locs.empty()) {
        emit(Direction::kDprkAbroad, places_of(hosts), 0.0);
        return;
      }
    }

    if (back && dprk_loc) {
      // "returned from Pyongyang" ends a visit; "returned to Pyongyang" resumes a mission.
      bool from = std::any_of(s_.dprk.begin(), s_.dprk.end(), [&](const DprkMark& d) {
        return in_scope(d.seg) && d.first > s_.first && t_.tokens[d.first - 1].norm == "from";
      });
      if (from) return;
    }
    if (dprk_loc) {
      // Another country's mission in Pyongyang: its owner is a possessive, a demonym, an
      // of/by phrase, the subject, or (for "their") the subject of an earlier sentence.
      // Prefer owners of the mission itself ("the embassies of Sweden and Poland") over owners
      // of a person ("Russia's ambassador said ...") or of something else ("Bulgaria's
      // ministry").
      std::vector<const Group*> who;
      for (int rank : {0, 1, 2}) {
        for (const Group* g : owners) {
          int r = g->linked_to_mission ? (g->linked_to_person ? 1 : 0) : 2;
          if (r == rank) who.push_back(g);
        }
        if (!who.empty()) break;
      }
      if (who.empty()) {
        const Group* nearest = nullptr;
        for (const Group* g : subjects) {
          if (g->last <= tr.first) nearest = g;
        }
        if (nearest) who.push_back(nearest);
      }
      if (!who.empty()) {
        emit(Direction::kForeignInDprk, places_of(who), 0.1);
      } else if (has_their && !mem_.last_subjects.empty()) {
        emit(Direction::kForeignInDprk, mem_.last_subjects, 0.0);
      }
      return;
    }

    // An envoy going back to his post abroad is not a reopening; an embassy's return is.
    if (back && !strong_seg) return;
    bool foreign_owner = false;
    for (const Group* g : owners) {
      if (g->linked_to_mission) foreign_owner = true;
    }
    for (const Group* g : subjects) {
      if (g->last <= tr.first && tr.first - g->last <= 4) foreign_owner = true;
    }
    if (foreign_owner && !dprk_owner) return;  // "South Korea closed its embassy in Kyiv"
    if (!dprk_owner && !cx_.mentions_dprk) return;

    if (!locs.empty()) {
      bool explicit_loc = std::any_of(locs.begin(), locs.end(),
                                      [](const Group* g) { return g->role == Role::kLocation; });
      emit(Direction::kDprkAbroad, places_of(locs), explicit_loc ? 0.1 : 0.05);
      return;
    }
    if (has_backref) {
      // "shut its embassies there": the places named last, in this sentence or before.
      const Group* last = nullptr;
      for (const Group& g : s_.groups) {
        if (g.last <= tr.first && !(g.places.size() == 1 && g.places[0].is_demonym)) last = &g;
      }
      emit(Direction::kDprkAbroad, last ? last->places : mem_.last_places, 0.0);
    }
  }

  const Context& cx_;
  const text::TokenizedText& t_;
  std::string_view text_;
  const SentenceInfo& s_;
  Memory& mem_;
  bool in_title_;
  std::vector<Candidate>& out_;
};

std::optional<std::string> input_problem(const ArticleInput& a, const text::TokenizedText& title,
                                         const text::TokenizedText& body,
                                         const ClassifierOptions& opt) {
  std::size_t bytes = a.title.size() + a.body.size();
  if (!a.language.empty() &&
      !(starts_with(a.language, "en") &&
        (a.language.size() == 2 || a.language[2] == '-' || a.language[2] == '_'))) {
    return "language '" + std::string(a.language) + "' is not supported (English only)";
  }
  std::size_t words = 0, function_words = 0;
  for (const auto* tt : {&title, &body}) {
    for (const auto& tok : tt->tokens) {
      if (tok.kind != text::TokenKind::kWord) continue;
      ++words;
      std::string_view w = tok.norm;
      if (w == "the" || w == "of" || w == "and" || w == "to" || w == "in" || w == "is" ||
          w == "for" || w == "on" || w == "that" || w == "has" || w == "its" || w == "with" ||
          w == "was" || w == "by" || w == "it" || w == "said") {
        ++function_words;
      }
    }
  }
  std::size_t control = title.control_bytes + body.control_bytes;
  std::size_t invalid = title.invalid_bytes + body.invalid_bytes;
  if (bytes > 0 && (control * 100 > bytes || invalid * 20 > bytes)) {
    return "input looks binary, not text (" + std::to_string(control) + " control bytes, " +
           std::to_string(invalid) + " invalid UTF-8 bytes in " + std::to_string(bytes) + ")";
  }
  if (words == 0) return "empty text (no words)";
  std::size_t letters = title.letters + body.letters;
  std::size_t non_latin = title.non_latin_letters + body.non_latin_letters;
  if (letters >= 20 && non_latin * 2 > letters) {
    return "text is not in English (mostly non-Latin script); only English is supported";
  }
  if (words >= 30 && function_words * 25 < words) {
    return "text does not look like English (too few English function words); only English is "
           "supported";
  }
  (void)opt;
  return std::nullopt;
}

int latest_year(const text::TokenizedText& t) {
  int best = 0;
  for (const auto& tok : t.tokens) {
    if (tok.kind != text::TokenKind::kNumber || tok.norm.size() != 4) continue;
    int y = (tok.norm[0] - '0') * 1000 + (tok.norm[1] - '0') * 100 + (tok.norm[2] - '0') * 10 +
            (tok.norm[3] - '0');
    if (y >= 1950 && y <= 2100) best = std::max(best, y);
  }
  return best;
}

bool mentions_north_korea(const text::TokenizedText& t) {
  const auto& tk = t.tokens;
  for (std::size_t i = 0; i < tk.size(); ++i) {
    std::string_view w = tk[i].norm;
    if (w == "pyongyang" || w == "dprk" || w == "kcna" ||
        (w == "korea" && i > 0 && tk[i - 1].norm == "north") ||
        (w == "korean" && i > 0 && tk[i - 1].norm == "north") ||
        (w == "north" && tk[i].upper && i > 0 && tk[i - 1].norm == "the")) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<MissionClassifier> MissionClassifier::create(ClassifierOptions options) {
  auto kb = kb::KnowledgeBase::load_embedded();
  if (!kb) return tl::unexpected(kb.error());
  return MissionClassifier(std::move(*kb), options);
}

Classification MissionClassifier::classify(const ArticleInput& a) const {
  Classification out;
  if (a.title.size() + a.body.size() > options_.max_input_bytes) {
    out.reason = "input too large (" + std::to_string(a.title.size() + a.body.size()) +
                 " bytes; the limit is " + std::to_string(options_.max_input_bytes) + ")";
    return out;
  }
  text::TokenizedText title = text::tokenize(a.title);
  text::TokenizedText body = text::tokenize(a.body);
  if (auto problem = input_problem(a, title, body, options_)) {
    out.reason = *problem;
    return out;
  }
  Context cx{*kb_, options_};
  cx.ref_year = a.published ? a.published->year : std::max(latest_year(title), latest_year(body));
  cx.mentions_dprk = mentions_north_korea(title) || mentions_north_korea(body);

  std::vector<Candidate> candidates;
  Memory mem;
  std::size_t order_base = 0;
  for (const auto& [tt, src, in_title] :
       {std::tuple{&title, a.title, true}, std::tuple{&body, a.body, false}}) {
    for (const auto& span : text::split_sentences(*tt, options_.max_sentence_tokens)) {
      SentenceInfo s = detail::analyse_sentence(*tt, span, *kb_);
      std::size_t before = candidates.size();
      SentenceRules(cx, *tt, src, s, mem, in_title, candidates).run();
      for (std::size_t i = before; i < candidates.size(); ++i) candidates[i].order += order_base;
    }
    order_base += tt->tokens.size() + 1;
  }

  // One mention per (direction, country, action, historical?): the most confident, then the first.
  std::unordered_map<std::string, std::size_t> best;
  std::vector<Candidate> kept;
  for (auto& c : candidates) {
    if (c.m.confidence < options_.min_confidence) continue;
    std::string key = std::string(to_string(c.m.direction)) + c.m.country +
                      std::string(to_string(c.m.action)) +
                      (c.m.status == EventStatus::kHistorical ? "h" : "");
    auto it = best.find(key);
    if (it == best.end()) {
      best.emplace(key, kept.size());
      kept.push_back(std::move(c));
    } else if (c.m.confidence > kept[it->second].m.confidence) {
      std::size_t order = kept[it->second].order;
      kept[it->second] = std::move(c);
      kept[it->second].order = order;
    }
  }
  std::stable_sort(kept.begin(), kept.end(),
                   [](const Candidate& x, const Candidate& y) { return x.order < y.order; });
  for (auto& c : kept) {
    if (c.m.status != EventStatus::kHistorical && c.m.confidence >= options_.relevance_threshold) {
      out.relevant = true;
      out.score = std::max(out.score, c.m.confidence);
    }
    out.events.push_back(std::move(c.m));
  }
  if (!out.relevant) {
    if (out.events.empty()) {
      out.reason = "no mission change found";
    } else if (std::all_of(out.events.begin(), out.events.end(), [](const EventMention& e) {
                 return e.status == EventStatus::kHistorical;
               })) {
      out.reason = "only historical mission changes";
    } else {
      out.reason = "only low-confidence mentions of mission changes";
    }
  }
  return out;
}

}  // namespace mw
