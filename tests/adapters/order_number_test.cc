// Order numbers said after "commande"/"order" or when asked (adapters/brain/local/order_number.h).
#include <catch2/catch.hpp>

#include "adapters/brain/local/order_number.h"
#include "adapters/brain/local/understand.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("order numbers are read with their letters and digits", "[brain][order]") {
  for (const auto& row : testing::table("order_number.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    INFO(row[1]);
    CHECK(testing::shown(find_order_number(row[1], w, used, row[0] == "yes")) == row[2]);
  }
}

TEST_CASE("an order number is not a time", "[brain][order]") {
  const Understanding u = understand("commande 1042", {2026, 11, 25}, Asked::nothing);
  CHECK(u.order_number == "1042");
  CHECK_FALSE(u.time);
  CHECK_FALSE(u.party);
  CHECK(u.intents.order);
}
