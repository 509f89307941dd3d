// The caller's phone number read out in digits or words (adapters/brain/local/phone.h), and the
// rule that its digits are nobody else's.
#include <catch2/catch.hpp>

#include "adapters/brain/local/phone.h"
#include "adapters/brain/local/understand.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("phone numbers are read in digits and in words", "[brain][phone]") {
  for (const auto& row : testing::table("phone.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    INFO(row[1]);
    CHECK(testing::shown(find_phone(row[1], w, used, row[0] == "yes")) == row[2]);
  }
}

TEST_CASE("a phone number is not a day, a time or a party", "[brain][phone]") {
  const Understanding u = understand("mon numéro c'est le 06 12 34 56 78", {2026, 11, 25}, Asked::nothing);
  CHECK(u.phone == "0612345678");
  CHECK_FALSE(u.party);
  CHECK_FALSE(u.date);
  CHECK_FALSE(u.time);
  CHECK(u.has_slot());
  const Understanding asked = understand("zéro six douze trente-quatre", {2026, 11, 25}, Asked::phone);
  CHECK(asked.phone == "061234");
}
