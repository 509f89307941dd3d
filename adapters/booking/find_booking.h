// Which of an assistant's bookings a caller means when they ask, by phone, to cancel one: the
// cancel_booking tool's search (adapters/brain/tool_set.h).
//
//   std::vector<BookingConfirmed> upcoming = ...;  // confirmed, personal fields opened
//   auto m = find_booking(upcoming, BookingSearch{.name = "Lefevre", .not_before = "2026-11-25"});
//   m.found   -> true, upcoming[m.index] is "Lefèvre", 2026-11-27 20:00
//   find_booking(upcoming, {.name = "Martin", ...}).reason  -> "several" (two bookings, no day)
//
// Contract: a name matches when, folded (case and accents), it equals the booking's name or
// all its words are words of it ("Dupont" finds "Jean Dupont"; "Jean Dupont" finds "Dupont"
// too: callers give more or less of their name than they booked under). Only bookings on or
// after `not_before` count, and on `date` when one is given. Several matches on the day given,
// or on the caller's own phone number, are narrowed to the one at the time said, if any, else
// to the earliest: the read-back lets the caller refuse it. Several matches with no day: "several", so the brain asks which day.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "events/event_types.h"

namespace webox::booking {

struct BookingSearch {
  std::string name;
  std::string date;          // YYYY-MM-DD, or empty: any upcoming day
  std::string not_before;    // YYYY-MM-DD: the caller's today
  std::string caller_phone;  // E.164 the caller rings from; narrows several matches
  std::string time;          // HH:MM the caller said ("demain à 9h"), or empty; narrows several matches
};

struct BookingMatch {
  bool found = false;
  std::string reason;     // not_found, several
  std::size_t index = 0;  // into the candidates, when found
};

[[nodiscard]] BookingMatch find_booking(std::span<const BookingConfirmed> candidates,
                                        const BookingSearch& search);

}  // namespace webox::booking
