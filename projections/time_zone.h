// A tenant's local calendar: which day, month and hour an instant falls in, from the system's
// IANA time zone database (tzdata, read through Howard Hinnant's date library).
//
//   auto tz = TimeZone::find("Europe/Paris");          // Result<TimeZone>
//   LocalTime t = tz->local(parse_utc("2026-03-29T00:30:00.000000Z").value());
//   // t.day_key() == "2026-03-29", t.hour == 1 (CET); an hour later, t.hour == 3 (CEST)
//   tz->month_start(2026, 3)   // the UTC instant of 2026-03-01T00:00 in Paris
//
// Statistics count by local day and hour, and billing by calendar month, in the tenant's zone:
// a call at 00:30 in Paris on the 1st belongs to the new month even though it is still the
// last day of the old one in UTC.
//
// A TimeZone is a cheap handle (one pointer and a one-interval cache): copy it per thread;
// one object must not be used by two threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/clock.h"
#include "events/result.h"

namespace webox {

struct LocalTime {
  int year = 1970, month = 1, day = 1, hour = 0;
  std::string day_key() const;    // "YYYY-MM-DD"
  std::string month_key() const;  // "YYYY-MM"
};

// "YYYY-MM-DD" moved by `days` (negative: back), in the civil calendar; nullopt when `day` is
// not such a date. valid_day("2026-02-30") is false.
std::optional<std::string> add_days(std::string_view day, int days);
inline bool valid_day(std::string_view day) { return add_days(day, 0).has_value(); }

class TimeZone {
 public:
  TimeZone();  // UTC
  // Errc::invalid_argument (field "time_zone") for a name the database does not know.
  [[nodiscard]] static Result<TimeZone> find(std::string_view name);
  // `name`, or UTC when it is unknown: for folding events whose zone was checked when written.
  static TimeZone find_or_utc(std::string_view name);

  LocalTime local(Micros utc) const;
  Micros offset(Micros utc) const;  // local - UTC, in microseconds
  // The UTC instant at which local midnight of that day begins.
  Micros day_start(int year, int month, int day) const;
  Micros month_start(int year, int month) const { return day_start(year, month, 1); }
  const std::string& name() const { return name_; }

 private:
  const void* zone_ = nullptr;  // const date::time_zone*; nullptr is UTC
  std::string name_ = "UTC";
  mutable Micros cached_begin_ = 1, cached_end_ = 0, cached_offset_ = 0;
};

}  // namespace webox
