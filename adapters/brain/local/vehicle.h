// The caller's car: brand and model as said.
//
//   std::string_view said = "c'est pour faire la vidange de ma Renault Clio 4";
//   Words w = tokenize(said);
//   std::vector<bool> used(w.size());
//   find_vehicle(said, w, used, false)   -> "Renault Clio 4"
//   "une Peugeot 208" -> "Peugeot 208"   "a BMW 3 series" -> "BMW 3 Series"   "Audi A4" -> "Audi A4"
//   find_vehicle("208 Peugeot", ..., true) -> "Peugeot 208"   ("une Clio", asked) -> "Renault Clio"
//
// Contract: a known brand, then up to two model words: a number ("208"), a known model ("Clio",
// "Golf"), a letter-and-digit code ("C3", "XC60") or a capitalised word; "classe"/"series" and
// the like bring their letter or number along ("classe A", "3 series"). Brands that are also
// common words (Seat, Mini, Smart, DS, Jeep) count only when capitalised. With
// `vehicle_was_asked` the model may come first ("208 Peugeot"). A well-known model names its
// brand ("une Clio" -> "Renault Clio", "ma Golf" -> "Volkswagen Golf"): asked, alone; not asked,
// after "ma"/"une"/"my"/"the", and capitalised when the model is also a common word ("golf").
// A model year next to the car ("a twenty fifteen Ford F-150", "une Clio de 2018") is marked
// used so it is no time (20:15), and dropped from the slot. The brand is written its own way ("Citroën", "BMW"), the model as said, each
// word capitalised, codes in capitals. Marks its words in `used`: run before party and times.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

std::optional<std::string> find_vehicle(std::string_view said, const Words& words, std::vector<bool>& used,
                                        bool vehicle_was_asked);

}  // namespace webox::brain
