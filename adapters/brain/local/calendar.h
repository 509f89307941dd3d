// Civil dates and the business's local clock, without the wall clock or a tz database.
//
//   LocalMoment now = local_moment(parse_utc("2026-11-25T08:41:00Z").value(), 60);  // UTC+01:00
//   now.date  -> {2026, 11, 25}      now.minutes -> 9 * 60 + 41
//   weekday(now.date)          -> 2  (0 = Monday ... 6 = Sunday)
//   add_days(now.date, 1)      -> {2026, 11, 26}
//   to_iso(now.date)           -> "2026-11-25"
//
// Contract: proleptic Gregorian arithmetic (Howard Hinnant's days-from-civil), exact for any
// year the engine will see. The business's zone is a fixed UTC offset in minutes because g++ 12's
// libstdc++ has no std::chrono::zoned_time; a daylight-saving change is the assistant's job to
// reflect by updating its "utc_offset".
#pragma once

#include <cstdint>
#include <string>

#include "events/clock.h"

namespace webox::brain {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

struct LocalMoment {
  Date date;
  int minutes = 0;  // since local midnight
};

std::int64_t days_from_civil(const Date& d);
Date civil_from_days(std::int64_t days);
int weekday(const Date& d);  // 0 = Monday
Date add_days(const Date& d, int days);
int days_in_month(int year, int month);
bool valid_date(const Date& d);
std::string to_iso(const Date& d);  // "2026-11-25"
LocalMoment local_moment(Micros utc, int utc_offset_minutes);

}  // namespace webox::brain
