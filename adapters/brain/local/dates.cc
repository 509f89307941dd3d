#include "adapters/brain/local/dates.h"

#include <initializer_list>
#include <string_view>

#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/times.h"

namespace webox::brain {
namespace {

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

struct Match {
  Date date;
  std::size_t begin = 0, end = 0;
};

constexpr std::string_view kWeekdays[2][7] = {
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}};

constexpr std::string_view kMonths[2][12] = {
    {"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
     "octobre", "novembre", "decembre"},
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"}};

int month_at(const Words& w, std::size_t i) {
  if (i >= w.size()) return 0;
  for (const auto& lang : kMonths)
    for (int m = 0; m < 12; ++m)
      if (w[i].text == lang[m]) return m + 1;
  return 0;
}

// A day of the month at `i`: "12", "douze", "12th", "premier", "twenty first".
std::optional<NumberMatch> day_number(const Words& w, std::size_t i) {
  if (auto o = parse_ordinal(w, i); o && o->value >= 1 && o->value <= 31) return o;
  if (auto n = parse_number(w, i); n && n->value >= 1 && n->value <= 31 && !is_person_word(w, i + n->length))
    return n;
  return std::nullopt;
}

Date next_month_day(const Date& today, int month, int day, std::optional<int> year) {
  if (year) return {*year, month, day};
  Date d{today.year, month, day};
  if (!valid_date(d) || d < today) d.year += 1;
  // 29 February: walk to the next leap year.
  for (int k = 0; k < 8 && !valid_date(d); ++k) d.year += 1;
  return d;
}

Date next_day_of_month(const Date& today, int day) {
  Date d{today.year, today.month, day};
  for (int k = 0; k < 13; ++k) {
    if (valid_date(d) && !(d < today)) return d;
    d.month += 1;
    if (d.month > 12) {
      d.month = 1;
      d.year += 1;
    }
  }
  return d;
}

std::optional<int> year_at(const Words& w, std::size_t i, std::size_t& len) {
  if (auto n = parse_number(w, i); n && n->value >= 2000 && n->value <= 2200) {
    len = n->length;
    return n->value;
  }
  len = 0;
  return std::nullopt;
}

std::optional<Match> relative_day(const Words& w, std::size_t i, const Date& today) {
  struct Rel {
    std::string_view phrase;
    int days;
  };
  static constexpr Rel kRelative[] = {
      {"aujourd hui", 0},  {"aujourdhui", 0},       {"today", 0},         {"tonight", 0},
      {"cette nuit", 0},
      {"apres demain", 2},  {"the day after tomorrow", 2},
      {"day after tomorrow", 2}, {"demain", 1},     {"tomorrow", 1},
      // Idioms: in French a week is "huit jours", a fortnight "quinze jours".
      {"dans huit jours", 7}, {"d ici huit jours", 7}, {"dans quinze jours", 14},
      {"a week from today", 7}, {"a week from now", 7}, {"a week today", 7},
      {"in a fortnight", 14}, {"two weeks from today", 14}};
  // "ce midi", "ce soir", "this evening": only "ce"/"this" is the day, the rest belongs to the
  // time or day-part readers (which may already have taken "midi").
  if ((is(w, i, "ce") || is(w, i, "cet") || is(w, i, "this")) &&
      (is(w, i + 1, "midi") || is(w, i + 1, "soir") || is(w, i + 1, "matin") || is(w, i + 1, "apres") ||
       is(w, i + 1, "evening") || is(w, i + 1, "afternoon") || is(w, i + 1, "morning")))
    return Match{today, i, i + 1};
  for (const auto& r : kRelative)
    if (phrase_at(w, i, r.phrase)) return Match{add_days(today, r.days), i, i + phrase_length(r.phrase)};
  // "ce week-end", "this weekend", "pour le week-end": its Saturday (today on a Sunday).
  for (std::string_view p : {"ce week end", "ce weekend", "le week end", "le weekend", "this weekend",
                             "this week end", "the weekend", "the week end"}) {
    if (!phrase_at(w, i, p)) continue;
    const int wd = weekday(today);
    return Match{add_days(today, wd == 6 ? 0 : 5 - wd), i, i + phrase_length(p)};
  }
  // "dans 3 jours", "in three days", "dans une semaine", "in a week".
  if (is(w, i, "dans") || is(w, i, "in")) {
    std::size_t k = i + 1;
    int n = 1;
    if (is(w, k, "a") || is(w, k, "an")) {
      ++k;
    } else if (auto num = parse_number(w, k); num && num->value >= 1 && num->value <= 60) {
      n = num->value;
      k += num->length;
    } else {
      return std::nullopt;
    }
    if (is(w, k, "jours") || is(w, k, "jour") || is(w, k, "days") || is(w, k, "day"))
      return Match{add_days(today, n), i, k + 1};
    if (is(w, k, "semaine") || is(w, k, "semaines") || is(w, k, "week") || is(w, k, "weeks"))
      return Match{add_days(today, 7 * n), i, k + 1};
  }
  return std::nullopt;
}

std::optional<Match> explicit_date(const Words& w, std::size_t i, const Date& today) {
  // Day then month: "12 décembre", "le premier mars", "the 12th of December".
  if (auto d = day_number(w, i)) {
    std::size_t k = i + d->length;
    // "the fourteenth of next month", "le 14 du mois prochain": that day of the next month.
    for (std::string_view p : {"of next month", "of the next month", "next month", "du mois prochain",
                               "le mois prochain"}) {
      if (!phrase_at(w, k, p)) continue;
      Date next{today.year, today.month + 1, d->value};
      if (next.month > 12) next = {today.year + 1, 1, d->value};
      if (!valid_date(next)) return std::nullopt;
      std::size_t begin = i;
      if (i > 0 && (is(w, i - 1, "le") || is(w, i - 1, "the"))) begin = i - 1;
      return Match{next, begin, k + phrase_length(p)};
    }
    if (is(w, k, "of") || is(w, k, "de")) ++k;
    if (int month = month_at(w, k)) {
      std::size_t ylen = 0;
      auto year = year_at(w, k + 1, ylen);
      std::size_t begin = i;
      if (i > 0 && (is(w, i - 1, "le") || is(w, i - 1, "the"))) begin = i - 1;
      return Match{next_month_day(today, month, d->value, year), begin, k + 1 + ylen};
    }
  }
  // Month then day: "December 12th", "December the twelfth".
  if (int month = month_at(w, i)) {
    std::size_t k = i + 1;
    if (is(w, k, "the")) ++k;
    if (auto d = day_number(w, k)) {
      std::size_t ylen = 0;
      auto year = year_at(w, k + d->length, ylen);
      return Match{next_month_day(today, month, d->value, year), i, k + d->length + ylen};
    }
  }
  return std::nullopt;
}

// "à la première heure", "the first thing", "le premier disponible", "the first one" (of a
// list just said): an ordinal at `i` that ranks something, not a day of the month.
bool ordinal_of_a_thing(const Words& w, std::size_t i) {
  return parse_ordinal(w, i) && (is(w, i + 1, "heure") || is(w, i + 1, "fois") || is(w, i + 1, "thing") ||
                                 is(w, i + 1, "one") || is(w, i + 1, "time") || is(w, i + 1, "disponible") ||
                                 is(w, i + 1, "available") || is(w, i + 1, "libre") || is(w, i + 1, "qui"));
}

// "le 3", "le premier", "the 3rd", "on the 3rd"; any day number when the day was just asked.
std::optional<Match> day_of_month(const Words& w, std::size_t i, const Date& today, bool bare) {
  if (ordinal_of_a_thing(w, i)) return std::nullopt;
  const bool after_article = i > 0 && (is(w, i - 1, "le") || is(w, i - 1, "the"));
  if (auto o = parse_ordinal(w, i); o && o->value >= 1 && o->value <= 31 && (after_article || bare))
    return Match{next_day_of_month(today, o->value), after_article ? i - 1 : i, i + o->length};
  if (auto o = parse_ordinal(w, i); o && o->value >= 1 && o->value <= 31 && o->length == 2)
    return Match{next_day_of_month(today, o->value), i, i + o->length};  // "3rd", "1er" written so
  const bool french_article = i > 0 && is(w, i - 1, "le");
  const bool on_the = i > 1 && is(w, i - 1, "the") && is(w, i - 2, "on");
  if (!(french_article || on_the || bare)) return std::nullopt;
  auto n = parse_number(w, i);
  if (!n || n->value < 1 || n->value > 31 || is_person_word(w, i + n->length)) return std::nullopt;
  return Match{next_day_of_month(today, n->value), (french_article || on_the) ? i - 1 : i, i + n->length};
}

std::optional<Match> weekday_match(const Words& w, const std::vector<bool>& used, std::size_t i,
                                   const Date& today) {
  const int wd = weekday_at(w, i);
  if (wd < 0) return std::nullopt;
  // "vendredi 27" / "Friday the 27th": the number is the truth.
  std::size_t k = i + 1;
  if (is(w, k, "the")) ++k;
  auto d = k < w.size() && !used[k] ? day_number(w, k) : std::nullopt;
  // "the Friday one cancelled": "one" after a weekday stands for the booking, not the 1st;
  // "Monday first thing", "lundi à la première heure": the time of day, not the 1st.
  if (d && ((k == i + 1 && w[k].text == "one") || ordinal_of_a_thing(w, k))) d.reset();
  // "Friday, nine thirty", "Friday nine pm": an hour, not the 9th.
  if (d && !explicit_date(w, k, today)) {
    const std::size_t after = k + d->length;
    if (is(w, after, "pm") || is(w, after, "am") || is(w, after, "o") || is(w, after, "oclock") ||
        is(w, after, "h") || is(w, after, "heures") || is(w, after, "heure") ||
        (parse_number(w, after) && parse_number(w, after)->value < 60))
      d.reset();
  }
  if (d) {
    if (auto full = explicit_date(w, k, today)) return Match{full->date, i, full->end};
    return Match{next_day_of_month(today, d->value), i, k + d->length};
  }
  // "mercredi de la semaine prochaine", "Wednesday next week": that day in next calendar week.
  for (std::string_view next_week : {"de la semaine prochaine", "la semaine prochaine", "next week"}) {
    if (phrase_at(w, i + 1, next_week)) {
      const Date next_monday = add_days(today, 7 - weekday(today));
      return Match{add_days(next_monday, wd), i, i + 1 + phrase_length(next_week)};
    }
  }
  int offset = (wd - weekday(today) + 7) % 7;
  std::size_t begin = i, end = i + 1;
  const bool next_before = i > 0 && (is(w, i - 1, "next") || is(w, i - 1, "prochain"));
  // "Tuesday week", "next Tuesday week", "mardi en huit": a week after the coming Tuesday (said
  // on a Tuesday: a week today).
  const bool week_after =
      (is(w, i + 1, "week") && !is(w, i + 2, "end")) || (is(w, i + 1, "en") && is(w, i + 2, "huit"));
  if (week_after)
    return Match{add_days(today, offset + 7), next_before ? i - 1 : i, i + (is(w, i + 1, "week") ? 2 : 3)};
  const bool next_after = is(w, i + 1, "prochain");
  if (next_before) begin = i - 1;
  if (next_after) end = i + 2;
  // "Jeudi prochain" said on a Wednesday is not tomorrow (that would be "demain" or "ce
  // jeudi"): "next" skips today and tomorrow to the week after. The read-back says the date.
  if ((next_before || next_after) && offset <= 1) offset += 7;
  return Match{add_days(today, offset), begin, end};
}

bool is_any_of(std::string_view t, std::initializer_list<std::string_view> list) {
  for (std::string_view x : list)
    if (t == x) return true;
  return false;
}

// "Christmas Eve", "la veille de Noël", "le jour de l'an": a holiday named for its date. Only
// the named day, never a bare "Noël" / "Christmas" ("un menu de Noël" is no date).
std::optional<Match> holiday(const Words& w, std::size_t i, const Date& today) {
  struct Holiday {
    std::string_view phrase;
    int month, day;
  };
  static constexpr Holiday kHolidays[] = {
      {"christmas eve", 12, 24},       {"christmas day", 12, 25},      {"boxing day", 12, 26},
      {"new year s eve", 12, 31},      {"new years eve", 12, 31},      {"new year eve", 12, 31},
      {"new year s day", 1, 1},        {"new years day", 1, 1},        {"new year day", 1, 1},
      {"veille de noel", 12, 24},      {"reveillon de noel", 12, 24},  {"soir de noel", 12, 24},
      {"nuit de noel", 12, 24},        {"jour de noel", 12, 25},       {"lendemain de noel", 12, 26},
      {"reveillon du nouvel an", 12, 31}, {"reveillon de la saint sylvestre", 12, 31},
      {"saint sylvestre", 12, 31},     {"jour de l an", 1, 1},         {"premier de l an", 1, 1},
      // Said alone, "le réveillon" is the first one to come: Christmas Eve's.
      {"reveillon", 12, 24}};
  for (const auto& h : kHolidays)
    if (phrase_at(w, i, h.phrase))
      return Match{next_month_day(today, h.month, h.day, std::nullopt), i, i + phrase_length(h.phrase)};
  return std::nullopt;
}

// "J'appelle le 15", "faites le 18": an emergency number dialled, not the 15th.
bool dialled(const Words& w, std::size_t i) {
  if (i < 2 || !is(w, i - 1, "le")) return false;
  for (std::string_view v : {"appelle", "appeler", "appelez", "appelons", "appeller", "rappelle",
                             "compose", "composer", "composez", "faites", "faire", "fais", "joindre"})
    if (is(w, i - 2, v)) return true;
  return false;
}

// "À ce soir !", "à demain", "see you tomorrow", "à samedi": a farewell, its day the one
// already booked, not a new request. Only at the end of what is said.
bool farewell_day(const Words& w, const Match& m) {
  if (m.begin == 0) return false;
  for (std::size_t k = m.end; k < w.size(); ++k)  // "à ce soir, au revoir", "see you Friday then"
    if (!is_any_of(w[k].text, {"soir", "matin", "midi", "apres", "night", "evening", "morning", "then",
                               "alors", "au", "revoir", "bye", "merci", "thanks", "thank", "you",
                               "bonne", "soiree", "journee"}))
      return false;
  // "À" after thanks or a yes, or opening the sentence: "reporter à demain" is a new day.
  const std::size_t b = m.begin;
  if (is(w, b - 1, "a"))
    return b == 1 || is_any_of(w[b - 2].text, {"merci", "oui", "non", "ok", "accord", "parfait", "bien",
                                               "super", "revoir", "top", "nickel", "tres", "bon"});
  return (is(w, b - 1, "you") && is(w, b - 2, "see")) ||
         (b >= 3 && is(w, b - 1, "on") && is(w, b - 2, "you") && is(w, b - 3, "see"));
}

}  // namespace

std::optional<Date> month_alone(const Words& w, const Date& today) {
  for (std::size_t i = 1; i < w.size(); ++i) {
    const int m = month_at(w, i);
    if (m == 0 || !is_any_of(w[i - 1].text, {"pour", "en", "in", "for", "de", "du"})) continue;
    if (i + 1 < w.size() && parse_number(w, i + 1)) continue;  // "February 12"
    if (m == today.month) return today;
    return Date{m > today.month ? today.year : today.year + 1, m, 1};
  }
  return std::nullopt;
}

int weekday_at(const Words& w, std::size_t i) {
  if (i >= w.size()) return -1;
  std::string_view t = w[i].text;
  if (t.size() > 5 && t.back() == 's') t.remove_suffix(1);  // "on Mondays", "les lundis"
  for (const auto& lang : kWeekdays)
    for (int d = 0; d < 7; ++d)
      if (t == lang[d]) return d;
  return -1;
}

std::optional<Date> find_date(const Words& w, std::vector<bool>& used, const Date& today, bool bare) {
  // A lone number is the day only when nothing else in the sentence is: "next Monday, like
  // nine" is a Monday (the nine is an hour), not the 9th.
  if (bare) {
    std::vector<bool> tried = used;
    if (auto d = find_date(w, tried, today, false)) {
      used = std::move(tried);
      return d;
    }
  }
  bool about_opening = false;
  for (const Word& x : w)
    about_opening = about_opening || is_any_of(x.text, {"open", "closed", "ouvert", "ouverts", "ouverte",
                                                        "ouvertes", "ferme", "fermes", "fermee", "fermees"});
  std::optional<Date> last, holiday_date;
  for (std::size_t i = 0; i < w.size();) {
    if (used[i]) {
      ++i;
      continue;
    }
    // Before "le premier" of "le premier de l'an"; "are you open on Christmas Day?" asks about
    // the holiday's opening (the FAQ's), not for that day.
    std::optional<Match> m = about_opening ? std::nullopt : holiday(w, i, today);
    const bool weak = m.has_value();
    if (!m) m = relative_day(w, i, today);
    if (!m) m = weekday_match(w, used, i, today);
    if (!m) m = explicit_date(w, i, today);
    if (!m && !dialled(w, i)) m = day_of_month(w, i, today, bare);
    if (m && farewell_day(w, *m)) {  // its words stay free: nothing else reads a day in them
      i = m->end;
      continue;
    }
    bool clash = !m;
    for (std::size_t k = m ? m->begin : 0; m && k < m->end; ++k) clash = clash || (used[k] && k >= i);
    if (clash) {
      ++i;
      continue;
    }
    for (std::size_t k = m->begin; k < m->end; ++k) used[k] = true;
    // "samedi, pas vendredi". A holiday is weaker than a date said: "pour le réveillon, le 30".
    // "the Friday one", "my Friday appointment": the booking the caller has, a day only when no
    // other is said ("Saturday at 9, not Friday, and the Friday one cancelled" is Saturday).
    const bool names_a_booking = m->begin > 0 && is_any_of(w[m->begin - 1].text, {"the", "my", "our"}) &&
                                 m->end < w.size() &&
                                 is_any_of(w[m->end].text, {"one", "appointment", "booking", "reservation", "slot"});
    if (!negated_before(w, m->begin)) (weak || names_a_booking ? holiday_date : last) = m->date;
    i = m->end;
  }
  return last ? last : holiday_date;
}

}  // namespace webox::brain
