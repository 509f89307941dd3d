// The caller's car, brand and model (adapters/brain/local/vehicle.h).
#include <catch2/catch.hpp>

#include "adapters/brain/local/understand.h"
#include "adapters/brain/local/vehicle.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("vehicles are a brand and the model said with it", "[brain][vehicle]") {
  for (const auto& row : testing::table("vehicle.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    INFO(row[1]);
    CHECK(testing::shown(find_vehicle(row[1], w, used, row[0] == "yes")) == row[2]);
  }
}

TEST_CASE("a model number is not a party size", "[brain][vehicle]") {
  const Understanding u = understand("c'est pour ma Peugeot 208 pour 4 pneus", {2026, 11, 25}, Asked::party);
  CHECK(u.vehicle == "Peugeot 208");
  CHECK(u.party != 208);
}
