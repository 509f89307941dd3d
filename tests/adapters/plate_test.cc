// Registration plates: French SIV with its dashes, other formats as letters and digits
// (adapters/brain/local/plate.h).
#include <catch2/catch.hpp>

#include "adapters/brain/local/plate.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("plates are read and normalised", "[brain][plate]") {
  for (const auto& row : testing::table("plate.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    INFO(row[1]);
    CHECK(testing::shown(find_plate(row[1], w, used, row[0] == "yes")) == row[2]);
  }
}
