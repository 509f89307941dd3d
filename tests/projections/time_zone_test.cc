#include <catch2/catch.hpp>

#include "events/clock.h"
#include "projections/time_zone.h"

using namespace webox;

namespace {
Micros at(const char* utc) { return parse_utc(utc).value(); }
}  // namespace

TEST_CASE("local days and hours follow the tenant's zone, across daylight saving") {
  auto paris = TimeZone::find("Europe/Paris").value();
  CHECK(paris.local(at("2026-03-29T00:30:00.000000Z")).hour == 1);   // CET
  CHECK(paris.local(at("2026-03-29T01:30:00.000000Z")).hour == 3);   // CEST: 02:xx never was
  auto nye = paris.local(at("2026-12-31T23:30:00.000000Z"));          // already next year in Paris
  CHECK(nye.day_key() == "2027-01-01");
  CHECK(nye.month_key() == "2027-01");
  CHECK(TimeZone().local(at("2026-12-31T23:30:00.000000Z")).day_key() == "2026-12-31");
  CHECK(paris.month_start(2026, 11) == at("2026-10-31T23:00:00.000000Z"));
  CHECK(paris.day_start(2026, 7, 14) == at("2026-07-13T22:00:00.000000Z"));
}

TEST_CASE("unknown zones are refused by name, and folding falls back to UTC") {
  auto bad = TimeZone::find("Mars/Olympus");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field == "time_zone");
  CHECK(TimeZone::find_or_utc("Mars/Olympus").name() == "UTC");
}

TEST_CASE("civil day arithmetic") {
  CHECK(add_days("2026-03-01", -1) == "2026-02-28");
  CHECK(add_days("2028-03-01", -1) == "2028-02-29");
  CHECK(add_days("2026-12-25", 7) == "2027-01-01");
  CHECK_FALSE(valid_day("2026-02-30"));
  CHECK_FALSE(valid_day("2026-2-3"));
  CHECK_FALSE(valid_day("yesterday"));
}
