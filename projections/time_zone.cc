#include "projections/time_zone.h"

#include <date/tz.h>

#include <cstdio>

namespace webox {

namespace {

using std::chrono::microseconds;
using std::chrono::seconds;

const date::time_zone* zone(const void* z) { return static_cast<const date::time_zone*>(z); }

}  // namespace

std::string LocalTime::day_key() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string LocalTime::month_key() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

std::optional<std::string> add_days(std::string_view day, int days) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (day[i] < '0' || day[i] > '9') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (day[i] - '0');
    return v;
  };
  y = num(0, 4);
  m = static_cast<unsigned>(num(5, 2));
  d = static_cast<unsigned>(num(8, 2));
  date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
  if (!ymd.ok()) return std::nullopt;
  date::year_month_day moved{date::sys_days(ymd) + date::days(days)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(moved.year()),
                static_cast<unsigned>(moved.month()), static_cast<unsigned>(moved.day()));
  return std::string(buf);
}

TimeZone::TimeZone() = default;

Result<TimeZone> TimeZone::find(std::string_view name) {
  TimeZone tz;
  if (name.empty() || name == "UTC") return tz;
  try {
    tz.zone_ = date::locate_zone(name);
  } catch (const std::exception&) {
    // The database reports an unknown name by throwing; that is input, not a bug.
    return Error::invalid("time_zone", "unknown time zone \"" + std::string(name) + "\"");
  }
  tz.name_ = std::string(name);
  return tz;
}

TimeZone TimeZone::find_or_utc(std::string_view name) {
  auto tz = find(name);
  return tz ? *tz : TimeZone();
}

Micros TimeZone::offset(Micros utc) const {
  if (!zone_) return 0;
  if (utc >= cached_begin_ && utc < cached_end_) return cached_offset_;
  auto info = zone(zone_)->get_info(date::sys_seconds(
      std::chrono::floor<seconds>(microseconds(utc))));
  cached_begin_ = std::chrono::duration_cast<microseconds>(info.begin.time_since_epoch()).count();
  cached_end_ = std::chrono::duration_cast<microseconds>(info.end.time_since_epoch()).count();
  cached_offset_ = std::chrono::duration_cast<microseconds>(info.offset).count();
  return cached_offset_;
}

LocalTime TimeZone::local(Micros utc) const {
  Micros t = utc + offset(utc);
  auto secs = std::chrono::floor<seconds>(date::sys_time<microseconds>(microseconds(t)));
  auto days = std::chrono::floor<date::days>(secs);
  date::year_month_day ymd{days};
  LocalTime out;
  out.year = static_cast<int>(ymd.year());
  out.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  out.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  out.hour = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(secs - days).count());
  return out;
}

Micros TimeZone::day_start(int year, int month, int day) const {
  date::local_days local{date::year(year) / date::month(static_cast<unsigned>(month)) /
                         date::day(static_cast<unsigned>(day))};
  if (!zone_)
    return std::chrono::duration_cast<microseconds>(local.time_since_epoch()).count();
  // A midnight that does not exist (a DST jump at 00:00) starts at the first instant after the
  // gap; an ambiguous one at its earlier instant.
  auto info = zone(zone_)->get_info(local);
  date::sys_seconds sys;
  if (info.result == date::local_info::nonexistent)
    sys = info.second.begin;
  else
    sys = date::sys_seconds(local.time_since_epoch() - info.first.offset);
  return std::chrono::duration_cast<microseconds>(sys.time_since_epoch()).count();
}

}  // namespace webox
