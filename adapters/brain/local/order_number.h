// The number of an order the caller asks about.
//
//   std::string_view said = "c'est pour le suivi de ma commande numéro 10 42";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   find_order_number(said, w, used, false)  -> "1042"
//   "order A 1 0 4 2" -> "A1042"   "CMD-2291" -> "CMD2291"   "b comme Bernard 7 7 3 1" -> "B7731"
//
// Contract: upper-case letters and digits, no spaces or dashes, at least one digit and three
// characters. The code follows "commande"/"order" (then "numéro", "number", "c'est", "is" may
// come between) or is the "CMD-..." reference itself, written or spelled ("C M D mille
// quarante-deux" -> "CMD1042"; numbers in words are read whole: "T S five thousand and one" ->
// "TS5001"); with `order_was_asked` the first spelled
// run with a digit is it. A letter after the digits ends the code unless more digits follow
// ("1042 a été livrée"). Marks its words in `used`: run before times, dates and party.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<std::string> find_order_number(std::string_view said, const Words& words,
                                             std::vector<bool>& used, bool order_was_asked);

}  // namespace webox::brain
