// A hotel stay: how many nights, and which kind of room.
//
//   const Date today{2026, 11, 25};
//   Words w = tokenize("une chambre double du 3 au 5 décembre");
//   std::vector<bool> used(w.size());
//   Stay s = find_stay(w, used, today, false);   // s.nights -> 2, s.arrival -> 2026-12-03
//   find_room_type(w, used, false)               -> "double"
//   "trois nuits" / "for 2 nights" -> 3 / 2   "une semaine" / "a week" -> 7 (about a room)
//   "lits jumeaux" / "two separate beds" -> "twin"   "un grand lit" / "king bed" -> "double"
//
// Contract: nights are a number before "nuit(s)"/"night(s)", weeks about a stay (a room or
// nights are mentioned, or the nights were asked, or "pour/for" leads them with no symptom said:
// "for a week" -> 7, "two weeks" asked -> 14, but "I've had a cough for a week" and "depuis une
// semaine" are not a stay), a range
// "du 3 au 5 décembre" / "from the 3rd to the 5th" / "from Friday to Sunday" / about a stay
// "the thirtieth to the second" / the nights listed "Monday and Tuesday night next week" (2, from
// Monday) (then `arrival` is
// its first day and its words are not read again as dates), or, with `nights_were_asked`, a
// lone number. The last stay not denied wins ("deux nuits pas trois"). Room types are
// canonical: single, double, twin, triple, suite, family; a type word counts next to a room
// word ("chambre double", "double room"), after an article ("une double", "a single"), or when
// the type was asked. Both mark the words they read in `used`: run before party and dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/normalize.h"

namespace webox::brain {

struct Stay {
  std::optional<int> nights;
  std::optional<Date> arrival;  // only from a range of dates
};

// `room_was_asked`: the talk is about a stay, so "du 21 au 23" is a range of days, not hours.
// `hotel`: the business lets rooms, so "Friday and Saturday" is that stay's two nights and
// "du 12 au 15" a range of days even with no room word in the line ("yes, Friday and Saturday,
// two of us"; "non pardon, du 12 au 15" at the read-back).
Stay find_stay(const Words& words, std::vector<bool>& used, const Date& today, bool nights_were_asked,
               bool room_was_asked = false, bool hotel = false);
std::optional<std::string> find_room_type(const Words& words, std::vector<bool>& used, bool room_was_asked);

}  // namespace webox::brain
