// Names spelled letter by letter, and free answers kept as said (adapters/brain/local/names.h,
// answer.h).
#include <catch2/catch.hpp>

#include "adapters/brain/local/answer.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/understand.h"
#include "tests/support/brain_table.h"

using namespace webox::brain;

TEST_CASE("spelled names give the name", "[brain][names]") {
  for (const auto& row : testing::table("names_spelled.tsv", 3)) {
    const Words w = tokenize(row[1]);
    std::vector<bool> used(w.size(), false);
    INFO(row[1]);
    CHECK(testing::shown(find_name(row[1], w, used, row[0] == "yes")) == row[2]);
  }
}

TEST_CASE("free answers lose their lead-ins and keep their words", "[brain][answer]") {
  for (const auto& row : testing::table("answers.tsv", 2)) {
    INFO(row[0]);
    CHECK(testing::shown(clean_answer(row[0])) == row[1]);
  }
  const Understanding u = understand("euh pour une vidange", {2026, 11, 25}, Asked::service);
  CHECK(u.free_text == "une vidange");
  CHECK_FALSE(understand("une vidange", {2026, 11, 25}, Asked::nothing).free_text);
}
