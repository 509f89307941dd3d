#include "adapters/brain/local/stay.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/numbers.h"

namespace webox::brain {
namespace {

constexpr int kMaxNights = 60;

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

bool any_of(const Words& w, std::initializer_list<std::string_view> list) {
  for (const auto& x : w)
    for (auto s : list)
      if (x.text == s) return true;
  return false;
}

void mark(std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k) used[k] = true;
}

bool free_span(const std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k)
    if (k >= used.size() || used[k]) return false;
  return true;
}

// "deux", "2", and the articles "une"/"a"/"an" as one.
std::optional<NumberMatch> count_at(const Words& w, std::size_t i) {
  if (is(w, i, "a") || is(w, i, "an")) return NumberMatch{1, 1};
  return parse_number(w, i);
}

// The date said by words [begin, end) when they all make one date.
std::optional<Date> whole_date(Words part, const Date& today) {
  if (part.empty()) return std::nullopt;
  std::vector<bool> used(part.size(), false);
  auto d = find_date(part, used, today, true);
  for (bool u : used)
    if (!u) return std::nullopt;
  return d;
}

bool month_word(const Words& w, std::size_t i) {
  static constexpr std::string_view kMonths[] = {
      "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
      "novembre", "decembre", "january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december"};
  for (auto m : kMonths)
    if (is(w, i, m)) return true;
  return false;
}

// "du 3 au 5 décembre", "from December 24th to the 27th", "from Friday to Sunday".
// Bare numbers ("from 7 to 8") are hours, not days, unless the talk is about a stay.
// About a stay, "from" may go unsaid: "the thirtieth to the second", "le 21 au 23".
std::optional<Stay> range_at(const Words& w, std::vector<bool>& used, std::size_t i, const Date& today,
                             bool about_a_stay) {
  const bool led = is(w, i, "du") || is(w, i, "from");
  const bool unled = !led && about_a_stay && (is(w, i, "the") || is(w, i, "le"));
  if (!led && !unled) return std::nullopt;
  const std::size_t first_begin = led ? i + 1 : i;
  for (std::size_t to = first_begin + 1; to <= i + 5 && to < w.size(); ++to) {
    if (!(is(w, to, "au") || is(w, to, "to") || is(w, to, "until") || is(w, to, "till"))) continue;
    for (std::size_t end = std::min(w.size(), to + 6); end > to + 1; --end) {
      bool named = about_a_stay;
      for (std::size_t k = i; k < end; ++k) named = named || month_word(w, k) || weekday_at(w, k) >= 0;
      if (!named) continue;
      if (!free_span(used, i, end)) continue;
      Words first(w.begin() + first_begin, w.begin() + to);
      const Words second(w.begin() + to + 1, w.begin() + end);
      // "du 3 au 5 décembre": the month said once, at the end, is the first day's too.
      if (month_word(w, end - 1) && !month_word(w, to - 1)) first.push_back(w[end - 1]);
      // "c'est en janvier, deux nuits du 8 au 10": a month said alone in the line is the range's.
      Words until_words = second;
      if (!month_word(w, end - 1) && !month_word(w, to - 1))
        for (std::size_t m = 1; m < w.size(); ++m)
          if ((m < i || m >= end) && month_word(w, m) && (is(w, m - 1, "en") || is(w, m - 1, "in"))) {
            first.push_back(w[m]);
            until_words.push_back(w[m]);
            break;
          }
      auto from = whole_date(first, today);
      if (!from) from = whole_date(Words(w.begin() + first_begin, w.begin() + to), today);
      if (!from) continue;
      auto until = whole_date(until_words, *from);
      if (!until) continue;
      const auto nights = days_from_civil(*until) - days_from_civil(*from);
      if (nights < 1 || nights > kMaxNights) continue;
      mark(used, i, end);
      return Stay{static_cast<int>(nights), *from};
    }
  }
  return std::nullopt;
}

// A weekday and the day of the month that may follow it ("Friday the 11th", "vendredi 11"):
// the index past it, or `i` when no weekday is there.
std::size_t listed_day_end(const Words& w, std::size_t i) {
  if (weekday_at(w, i) < 0) return i;
  std::size_t k = i + 1;
  if (is(w, k, "the")) ++k;
  if (auto o = parse_ordinal(w, k); o && o->value >= 1 && o->value <= 31) return k + o->length;
  if (auto n = parse_number(w, k); n && n->value >= 1 && n->value <= 31) return k + n->length;
  return i + 1;
}

