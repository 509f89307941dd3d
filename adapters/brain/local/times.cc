#include "adapters/brain/local/times.h"

#include <initializer_list>
#include <string_view>

#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

bool is_any(const Words& w, std::size_t i, std::initializer_list<std::string_view> options) {
  for (auto o : options)
    if (is(w, i, o)) return true;
  return false;
}

struct Match {
  SpokenTime time;
  std::size_t begin = 0, end = 0;  // word span
  bool weak = false;  // a bare "midi" or "à 8": loses to any other time
};

// A number at `i` within [lo, hi] that does not count people.
std::optional<NumberMatch> number_in(const Words& w, std::size_t i, int lo, int hi) {
  auto n = parse_number(w, i);
  if (!n || n->value < lo || n->value > hi) return std::nullopt;
  if (is_person_word(w, i + n->length) || is_duration_word(w, i + n->length)) return std::nullopt;
  // "Tuesday the 15th", "le 1er": a day of the month written as an ordinal is never an hour.
  if (is_number_text(w[i].text) && parse_ordinal(w, i)) return std::nullopt;
  return n;
}

// "am", "pm", "a.m.", "p m", "o'clock" after a time; returns words consumed.
std::size_t meridiem_suffix(const Words& w, std::size_t i, Meridiem& m) {
  if (is(w, i, "pm") || (is(w, i, "p") && is(w, i + 1, "m"))) {
    m = Meridiem::pm;
    return is(w, i, "pm") ? 1 : 2;
  }
  if (is(w, i, "am") || (is(w, i, "a") && is(w, i + 1, "m") && w[i + 1].begin <= w[i].end + 1)) {
    m = Meridiem::am;
    return is(w, i, "am") ? 1 : 2;
  }
  // "1 in the morning", "une heure du matin": the small hours, never 1 pm.
  if (phrase_at(w, i, "in the morning")) {
    m = Meridiem::am;
    return 3;
  }
  if (phrase_at(w, i, "du matin")) {
    m = Meridiem::am;
    return 2;
  }
  if (is(w, i, "oclock")) return 1;
  if (is(w, i, "ish")) return 1;  // "nine-ish": a time, the half of the day still open
  if (is(w, i, "o") && is(w, i + 1, "clock")) return 2;
  return 0;
}

// "et demie", "et quart", "moins le quart", "moins vingt", "trente", "15 minutes" after an hour.
// Returns words consumed; adjusts hour/minute.
std::size_t minutes_after(const Words& w, std::size_t i, int& hour, int& minute, bool digits_only) {
  if (is(w, i, "et") && (is(w, i + 1, "demie") || is(w, i + 1, "demi"))) {
    minute = 30;
    return 2;
  }
  if (is(w, i, "et") && is(w, i + 1, "quart")) {
    minute = 15;
    return 2;
  }
  if (is(w, i, "moins")) {
    std::size_t k = i + 1;
    if (is(w, k, "le")) ++k;
    int before = 0;
    if (is(w, k, "quart")) {
      before = 15;
      ++k;
    } else if (auto n = number_in(w, k, 1, 30)) {
      before = n->value;
      k += n->length;
    } else {
      return 0;
    }
    hour = hour == 0 ? 23 : hour - 1;
    minute = 60 - before;
    return k - i;
  }
  if (digits_only && !(i < w.size() && is_number_text(w[i].text))) return 0;
  if (auto n = number_in(w, i, 0, 59)) {
    std::size_t k = i + n->length;
    // "midi, 12h30": a number with its own hour mark is a time of its own, not these minutes.
    if (is_any(w, k, {"h", ":", "heures", "heure"})) return 0;
    // "huit heures quarante-cinq": below_100 already read "quarante cinq"; "zero five" is rare.
    minute = n->value;
    if (is(w, k, "minutes") || is(w, k, "minute")) ++k;
    return k - i;
  }
  return 0;
}

// "make it eight thirty" said after "what name?" corrects the time; a bare "make it 8" may as
// well correct the party, so only a time with its minutes counts after it.
bool correction_before(const Words& w, std::size_t i) {
  return i >= 2 && is(w, i - 1, "it") && is(w, i - 2, "make");
}

