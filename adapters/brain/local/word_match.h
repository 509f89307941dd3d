// Matching a business's own words (a service's name, an FAQ keyword) against what a caller said.
//
//   same_word("pneus", "pneu")          -> true    (a final s or x)
//   same_word("dentist", "dentiste")    -> true    (5+ letters, extended by at most 2)
//   same_word("pot", "pots")            -> true    same_word("pot", "pote") -> false
//   same_word("puppies", "puppy")       -> true    (an English plural in -ies)
//   Phrase p = phrase_of("Oil change");  // {"oil", "change"}
//   said(tokenize("an oil changes please"), p)  -> true   (consecutive words)
//   find_said(tokenize("an oil change"), p)      -> 1      (where it starts; npos: not said)
//   content_words(phrase_of("Changement de pneus"))  -> {"changement", "pneus"}
//
// Contract: pure (fixed_phrase keeps a per-thread cache of what it folded); words are already
// folded (normalize.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

using Phrase = std::vector<std::string>;  // folded words

bool same_word(std::string_view a, std::string_view b);
Phrase phrase_of(std::string_view text);
// phrase_of for the engine's own fixed phrases (its word lists, never a caller's or a business's
// text): folded once per thread and kept, because the same lists are matched on every caller
// line. The kept set only grows with the lists written in the code.
const Phrase& fixed_phrase(std::string_view phrase);
// True when the words of `phrase` occur one after the other in `words` (an empty phrase: false).
bool said(const Words& words, const Phrase& phrase);
// Where the words of `phrase` next occur one after the other, from `from` on; npos when not.
std::size_t find_said(const Words& words, const Phrase& phrase, std::size_t from = 0);
bool said_word(const Words& words, std::string_view word);
// The words worth matching alone: not articles or prepositions, 3 letters or more.
Phrase content_words(const Phrase& phrase);

}  // namespace webox::brain
