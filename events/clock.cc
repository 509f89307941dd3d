#include "events/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace webox {

Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

void put_digits(char* at, unsigned value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = char('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

std::string format_utc(Micros t) {
  std::string out;
  append_utc(out, t);
  return out;
}

void append_utc(std::string& out, Micros t) {
  // By hand rather than gmtime_r + snprintf: the read API formats two of these per call row,
  // and printf's format parsing was 9 % of a /calls page (docs/BENCHMARKS.md section 7).
  using namespace std::chrono;
  const sys_time<microseconds> tp{microseconds{t}};
  const auto day = floor<days>(tp);
  const year_month_day ymd{day};
  const hh_mm_ss hms{floor<microseconds>(tp - day)};
  const int y = int(ymd.year());
  if (y < 0 || y > 9999) {  // outside what four digits hold: not worth a fast path
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06ldZ", y,
                  unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                  int(hms.minutes().count()), int(hms.seconds().count()),
                  long(hms.subseconds().count()));
    out.append(buf);
    return;
  }
  char p[27];  // YYYY-MM-DDTHH:MM:SS.ffffffZ
  put_digits(p, unsigned(y), 4);
  p[4] = '-';
  put_digits(p + 5, unsigned(ymd.month()), 2);
  p[7] = '-';
  put_digits(p + 8, unsigned(ymd.day()), 2);
  p[10] = 'T';
  put_digits(p + 11, unsigned(hms.hours().count()), 2);
  p[13] = ':';
  put_digits(p + 14, unsigned(hms.minutes().count()), 2);
  p[16] = ':';
  put_digits(p + 17, unsigned(hms.seconds().count()), 2);
  p[19] = '.';
  put_digits(p + 20, unsigned(hms.subseconds().count()), 6);
  p[26] = 'Z';
  out.append(p, sizeof p);
}

Result<Micros> parse_utc(std::string_view text) {
  // Exactly the form format_utc writes: the log never holds any other.
  int y, mo, d, h, mi, s;
  long us;
  char z;
  std::string copy(text);
  if (text.size() != 27 ||
      std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6ld%c", &y, &mo, &d, &h, &mi, &s, &us,
                  &z) != 8 ||
      z != 'Z')
    return Error::invalid("recorded_at", "expected YYYY-MM-DDTHH:MM:SS.ffffffZ");
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return Micros(timegm(&tm)) * 1'000'000 + us;
}

}  // namespace webox