// "Monday evening, seven thirty", "demain soir vingt heures": an hour with its minutes right
// after a part of the day is its time.
bool day_part_before(const Words& w, std::size_t i) {
  return i > 0 && is_any(w, i - 1, {"evening", "night", "tonight", "morning", "afternoon", "soir",
                                    "matin", "apres", "midi", "lunch", "lunchtime", "dinner"});
}

bool time_preposition(const Words& w, std::size_t i) {
  if (i == 0) return false;
  const std::size_t p = i - 1;
  if (is_any(w, p, {"at", "vers", "around", "towards", "toward", "till", "until", "say", "disons"}))
    return true;
  // "could you do after 2?" — but "like after midnight" explains a time said already.
  if (is(w, p, "after")) return parse_number(w, i).has_value();
  // "like nine", a hedge before the hour — but not "I'd like four", "we would like two".
  if (is(w, p, "like") && !(p > 0 && is_any(w, p - 1, {"d", "would", "i", "we", "you", "they", "just"})))
    return true;
  // "à 8" — but "nous serons à 4", "on sera à quatre" count people.
  if (is(w, p, "a")) {
    if (p == 0) return true;
    return !is_any(w, p - 1, {"serons", "sera", "sommes", "est", "etre", "seront", "serait"});
  }
  return false;
}

// "half past seven", "a quarter to eight", "ten past eight", "twenty to nine".
std::optional<Match> english_relative(const Words& w, std::size_t i) {
  std::size_t k = i;
  int offset = 0;
  if (is(w, k, "a") && is(w, k + 1, "quarter")) ++k;
  if (is(w, k, "half")) {
    offset = 30;
    ++k;
    // British "half seven" is half past seven: the hour follows at once, no "past".
    if (auto h = number_in(w, k, 1, 12); h && !is_person_word(w, k + h->length)) {
      Match m;
      m.time = {h->value, 30, Meridiem::none};
      m.begin = i;
      m.end = k + h->length + meridiem_suffix(w, k + h->length, m.time.meridiem);
      return m;
    }
  } else if (is(w, k, "quarter")) {
    offset = 15;
    ++k;
  } else if (auto n = number_in(w, k, 1, 29)) {
    offset = n->value;
    k += n->length;
    if (is(w, k, "minutes") || is(w, k, "minute")) ++k;
  } else {
    return std::nullopt;
  }
  bool to;
  if (is(w, k, "past") || is(w, k, "after")) {
    to = false;
  } else if (is(w, k, "to") || is(w, k, "before")) {
    to = true;
    if (offset == 30) return std::nullopt;  // "half to" is not English
  } else {
    return std::nullopt;
  }
  ++k;
  int hour;
  if (is(w, k, "noon") || is(w, k, "midnight")) {
    hour = is(w, k, "noon") ? 12 : 0;
    ++k;
  } else if (auto h = number_in(w, k, 1, 12)) {
    hour = h->value;
    k += h->length;
  } else {
    return std::nullopt;
  }
  Match m;
  m.time.hour = to ? (hour == 0 ? 23 : hour - 1) : hour;
  if (to && hour == 1) m.time.hour = 12;
  m.time.minute = to ? 60 - offset : offset;
  k += meridiem_suffix(w, k, m.time.meridiem);
  m.begin = i;
  m.end = k;
  return m;
}

std::optional<Match> noon_or_midnight(const Words& w, std::size_t i) {
  int hour;
  if (is(w, i, "midi") || is(w, i, "noon")) {
    hour = 12;
  } else if (is(w, i, "minuit") || is(w, i, "midnight")) {
    hour = 0;
  } else {
    return std::nullopt;
  }
  if (is(w, i, "midi") && i > 0 && is(w, i - 1, "apres")) return std::nullopt;  // l'après-midi
  Match m;
  m.time.hour = hour;
  std::size_t k = i + 1;
  const std::size_t extra = minutes_after(w, k, m.time.hour, m.time.minute, false);
  k += extra;
  m.begin = i;
  m.end = k;
  m.weak = extra == 0 && !time_preposition(w, i);
  if (i > 0 && is(w, i - 1, "twelve")) m.begin = i - 1;  // "twelve noon"
  return m;
}

