// A car's registration plate.
//
//   std::string_view said = "ma plaque c'est AB 123 CD";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   find_plate(said, w, used, false)   -> "AB-123-CD"
//   "ab123cd", "AB-123-CD", "ab 123 cd", "a b cent vingt-trois c d"  -> "AB-123-CD"  (French SIV)
//   "1234 AB 75", "1234 ab 75"                           -> "1234-AB-75" (the older French FNI)
//   "my registration is AB12 CDE"                        -> "AB12CDE"    (any other format)
//
// Contract: the plate follows "plaque", "immatriculation", "immatriculée", "plate",
// "registration", "licence"/"license" (with "c'est", "is", "number" between), or is the first
// spelled run with a letter and a digit when `plate_was_asked`; unannounced, only a run in the
// French shape counts ("c'est pour AB 123 CD", "ab 123 cd", "1234 AB 75"; in lower case, letter
// groups that are no everyday word). Two letters, three digits and two letters are the French
// SIV format, up to four digits, up to three letters (not a lone "h": "20 h 30" is a time) and
// two digits the older FNI, both written with dashes; anything else is
// upper-case letters and digits, 4 to 8 of them, without spaces. Marks its words in `used`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<std::string> find_plate(std::string_view said, const Words& words, std::vector<bool>& used,
                                      bool plate_was_asked);

}  // namespace webox::brain
