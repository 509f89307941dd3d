// Times of day as callers say them, and the part of the day they hint at.
//
//   Words w = tokenize("ce soir à 8h");
//   std::vector<bool> used(w.size());
//   SpokenTime t = *find_time(w, used, false);   // {8, 0, Meridiem::none}, used marks "8" "h"
//   find_day_part(w)                             -> DayPart::evening
//   resolve(t, DayPart::evening)                 -> {20, 0}
//   resolve(*find_time(tokenize("half past seven pm"), ...), DayPart::none)  -> {19, 30}
//
// Understood: "20h", "20h30", "20:30", "vingt heures (trente)", "huit heures et demie / et quart /
// moins le quart / moins dix", "midi", "minuit", "8 pm", "8:30 p.m.", "eight thirty", "eight
// o'clock", "half past seven", "(a) quarter to eight", "ten past eight", and a bare number after
// "à", "vers", "at", "around", "like" ("at 8", "like nine"; not "I'd like four"). With `bare_number_is_time` (the time was just asked) a
// lone number is a time too. A number followed by "personnes"/"people" is never a time, which is
// how "pour 4 à 20h" keeps 4 for the party; nor is one followed by "ans"/"days"/"semaines" (an
// age or a duration: "il a trois ans"). "nine-ish", "9ish" and "make it eight thirty" are times too (a bare "make it 8" is not: it
// may correct the party).
//
// Contract: several times in one sentence -> the last one not denied wins ("à 21h, pas à 20h";
// a caller correcting herself says the right one last). Weak readings — a bare "midi", a bare
// "à trois" — lose to any explicit time and, when they lose, give their words back ("jeudi vers
// 13h à trois" keeps "trois" for the party). Words of the other times are marked in `used`.
#pragma once

#include <optional>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

enum class Meridiem { none, am, pm };
enum class DayPart { none, morning, lunch, afternoon, evening };

struct SpokenTime {
  int hour = 0;  // as said: 0..24, or 1..12 with a meridiem
  int minute = 0;
  Meridiem meridiem = Meridiem::none;
  friend bool operator==(const SpokenTime&, const SpokenTime&) = default;
};

struct ClockTime {
  int hour = 0;  // 0..23
  int minute = 0;
  int minutes() const { return hour * 60 + minute; }
  friend bool operator==(const ClockTime&, const ClockTime&) = default;
};

std::optional<SpokenTime> find_time(const Words& words, std::vector<bool>& used,
                                    bool bare_number_is_time);
DayPart find_day_part(const Words& words);
// The number when the time said is only a bare number after "à"/"at" ("plutôt à 3"), a weak
// reading that may count people or nights: the dialogue decides by what it asked.
std::optional<int> bare_number_time(const Words& words);

// A time said as a delay from now: "dans une heure", "dans une demi-heure", "d'ici vingt
// minutes", "in an hour", "in half an hour", "in an hour and a half", "in 20 mins" -> minutes
// (5..360), its words marked in `used`, so "une heure" is not read as 1 o'clock afterwards.
// Run it before find_time. The dialogue adds it to the business's local time.
std::optional<int> find_delay(const Words& words, std::vector<bool>& used);

// True when the hour could be either half of the day ("8h", "at eight" with no hint).
bool ambiguous(const SpokenTime& t, DayPart part);
// The reading a caller most likely means: the hint decides, else 1..6 are afternoon/evening
// (nobody books a table at 3 a.m.) and 7..11 are morning.
ClockTime resolve(const SpokenTime& t, DayPart part);
// The other half of the day for an ambiguous time (e.g. 20:00 for a bare "8h").
ClockTime other_half(const ClockTime& t);

// Words that count people: "personnes", "people", "couverts", "adults", "enfants", ...
bool is_person_word(const Words& words, std::size_t at);
// "ans", "years", "jours", "days", "semaines", "weeks", "mois", "months" at `at`: the number
// before it is an age or a duration, never a time, a party or a day of the month.
bool is_duration_word(const Words& words, std::size_t at);

}  // namespace webox::brain
