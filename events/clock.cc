#include "events/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace webox {

Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_utc(Micros t) {
  std::time_t secs = std::time_t(t / 1'000'000);
  long micros = long(t % 1'000'000);
  if (micros < 0) {
    micros += 1'000'000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
  return buf;
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
