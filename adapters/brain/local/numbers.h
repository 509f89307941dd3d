// Numbers as callers say them, in French and English, over folded words (see normalize.h).
//
//   Words w = tokenize("quatre-vingt-dix");      parse_number(w, 0) -> {90, 3}
//   tokenize("soixante et onze")                  -> {71, 3}
//   tokenize("twenty one")                        -> {21, 2}
//   tokenize("20")                                -> {20, 1}
//   parse_ordinal(tokenize("the 3rd"), 1)        -> {3, 2}     ("3" "rd")
//   parse_ordinal(tokenize("premier"), 0)        -> {1, 1}
//
// Contract: `parse_number` reads the longest number starting at `at` (0..999999), digits or
// words, never both mixed; "un"/"une"/"one" count as 1 (the caller decides whether an article
// is a number). Belgian/Swiss "septante", "huitante", "octante", "nonante" are understood.
// "quatre-vingts" with its plural s is 80 and ends there ("quatre-vingts treize" is 80, 13).
// `parse_ordinal` reads day-of-month style ordinals: "1er", "3rd", "12th", "premier", "first",
// "twenty first", "douzième"; a plain cardinal is not an ordinal.
#pragma once

#include <cstddef>
#include <optional>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

struct NumberMatch {
  int value = 0;
  std::size_t length = 0;  // words consumed
};

std::optional<NumberMatch> parse_number(const Words& words, std::size_t at);
std::optional<NumberMatch> parse_ordinal(const Words& words, std::size_t at);

}  // namespace webox::brain
