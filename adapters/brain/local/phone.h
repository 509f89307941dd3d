// The caller's phone number, read out in digits or in words.
//
//   std::string_view said = "mon numéro c'est le 06 12 34 56 78";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   find_phone(said, w, used, false)   -> "0612345678"   (and "06" is no longer a day or a time)
//   "zéro six douze trente-quatre cinquante-six soixante-dix-huit"   -> "0612345678"
//   "plus trente-trois six douze ..." / "+33 6 12 ..."                -> "+33612..."
//   "oh seven seven double oh nine hundred one two three"             -> "07700900123"
//
// Contract: digits only, with a leading '+' when the caller said one. A run of spoken digits
// counts when it has 8 to 15 digits, or at least 4 when `phone_was_asked`. French pairs
// ("douze", "quatre-vingt-dix-huit") give two digits, "double"/"triple" repeat the next one,
// "oh" is zero between digits, hesitations inside the number are skipped. The words read are
// marked in `used`, so run this before the time, date and party readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<std::string> find_phone(std::string_view said, const Words& words, std::vector<bool>& used,
                                      bool phone_was_asked);

}  // namespace webox::brain
