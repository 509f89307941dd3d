// How many people the table is for.
//
//   Words w = tokenize("une table pour 4 à 20h");
//   std::vector<bool> used(w.size());
//   find_time(w, used, false);                 // takes "20" "h" first
//   find_party(w, used, false)                 -> 4
//   "quatre personnes" -> 4   "nous serons 6" -> 6   "a table for two" -> 2
//   "deux adultes et trois enfants" -> 5      "just me" -> 1    "ma femme et moi" -> 2
//
// Contract: run after find_time/find_date so their numbers are already `used`. A number is a
// party size when people words follow it ("personnes", "people", "couverts", "of us"), when it
// follows "pour"/"for"/"nous serons"/"we are"/"party of", or, with `bare_number_is_party` (the
// size was just asked), on its own (the last one: "six, no, seven" -> 7). "une"/"a" before a
// noun ("une table") is an article. Counted groups add up only when joined ("deux adultes et
// un bébé"); otherwise the last one is a correction ("four people, sorry, five people" -> 5); a
// denied one ("pas 4 personnes") is skipped. A hesitation may sit between the lead-in and the
// number ("on sera, euh, six"); a number before "ans"/"days"/"semaines" is an age or a duration
// ("il a trois ans", "for three days"), never a party.
#pragma once

#include <optional>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<int> find_party(const Words& words, std::vector<bool>& used, bool bare_number_is_party);

}  // namespace webox::brain
