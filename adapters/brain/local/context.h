// The business facts the local engine needs, read from an assistant's context_data JSON.
//
//   auto c = parse_context(R"({"business_name": "Chez Marcel", "capacity": 8,
//                              "utc_offset": "+01:00", "address": "12 rue des Lilas, Paris",
//                              "transfer_number": "+33612345678",
//                              "opening_hours": {"tuesday": [["12:00","14:30"],["19:00","22:30"]],
//                                                "monday": []}})");
//   c->open_on(0)            -> false        (0 = Monday: listed with no slot)
//   c->open_at(1, 20 * 60)   -> true         (Tuesday 20:00)
//   c->open_on(6)            -> false        (Sunday: not listed, so closed)
//   c->utc_offset_minutes    -> 60
//
// Keys (all optional): business_name (falls back to the profile's name), address, phone,
// transfer_number (E.164; enables "let me put you through"), capacity (largest party for one
// booking; absent = no limit), utc_offset ("+01:00", "-05:00", "Z"; "timezone" is read too when
// it holds such an offset), opening_hours (weekday -> list of ["HH:MM","HH:MM"] or "HH:MM-HH:MM";
// English or French day names; a closing time at or before the opening runs past midnight).
// When opening_hours is absent the business is always open; when present, a day it omits is
// closed. Time zones are fixed offsets because g++ 12's libstdc++ has no tz database support
// (std::chrono::zoned_time): an assistant moving to summer time updates its utc_offset.
//
// Contract: `parse_context` is strict (the first bad field is the error, named like
// "opening_hours.monday") so an API can validate; `read_context` is what a call uses: a bad
// field is skipped and reported, the rest still serves the caller.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::brain {

struct Interval {
  int open = 0;   // minutes since midnight
  int close = 0;  // minutes since midnight; <= open means the next day
  friend bool operator==(const Interval&, const Interval&) = default;
};

using WeekHours = std::array<std::vector<Interval>, 7>;  // 0 = Monday

struct BusinessContext {
  std::string business_name;
  std::string address;
  std::string phone;
  std::string transfer_number;
  std::optional<WeekHours> hours;  // nullopt: always open
  int capacity = 0;                // 0: no limit
  int utc_offset_minutes = 0;

  bool open_on(int weekday) const;
  // Open at `minutes` on `weekday`, counting the previous day's service that runs past midnight.
  bool open_at(int weekday, int minutes) const;
};

struct ContextReading {
  BusinessContext context;
  std::vector<Error> problems;
};

Result<BusinessContext> parse_context(std::string_view json);
ContextReading read_context(std::string_view json);

Result<int> parse_utc_offset(std::string_view text);   // "+01:00" -> 60
Result<int> parse_clock(std::string_view text);        // "19:30" -> 1170, "24:00" -> 1440

}  // namespace webox::brain
