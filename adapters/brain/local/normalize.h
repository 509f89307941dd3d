// What the local engine matches on: folded words that remember where they came from.
//
//   Words w = tokenize("Au nom de Lefèvre, pour 20h30 s'il vous plaît");
//   // w[k].text : "au" "nom" "de" "lefevre" "pour" "20" "h" "30" "s" "il" "vous" "plait"
//   // w[3].begin/end point at "Lefèvre" in the original text, so a name keeps its accents.
//   find_phrase(w, "s il vous plait")  -> 8
//   fold("Après-Demain")              -> "apres-demain"
//
// Contract: folding lowercases ASCII and Latin-1 letters, strips French accents, turns "œ" into
// "oe"; words split on spaces, punctuation, apostrophes and hyphens (so "quatre-vingt-dix",
// "d'accord" and "that's" become several words), and between digits and letters (so "20h30",
// "8pm" and "3rd" become "20" "h" "30", "8" "pm", "3" "rd"). A ':' between digits is kept as a
// word of its own because "20:30" means the same as "20h30". Bytes that are not valid UTF-8 are
// treated as separators: a recogniser's glitch must not throw. A few French elisions written
// without their apostrophe by a recogniser ("cest", "jai", "ladresse", "jusqua") are split as if
// it were there ("c" "est"); forms that are words of their own ("nest", "quest") are not.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace webox::brain {

struct Word {
  std::string text;       // folded
  std::size_t begin = 0;  // byte span in the original utterance
  std::size_t end = 0;
  bool capitalised = false;  // the original started with an upper-case letter (names do)
};

using Words = std::vector<Word>;

std::string fold(std::string_view text);
Words tokenize(std::string_view text);

// True when the words of `phrase` (space separated, already folded) start at `at`.
bool phrase_at(const Words& words, std::size_t at, std::string_view phrase);
// Index of the first occurrence of `phrase`, or npos.
std::size_t find_phrase(const Words& words, std::string_view phrase, std::size_t from = 0);
// True when any of `phrases` occurs (each matched as find_phrase does).
bool said_any_phrase(const Words& words, std::span<const std::string_view> phrases);
bool said_any_phrase(const Words& words, std::initializer_list<std::string_view> phrases);
// Number of words in `phrase`.
std::size_t phrase_length(std::string_view phrase);

bool is_number_text(std::string_view s);  // all ASCII digits, non-empty

// True when the words just before `at` deny what follows: "pas (à) 20h", "not Friday",
// "instead of Friday", "plutôt que jeudi", "au lieu de jeudi".
bool negated_before(const Words& words, std::size_t at);

// Upper-cases the first letter of every word of `name` (ASCII and Latin-1) and lower-cases the
// rest when the word was shouted in capitals ("DUPONT" -> "Dupont", "mcDonald" -> "McDonald").
std::string capitalise_name(std::string_view name);

}  // namespace webox::brain
