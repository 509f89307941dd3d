// Hotel stays: nights, date ranges and room types (adapters/brain/local/stay.h).
#include <catch2/catch.hpp>

#include "adapters/brain/local/stay.h"
#include "adapters/brain/local/understand.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("nights, ranges and room types", "[brain][stay]") {
  const Date today{2026, 11, 25};
  for (const auto& row : testing::table("stay.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    const bool asked = row[0] == "yes";
    const Stay s = find_stay(w, used, today, asked);
    const auto room = find_room_type(w, used, asked && row[2].starts_with("-,-,"));
    const std::string got = (s.nights ? std::to_string(*s.nights) : "-") + "," +
                            (s.arrival ? to_iso(*s.arrival) : "-") + "," + room.value_or("-");
    INFO(row[1]);
    CHECK(got == row[2]);
  }
}

TEST_CASE("nights are not a party, a range is not two dates", "[brain][stay]") {
  const Understanding u = understand("une chambre pour trois nuits du 3 au 6 décembre", {2026, 11, 25}, Asked::nothing);
  CHECK_FALSE(u.party);
  CHECK(u.nights == 3);
  REQUIRE(u.date);
  CHECK(to_iso(*u.date) == "2026-12-03");
  const Understanding lone = understand("quatre", {2026, 11, 25}, Asked::nights);
  CHECK(lone.nights == 4);
  CHECK_FALSE(lone.party);
}
