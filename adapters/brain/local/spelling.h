// Characters spelled one by one: names ("D U P O N T", "N as in Nancy") and codes ("A 1 0 4 2",
// "b comme Bernard 7 7 3 1", "ab123cd", "cent vingt-trois").
//
//   std::string_view said = "c'est la B comme Bernard 7 7 3 1";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   read_spelled(said, w, used, 3, Spelling::code)   -> {"B7731", end 9, 1 letter, 4 digits}
//   read_spelled("d-u-p-o-n-t", ..., 0, Spelling::letters) -> {"DUPONT", ...}
//
// Contract: reads from `at` while words are spelled characters and not `used`; never marks
// `used` (the caller decides whether the run is what it wants). A letter is a one-letter word,
// optionally followed by its example word ("a comme Anatole", "A as in alpha", "B for bravo");
// a French elision ("l'", "n'est") or an English clitic ("it's") is not a letter. In code mode a
// letter group of two or three letters counts when written in capitals or glued to digits
// ("CMD-2291", "ab123cd", "ab-123-cd"), digits are read as written, numbers in words become their digits
// ("quarante-deux" -> "42", "double oh" -> "00"), and hesitations inside the run are skipped.
// In letters mode "deux S", "double L" inside a run is the letter twice ("double u" is W).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

enum class Spelling { letters, code, digits };  // digits: a code without letters

struct Spelled {
  std::string text;  // upper-case letters and digits
  std::size_t end = 0;
  int letters = 0;
  int digits = 0;
  // Where the run stood right after its last digit: "1042 a" cut back to "1042".
  std::size_t end_after_digits = 0;
  std::size_t length_after_digits = 0;
};

Spelled read_spelled(std::string_view said, const Words& words, const std::vector<bool>& used,
                     std::size_t at, Spelling mode);

// True for "euh", "um", "uh"...: sounds a caller makes while reading something out.
bool is_hesitation(std::string_view folded_word);

}  // namespace webox::brain