// "checking out Sunday", "leaving on the 13th", "départ dimanche": the day the stay ends, from
// `at`; its span's end in `end`.
constexpr std::string_view kCheckOut[] = {
    "checking out on", "checking out", "check out on", "check out", "checkout", "leaving on", "leaving",
    "departing on", "departing", "depart le", "depart", "on repart le", "on repart", "on part le",
    "on partira le", "on partira", "jusqu au"};

bool checkout_phrase_at(const Words& w, std::size_t at) {
  for (std::string_view p : kCheckOut)
    if (phrase_at(w, at, p)) return true;
  return false;
}

std::optional<Date> checkout_at(const Words& w, const std::vector<bool>& used, std::size_t at,
                                const Date& after, std::size_t& end) {
  for (std::string_view p : kCheckOut) {
    if (!phrase_at(w, at, p)) continue;
    const std::size_t from = at + phrase_length(p);
    for (std::size_t e = std::min(w.size(), from + 4); e > from; --e) {
      if (!free_span(used, from, e)) continue;
      auto d = whole_date(Words(w.begin() + from, w.begin() + e), after);
      if (!d) continue;
      end = e;
      return d;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// "Monday and Tuesday night next week", "vendredi et samedi soir", "Friday the 11th and Saturday
// the 12th, checking out Sunday" about a room: the nights of the days listed, from the first.
std::optional<Stay> nights_listed_at(const Words& w, std::vector<bool>& used, std::size_t i,
                                     const Date& today) {
  const std::size_t first_end = listed_day_end(w, i);
  if (first_end == i || !(is(w, first_end, "and") || is(w, first_end, "et"))) return std::nullopt;
  std::size_t second = first_end + 1;
  if (is(w, second, "le") || is(w, second, "the")) ++second;  // "le vendredi et le samedi"
  std::size_t second_end = listed_day_end(w, second);
  if (second_end == second) return std::nullopt;
  std::size_t end = second_end;
  std::size_t checkout_end = 0;
  const bool nights_word = is(w, end, "night") || is(w, end, "nights") || is(w, end, "nuit") ||
                           is(w, end, "nuits") || is(w, end, "soir") || is(w, end, "soirs");
  // "Friday and Saturday" with no "nights", about a room: those two nights, when they are two
  // bare weekdays that follow each other. "vendredi 27 et samedi 28" may be one night or two
  // (arriving the 27th, leaving the 28th): not read.
  bool next_days = false;
  if (nights_word) ++end;
  else if (checkout_at(w, used, end, today, checkout_end)) {}
  else if (first_end == i + 1) {
    next_days = true;
    end = second_end = second + 1;  // "Friday and Saturday, two of us": the two is no date
  } else {
    return std::nullopt;
  }
  // What places the first day places the second: "next week", "la semaine prochaine".
  Words tail;
  for (std::string_view p : {"next week", "this week", "la semaine prochaine", "semaine prochaine",
                             "cette semaine"})
    if (phrase_at(w, end, p)) {
      tail.assign(w.begin() + end, w.begin() + end + phrase_length(p));
      end += phrase_length(p);
      break;
    }
  if (!free_span(used, i, end)) return std::nullopt;
  Words first(w.begin() + i, w.begin() + first_end), second_day(w.begin() + second, w.begin() + second_end);
  first.insert(first.end(), tail.begin(), tail.end());
  auto from = whole_date(first, today);
  if (!from) return std::nullopt;
  second_day.insert(second_day.end(), tail.begin(), tail.end());
  auto last = whole_date(second_day, today);
  // "Friday and Saturday night": the second day is the next one after the first.
  if (!last || *last < *from) last = whole_date(Words(w.begin() + second, w.begin() + second_end), *from);
  if (!last) return std::nullopt;
  const auto nights = days_from_civil(*last) - days_from_civil(*from) + 1;
  if (nights < 1 || nights > 7 || (next_days && nights != 2)) return std::nullopt;
  mark(used, i, std::max(end, checkout_end));  // the check-out day said is the day after: read
  return Stay{static_cast<int>(nights), *from};
}

// "juste la nuit de samedi", "la nuit du 5 décembre", "the night of the 12th", "just the
// Saturday night": one night, arriving that day.
std::optional<Stay> one_night_at(const Words& w, std::vector<bool>& used, std::size_t i, const Date& today) {
  std::size_t day = i, day_end = i;
  for (std::string_view p : {"la nuit de", "la nuit du", "une nuit de", "the night of"})
    if (phrase_at(w, i, p)) day = i + phrase_length(p);
  if (day > i) {
    for (std::size_t end = std::min(w.size(), day + 3); end > day; --end)
      if (free_span(used, day, end) && whole_date(Words(w.begin() + day, w.begin() + end), today)) {
        day_end = end;
        break;
      }
    if (day_end == i) return std::nullopt;
  } else if ((is(w, i, "just") || is(w, i, "only")) && is(w, i + 1, "the") && weekday_at(w, i + 2) >= 0 &&
             is(w, i + 3, "night")) {
    day = i + 2;
    day_end = i + 3;
  } else {
    return std::nullopt;
  }
  const auto arrival = whole_date(Words(w.begin() + day, w.begin() + day_end), today);
  if (!arrival || !free_span(used, i, day_end)) return std::nullopt;
  mark(used, i, day_end + (is(w, day_end, "night") ? 1 : 0));
  return Stay{1, *arrival};
}

// "trois nuits", "for a week", "deux semaines".
std::optional<int> nights_at(const Words& w, const std::vector<bool>& used, std::size_t i, bool weeks_ok,
                             std::size_t& end) {
  auto n = count_at(w, i);
  if (!n || n->value < 1 || n->value > kMaxNights) return std::nullopt;
  const std::size_t k = i + n->length;
  if (!free_span(used, i, k + 1)) return std::nullopt;
  end = k + 1;
  const std::string& unit = w[k].text;
  if (unit == "nuit" || unit == "nuits" || unit == "nuitee" || unit == "nuitees" || unit == "night" ||
      unit == "nights")
    return n->value;
  if (!weeks_ok || (i > 0 && (is(w, i - 1, "dans") || is(w, i - 1, "in") || is(w, i - 1, "depuis"))))
    return std::nullopt;
  if (unit == "semaine" || unit == "semaines" || unit == "week" || unit == "weeks") return 7 * n->value;
  return std::nullopt;
}

// "Arriving Friday, checking out Sunday", "le 11, départ le 13": the nights from the day said
// before to the check-out day.
std::optional<Stay> arrival_to_checkout(const Words& w, std::vector<bool>& used, const Date& today) {
  for (std::size_t i = 1; i < w.size(); ++i) {
    std::size_t end = 0;
    // The check-out phrase first: the arrival before it is a date parse of every word so far.
    if (used[i] || !checkout_phrase_at(w, i)) continue;
    std::vector<bool> before(used.begin(), used.begin() + i);
    auto from = find_date(Words(w.begin(), w.begin() + i), before, today, false);
    if (!from) continue;
    auto until = checkout_at(w, used, i, *from, end);
    if (!until) continue;
    const auto nights = days_from_civil(*until) - days_from_civil(*from);
    if (nights < 1 || nights > kMaxNights) continue;
    mark(used, i, end);  // the arrival's words are left to find_date, which reads the same day
    return Stay{static_cast<int>(nights), *from};
  }
  return std::nullopt;
}

}  // namespace

// "pour une semaine", "for two weeks" with no room said is still a stay's length; but "I've had
// a cough for a week", "j'ai mal depuis ..." is how long a symptom lasted.
bool weeks_for_a_stay(const Words& w, std::size_t i) {
  if (!(is(w, i - 1, "pour") || is(w, i - 1, "for"))) return false;
  return !any_of(w, {"had", "been", "ve", "depuis", "since", "mal", "pain", "sore", "cough", "toux",
                     "fievre", "fever", "arret", "tousse"});
}

Stay find_stay(const Words& w, std::vector<bool>& used, const Date& today, bool asked, bool room_asked,
               bool hotel) {
  const bool about_a_stay = asked || room_asked || any_of(w, {"chambre", "chambres", "room", "rooms", "nuit", "nuits",
                                                "night", "nights", "hotel", "sejour", "stay"});
  Stay stay;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    if (auto r = range_at(w, used, i, today, about_a_stay || hotel)) {
      stay = *r;
      continue;
    }
    if (auto r = about_a_stay || hotel ? nights_listed_at(w, used, i, today) : std::nullopt) {
      // "du 8 au 10, le vendredi et le samedi": bare weekdays only describe the dated range.
      const bool bare = is(w, i + 1, "and") || is(w, i + 1, "et");
      if (!(bare && stay.arrival)) stay = *r;
      continue;
    }
    if (auto r = about_a_stay ? one_night_at(w, used, i, today) : std::nullopt) {
      stay = *r;
      continue;
    }
    std::size_t end = i;
    if (auto n = nights_at(w, used, i, about_a_stay || (i > 0 && weeks_for_a_stay(w, i)), end)) {
      mark(used, i, end);
      if (!negated_before(w, i)) stay.nights = n;
      i = end - 1;
    }
  }
  if (!stay.nights && about_a_stay)
    if (auto s = arrival_to_checkout(w, used, today)) stay = *s;
  if (stay.nights || !asked) return stay;
  for (std::size_t i = 0; i < w.size(); ++i) {  // a lone number after "combien de nuits ?"
    auto n = used[i] ? std::nullopt : parse_number(w, i);
    if (!n || n->value < 1 || n->value > kMaxNights || !free_span(used, i, i + n->length)) continue;
    mark(used, i, i + n->length);
    stay.nights = n->value;
    break;
  }
  return stay;
}

namespace {

struct RoomWord {
  std::string_view phrase;
  std::string_view type;
  bool needs_room = true;  // only next to a room word, after an article, or when asked
};

// Longest first, so "deux lits simples" is twin before "simple" is single.
constexpr RoomWord kRoomWords[] = {
    {"lits jumeaux", "twin", false},  {"deux lits", "twin", false},    {"two beds", "twin", false},
    {"two single beds", "twin", false}, {"separate beds", "twin", false}, {"lits separes", "twin", false},
    {"twin", "twin", false},          {"grand lit", "double", false},  {"lit double", "double", false},
    {"double bed", "double", false},  {"king bed", "double", false},   {"queen bed", "double", false},
    {"king size", "double", false},   {"queen size", "double", false}, {"familiale", "family", false},
    {"family room", "family", false}, {"family suite", "family", false}, {"suites", "suite", false},
    {"suite", "suite"},               {"double", "double"},            {"simple", "single"},
    {"individuelle", "single"},       {"single", "single"},            {"triple", "triple"},
    {"lit en dortoir", "dorm", false}, {"dorm bed", "dorm", false},    {"dortoir", "dorm", false},
    {"dormitory", "dorm", false},     {"dorm", "dorm", false}};

bool room_word(const Words& w, std::size_t i) {
  return is(w, i, "chambre") || is(w, i, "chambres") || is(w, i, "room") || is(w, i, "rooms");
}

bool article(const Words& w, std::size_t i) {
  return is(w, i, "une") || is(w, i, "un") || is(w, i, "la") || is(w, i, "a") || is(w, i, "the") ||
         is(w, i, "des") || is(w, i, "any") || is(w, i, "your") || is(w, i, "votre") ||
         is(w, i, "vos");
}

// "tout de suite", "par la suite", "suite à": not a room.
bool idiom_suite(const Words& w, std::size_t i) {
  return is(w, i, "suite") && (is(w, i - 1, "de") || (is(w, i - 1, "la") && is(w, i - 2, "par")) ||
                               is(w, i + 1, "a"));
}

}  // namespace

// The last room type said wins: "a twin I guess... actually no, a family room" is a family room.
std::optional<std::string> find_room_type(const Words& w, std::vector<bool>& used, bool asked) {
  std::optional<std::string> last;
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (const auto& r : kRoomWords) {
      const std::size_t len = phrase_length(r.phrase);
      if (!phrase_at(w, i, r.phrase) || !free_span(used, i, i + len) || (i > 0 && idiom_suite(w, i))) continue;
      const bool placed = asked || !r.needs_room || (i > 0 && (room_word(w, i - 1) || article(w, i - 1))) ||
                          room_word(w, i + len);
      if (!placed) continue;
      last = std::string(r.type);
      mark(used, i, i + len);  // every room word said is taken: none of them is a name
      i += len - 1;            // the longest phrase at i was taken: go on after it
      break;
    }
  }
  return last;
}

}  // namespace webox::brain
