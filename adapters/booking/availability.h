// One assistant's calendar and the check every booking goes through, whoever asks (a caller
// through any brain, or the REST API).
//
//   Calendar cal;                                   // folded from stream "calendar-<assistant>"
//   cal.apply(BookingConfirmed{.booking_id = "b1", .date = "2026-11-26", .time = "20:00",
//                              .party_size = 36});
//   CalendarRules rules = rules_for(R"({"seats": 40})", "table", "");  // a table held 90 min
//   Verdict v = cal.check(rules, BookingConfirmed{.date = "2026-11-26", .time = "20:30",
//                                                 .party_size = 6}, now);
//   v.reason        -> Refusal::full           (36 + 6 > 40 between 20:30 and 21:30)
//   v.alternatives  -> {"21:30", "18:45"}      (nearest times that fit, later first on a tie)
//
// The model: a booking holds `units` of one pool from its start for `hold_minutes` (rooms: whole
// nights, from check-in day to check-out day). A table holds its party's covers out of `seats`;
// an appointment or a service holds one of its resource's places (a practitioner, a bay): one
// by default, so a second booking of the same slot is refused as taken. A pool with no limit
// (seats 0) never fills. Times are the business's local wall clock.
//
// Contract: pure and deterministic. `check` refuses, in this order: invalid (unreadable date or
// time, no party), past (before `now`), closed (outside opening hours; rooms are exempt: a
// hotel's desk is always open), too_large (party over the largest one booking may take),
// taken/full (no room left in its pool for the whole hold). A booking id already in the
// calendar is accepted again unchanged (a retried request), whatever the calendar holds now.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/context.h"
#include "events/event_types.h"

namespace webox::booking {

enum class Refusal { none, invalid, past, closed, too_large, taken, full };
std::string_view to_string(Refusal r);  // "", "invalid", "past", "closed", "too_large", ...

struct CalendarRules {
  std::optional<brain::WeekHours> hours;  // nullopt: always open
  int max_party = 0;          // the largest party one booking may be (0: no limit)
  int seats = 0;              // units the pool holds at once (0: no limit)
  int hold_minutes = 90;      // how long a booking holds its units
  int step_minutes = 15;      // granularity of the alternatives offered
  bool counts_party = true;   // tables hold their party's covers; appointments hold one place
  bool ignores_hours = false; // rooms: arrival is not bound to opening hours
};

// The rules for booking `kind` ("table", "appointment", "service", "room") of `resource` at the
// business an assistant's context_data describes (adapters/brain/local/context.h for hours and
// "capacity", the largest party). The calendar's own keys, all optional:
//   "seats": 40          covers a restaurant seats at once (absent: no limit)
//   "table_minutes": 90  how long a table is held
//   "slot_minutes": 30   how long an appointment or a service takes
//   "places": 2          appointments one resource takes at once (default 1)
//   "rooms": [{"type": "double", "count": 12}, ...]   rooms of each type, one per booking
// A malformed key is ignored (the default applies): a call must still be served.
CalendarRules rules_for(std::string_view context_json, std::string_view kind,
                        std::string_view resource);

struct Verdict {
  Refusal reason = Refusal::none;
  std::string message;                    // for an API problem body: what was wrong
  std::vector<std::string> alternatives;  // "HH:MM" the same day that would fit, nearest first
  bool ok() const { return reason == Refusal::none; }
};

class Calendar {
 public:
  // -- folding (BookingConfirmed and BookingCancelled of the calendar stream) --
  void apply(const BookingConfirmed& b);
  void apply(const BookingCancelled& c);

  // -- observers --
  const BookingConfirmed* find(std::string_view booking_id) const;
  bool cancelled(std::string_view booking_id) const;
  std::size_t size() const { return bookings_.size(); }

  // -- the check --
  Verdict check(const CalendarRules& rules, const BookingConfirmed& request,
                const brain::LocalMoment& now) const;

 private:
  struct Span {
    std::int64_t start = 0, end = 0;  // minutes since the epoch, local wall clock
    int units = 0;
  };
  std::optional<Span> span_of(const CalendarRules& rules, const BookingConfirmed& b) const;
  bool fits(const CalendarRules& rules, const BookingConfirmed& b, const Span& s) const;
  std::vector<std::string> alternatives(const CalendarRules& rules, const BookingConfirmed& b,
                                        const brain::LocalMoment& now) const;

  std::unordered_map<std::string, BookingConfirmed> bookings_;  // live ones, by id
  std::unordered_map<std::string, bool> cancelled_;             // ids ever cancelled
};

// "2026-11-26" -> Date, "20:30" -> 1230; nullopt when malformed or out of range.
std::optional<brain::Date> parse_date(std::string_view iso);
std::optional<int> parse_time(std::string_view hhmm);

}  // namespace webox::booking
