// The name a booking is made under.
//
//   std::string_view said = "Oui, au nom de Lefèvre s'il vous plaît";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   find_name(said, w, used, false)   -> "Lefèvre"
//   "c'est Martin" -> "Martin"   "my name is John Smith" -> "John Smith"   "under Smith" -> "Smith"
//   find_name("dupont", ..., true)    -> "Dupont"     (the name was just asked)
//
// Contract: run last, after the other extractors marked their words in `used`. A name follows a
// marker ("au nom de", "je m'appelle", "my name is", "under (the name)", or a title after
// "c'est"/"ici"/"this is": "c'est madame Garnier", "this is Mrs Smith"; "nom"/"name" opening the
// line as a label: "nom Dupont", "ok, name Smith", "surname Baker", whatever was asked); after a
// weak marker ("c'est", "je suis", "it's", "this is", "I'm") the next word must be capitalised as
// recognisers write names. With `name_was_asked` the first run of words that are neither fillers ("euh",
// "c'est", "oui", "please", imperatives such as "mettez", "notez", "put", "make", room words) nor
// used is the name. Asked or after a marker, the fuller name said right after it is the one meant
// ("Lambert, Sophie Lambert", "au nom de Bernard, Paul Bernard", "under Smith, John Smith").
// A name ends before the caller's company ("Greg Miller from Apex", "Paul Martin de chez
// Renault") and an explanation ("Petit, comme petit"); a relative booked for names the person
// ("pour mon fils Hugo Blanc", "for my daughter Emma"). An age beside an asked name ("Lucas
// Martin, il a 7 ans") does not make it something else's answer.
// At most four words; the original spelling
// (accents, hyphens, apostrophes) is kept and each word capitalised. A name spelled letter by
// letter ("Dupont, D U P O N T", "d-u-p-o-n-t", "N as in Nancy, G U Y E N") gives the spoken
// word when it matches the letters (keeping "Lefèvre"'s accents), else the letters, capitalised.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<std::string> find_name(std::string_view utterance, const Words& words,
                                     std::vector<bool>& used, bool name_was_asked);

// Words that cannot be part of a name (articles, fillers, politeness, yes/no, ...).
bool is_filler(std::string_view folded_word);

// The utterance spells a name, three letters or more ("L, E, F, E, B, V, R, E").
bool spells_a_name(std::string_view utterance);
// The words deny `name`, "pas Lefèvre", "not Smith" (a correction of the name read back): where
// what follows the denied name starts in the utterance, so the right name is read there.
std::optional<std::size_t> denies_name(const Words& words, std::string_view name);

}  // namespace webox::brain
