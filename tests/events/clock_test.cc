// format_utc is written by hand (no gmtime_r, no printf) because the read API formats two per
// call row; these tests hold it to what gmtime_r + snprintf give, the definition it replaced.
#include <catch2/catch.hpp>

#include <cstdio>
#include <ctime>
#include <random>

#include "events/clock.h"

using namespace webox;

namespace {

std::string reference(Micros t) {
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

}  // namespace

TEST_CASE("format_utc writes what gmtime_r and snprintf write, on the edges of days and years") {
  const Micros day = 86'400'000'000LL;
  const Micros leap_2024_02_29 = 1'709'164'800'000'000LL;
  for (Micros t : {Micros{0}, Micros{1}, Micros{999'999}, Micros{-1}, Micros{-1'000'000},
                   day - 1, day, leap_2024_02_29, leap_2024_02_29 - 1, leap_2024_02_29 + day,
                   Micros{1'735'689'599'999'999LL} /* 2024-12-31T23:59:59.999999Z */,
                   Micros{1'735'689'600'000'000LL}, Micros{253'402'300'799'999'999LL} /* 9999 */,
                   Micros{-62'135'596'800'000'000LL} /* year 1 */}) {
    INFO(t);
    CHECK(format_utc(t) == reference(t));
  }
  CHECK(format_utc(1'764'060'067'123'456LL) == "2025-11-25T08:41:07.123456Z");
}

TEST_CASE("format_utc agrees with gmtime_r on 100,000 random instants and reads back exactly") {
  std::mt19937_64 rng(20261203);
  std::uniform_int_distribution<Micros> any(-2'000'000'000'000'000LL, 4'000'000'000'000'000LL);
  for (int i = 0; i < 100'000; ++i) {
    Micros t = any(rng);
    auto text = format_utc(t);
    REQUIRE(text == reference(t));
    if (t >= 0) REQUIRE(*parse_utc(text) == t);
  }
}