// "for two people, no wait, three", "quatre personnes, enfin non, cinq": a bare number that
// corrects a count of people just said is the new count, not a time.
bool corrects_a_count(const Words& w, std::size_t i) {
  bool corrected = false;
  std::size_t j = i;
  while (j > 0) {
    const std::string& t = w[j - 1].text;
    if (is_any(w, j - 1, {"no", "wait", "sorry", "actually", "mean", "non", "attendez", "attends", "pardon",
                          "enfin", "plutot"})) {
      corrected = true;
    } else if (!is_hesitation(t) && !(t == "i" && is(w, j, "mean"))) {
      break;
    }
    --j;
  }
  return corrected && j > 0 && (is_person_word(w, j - 1) || is(w, j - 1, "us"));
}

std::optional<Match> numeric(const Words& w, std::size_t i, bool bare_ok) {
  auto h = number_in(w, i, 0, 24);
  if (!h) return std::nullopt;
  Match m;
  m.begin = i;
  m.time.hour = h->value;
  std::size_t k = i + h->length;
  if (is(w, k, "h") || is(w, k, ":")) {
    ++k;
    k += minutes_after(w, k, m.time.hour, m.time.minute, is(w, k - 1, ":"));
    k += meridiem_suffix(w, k, m.time.meridiem);
  } else if (is(w, k, "heures") || is(w, k, "heure") || is(w, k, "hours")) {
    if (is(w, k, "hours") && !time_preposition(w, i)) return std::nullopt;  // "two hours" is a duration
    ++k;
    k += minutes_after(w, k, m.time.hour, m.time.minute, false);
    k += meridiem_suffix(w, k, m.time.meridiem);
  } else if (std::size_t s = meridiem_suffix(w, k, m.time.meridiem); s > 0) {
    k += s;
  } else if (h->value <= 12) {
    // "eight thirty pm", or a bare "at 8" / "at eight thirty"; "à une vraie personne" is not 1 pm.
    if (is(w, i, "un") || is(w, i, "une")) return std::nullopt;
    // "I already have one on Friday", "another one": the pronoun, not 1 o'clock.
    if (is(w, i, "one") && i > 0 && is_any(w, i - 1, {"have", "had", "another", "the", "that", "this", "new"}))
      return std::nullopt;
    int hour = m.time.hour, minute = 0;
    std::size_t extra = 0;
    if (auto mm = number_in(w, k, 0, 59); mm && (mm->value >= 10 || w[k].text == "0" || is(w, k, "zero")))
      extra = minutes_after(w, k, hour, minute, false);
    Meridiem mer = Meridiem::none;
    const std::size_t s = meridiem_suffix(w, k + extra, mer);
    if (s == 0 && extra == 0 && (is_person_word(w, k) || corrects_a_count(w, i))) return std::nullopt;
    if (s == 0 && !time_preposition(w, i) && !bare_ok &&
        !(extra > 0 && (correction_before(w, i) || day_part_before(w, i))))
      return std::nullopt;
    m.weak = s == 0 && extra == 0;  // "à trois" may count people; "at 8 pm" may not
    m.time.minute = minute;
    m.time.meridiem = mer;
    k += extra + s;
  } else if (!(bare_ok || time_preposition(w, i)) || h->value > 24) {
    return std::nullopt;
  }
  if (m.time.hour > 24 || (m.time.meridiem != Meridiem::none && (m.time.hour == 0 || m.time.hour > 12)))
    return std::nullopt;
  m.end = k;
  return m;
}

}  // namespace

bool is_person_word(const Words& w, std::size_t i) {
  if (is(w, i, "of") && is(w, i + 1, "us")) return true;
  return is_any(w, i, {"personnes", "personne", "pers", "people", "persons", "person", "couverts",
                       "couvert", "guests", "guest", "adultes", "adulte", "adults", "adult",
                       "enfants", "enfant", "children", "child", "kids", "kid", "places", "gens",
                       "bebe", "bebes", "baby", "babies", "toddler", "toddlers", "ados", "teenagers"});
}

