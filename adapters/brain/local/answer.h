// A free answer, kept as said: which service, which practitioner.
//
//   clean_answer("euh c'est pour une angine je crois")   -> "une angine je crois"
//   clean_answer("uh Dr Kim please")                      -> "Dr Kim"
//   clean_answer("avec le docteur Benali.")               -> "le docteur Benali"
//   clean_answer("euh")                                   -> nullopt
//
// Contract: the original text (casing, accents, apostrophes) from the first word that is not a
// lead-in ("euh", "alors", "oui", "c'est", "it's", "pour", "for", "avec", "with", ...) to the
// last one that is not a politeness ("s'il vous plaît", "please", "merci"), without the
// punctuation around it. Nothing left is no answer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace webox::brain {

std::optional<std::string> clean_answer(std::string_view utterance);

}  // namespace webox::brain