bool is_duration_word(const Words& w, std::size_t i) {
  return is_any(w, i, {"ans", "an", "years", "year", "mois", "months", "month", "jours", "days",
                       "semaines", "semaine", "weeks", "week"});
}

namespace {

// "8:30's no good", "8h30 c'est trop tôt", "nine doesn't work for me": the time said to be
// turned down, by the words right after it.
bool refused_after(const Words& w, std::size_t end) {
  std::size_t k = end;
  if (is_any(w, k, {"s", "is", "would"})) ++k;
  if (is(w, k, "be")) ++k;
  if (phrase_at(w, k, "c est") || phrase_at(w, k, "ca")) k += is(w, k, "ca") ? 1 : 2;
  for (std::string_view p : {"no good", "not good", "too early", "too late", "doesn t work", "does not work",
                             "won t work", "doesn t suit", "isn t good", "not possible", "trop tot", "trop tard",
                             "ne va pas", "ne me va pas", "ne m arrange pas", "pas possible"})
    if (phrase_at(w, k, p)) return true;
  return false;
}

// find_time's pick, with whether it is a weak reading.
std::optional<Match> best_time(const Words& w, std::vector<bool>& used, bool bare_ok) {
  std::vector<Match> found;
  for (std::size_t i = 0; i < w.size();) {
    std::optional<Match> m;
    if (!used[i]) {
      m = english_relative(w, i);
      if (!m) m = noon_or_midnight(w, i);
      if (!m) m = numeric(w, i, bare_ok);
    }
    bool clash = !m;
    for (std::size_t k = m ? m->begin : 0; m && k < m->end; ++k) clash = clash || used[k];
    if (clash) {
      ++i;
      continue;
    }
    found.push_back(*m);
    i = m->end;
  }
  // The last strong time that is not denied ("pas à 20h") wins, else the last weak one.
  const Match* best = nullptr;
  for (const auto& m : found) {
    if (negated_before(w, m.begin) || refused_after(w, m.end)) continue;
    if (!best || !m.weak || best->weak) best = &m;
  }
  // Weak readings not chosen give their words back: in "jeudi vers 13h à trois", "à trois"
  // counts people.
  for (const auto& m : found)
    if (!m.weak || &m == best)
      for (std::size_t k = m.begin; k < m.end; ++k) used[k] = true;
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace

std::optional<SpokenTime> find_time(const Words& w, std::vector<bool>& used, bool bare_ok) {
  auto m = best_time(w, used, bare_ok);
  if (!m) return std::nullopt;
  return m->time;
}

std::optional<int> bare_number_time(const Words& w) {
  std::vector<bool> used(w.size(), false);
  const auto m = best_time(w, used, false);
  if (!m || !m->weak || !parse_number(w, m->begin) || m->time.minute != 0 ||
      m->time.meridiem != Meridiem::none)
    return std::nullopt;
  return m->time.hour;
}

DayPart find_day_part(const Words& w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    // "de la fièvre depuis hier soir", "since last night": when it began, not when to come.
    // "throbbing all night", "j'ai mal toute la nuit": how long, not when either.
    if ((i > 0 && is_any(w, i - 1, {"hier", "yesterday", "last", "all"})) ||
        (i > 1 && is_any(w, i - 2, {"depuis", "since"})) || (i > 1 && is(w, i - 2, "toute") && is(w, i - 1, "la")))
      continue;
    if (phrase_at(w, i, "apres midi") || is(w, i, "afternoon")) return DayPart::afternoon;
    // "sometime after lunch", "après le déjeuner", "après manger": the afternoon, not lunchtime.
    if (is_any(w, i, {"after", "apres"}) &&
        (is_any(w, i + 1, {"lunch", "lunchtime", "dejeuner", "manger"}) ||
         (is(w, i + 1, "le") && is(w, i + 2, "dejeuner"))))
      return DayPart::afternoon;
    // "à la première heure", "first thing": the morning, from its opening.
    if (phrase_at(w, i, "petit dejeuner") || phrase_at(w, i, "premiere heure") ||
        phrase_at(w, i, "first thing") || is_any(w, i, {"matin", "morning", "breakfast"}))
      return DayPart::morning;
    if (is_any(w, i, {"soir", "soiree", "tonight", "evening", "night", "diner", "dinner", "supper"}))
      return DayPart::evening;
    if (is_any(w, i, {"midi", "dejeuner", "lunch", "lunchtime", "noon"})) return DayPart::lunch;
  }
  return DayPart::none;
}

bool ambiguous(const SpokenTime& t, DayPart part) {
  return t.meridiem == Meridiem::none && part == DayPart::none && t.hour >= 1 && t.hour <= 11;
}

ClockTime resolve(const SpokenTime& t, DayPart part) {
  int h = t.hour % 24;
  if (t.meridiem == Meridiem::pm) {
    h = t.hour == 12 ? 12 : t.hour + 12;
  } else if (t.meridiem == Meridiem::am) {
    h = t.hour == 12 ? 0 : t.hour;
  } else if (t.hour >= 1 && t.hour <= 11) {
    switch (part) {
      case DayPart::evening:
      case DayPart::afternoon: h = t.hour + 12; break;
      case DayPart::lunch: h = t.hour <= 5 ? t.hour + 12 : t.hour; break;
      case DayPart::morning: break;
      case DayPart::none: h = t.hour <= 6 ? t.hour + 12 : t.hour; break;
    }
  }
  return {h, t.minute};
}

ClockTime other_half(const ClockTime& t) { return {(t.hour + 12) % 24, t.minute}; }

namespace {

// The delay's amount and unit from `at` ("une heure", "half an hour", "20 minutes"): minutes and
// the words read, or nothing.
std::optional<NumberMatch> delay_at(const Words& w, std::size_t at) {
  auto is = [&](std::size_t k, std::initializer_list<std::string_view> any) {
    if (k >= w.size()) return false;
    for (std::string_view a : any)
      if (w[k].text == a) return true;
    return false;
  };
  if (phrase_at(w, at, "une demi heure") || phrase_at(w, at, "half an hour")) return NumberMatch{30, 3};
  if (phrase_at(w, at, "a half hour")) return NumberMatch{30, 3};
  if (phrase_at(w, at, "un quart d heure")) return NumberMatch{15, 4};
  if (phrase_at(w, at, "a quarter of an hour")) return NumberMatch{15, 5};
  if (phrase_at(w, at, "trois quarts d heure")) return NumberMatch{45, 4};
  if (phrase_at(w, at, "three quarters of an hour")) return NumberMatch{45, 5};
  std::optional<NumberMatch> n = is(at, {"an", "a"}) ? NumberMatch{1, 1} : parse_number(w, at);
  if (!n) return std::nullopt;
  std::size_t k = at + n->length;
  if (is(k, {"heure", "heures", "hour", "hours", "hr", "hrs"})) {
    int minutes = n->value * 60;
    ++k;
    if (phrase_at(w, k, "et demie") || phrase_at(w, k, "et demi")) minutes += 30, k += 2;
    else if (phrase_at(w, k, "and a half")) minutes += 30, k += 3;
    return NumberMatch{minutes, k - at};
  }
  if (is(k, {"minute", "minutes", "min", "mins", "mn"})) return NumberMatch{n->value, k + 1 - at};
  return std::nullopt;
}

}  // namespace

std::optional<int> find_delay(const Words& words, std::vector<bool>& used) {
  for (std::size_t k = 0; k + 1 < words.size(); ++k) {
    // "dans une heure", "in an hour", "d'ici une heure"; not "une heure" alone (1 o'clock).
    std::size_t lead = words[k].text == "dans" || words[k].text == "in" ? 1
                       : phrase_at(words, k, "d ici")                   ? 2
                                                                        : 0;
    if (lead == 0 || used[k]) continue;
    const std::optional<NumberMatch> d = delay_at(words, k + lead);
    if (!d || d->value < 5 || d->value > 360) continue;
    for (std::size_t j = k; j < k + lead + d->length; ++j) used[j] = true;
    return d->value;
  }
  return std::nullopt;
}

}  // namespace webox::brain
