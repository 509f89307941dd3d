// What a caller can learn from a business's context_data without booking anything: an order's
// status, a price, the menu, the returns policy, check-in times, the business's own FAQ.
//
//   auto c = parse_context(R"({"trade": "garage", "check_in": "15:00",
//       "services": [{"name": "Vidange", "price": "89 €", "keywords": ["huile", "oil change"]},
//                    {"name": "Changement de pneus", "price": "45 € le pneu"}],
//       "orders": [{"number": "CMD-1042", "status": "expédiée"}],
//       "faq": [{"keywords": ["parking", "garer"], "answer": "Un parking gratuit est derrière."}]})");
//   lookup_order(*c, "cmd 1042")->status                      -> "expédiée"
//   find_service(*c, tokenize("il me faut des pneus"))->name  -> "Changement de pneus"
//   find_service(*c, tokenize("an oil change"))->name         -> "Vidange"
//   answer_question(*c, tokenize("Où est-ce que je peux me garer ?"), "fr")
//       -> "Un parking gratuit est derrière."
//   answer_question(*c, tokenize("Combien coûte la vidange ?"), "fr") -> "Vidange : 89 €."
//   answer_question(*c, tokenize("Bonjour"), "fr")            -> nullopt
//
// Contract: pure functions of their arguments. Words match accent- and case-insensitively
// (normalize.h's folding) and tolerate plurals and close forms ("pneus" ~ "pneu", "dentist" ~
// "dentiste", "vidanger" ~ "vidange": a final s or x is dropped, and a word of 5 letters or more
// matches one that extends it by at most 2). The pointers returned point into `c`.
// - lookup_order: numbers compare case-insensitively, ignoring spaces, dashes, dots,
//   underscores and '#' ("cmd 1042", "#CMD1042" and "CMD-1042" are one order).
// - find_service: a service whose whole name or one whole keyword is said beats one of which
//   only some words of the name are said ("la révision" for "Révision complète"); a longer
//   phrase beats a shorter. Two services equally matched: nullptr (the dialogue should ask).
// - find_practitioner: the last name anywhere ("le docteur Martin", "Dr Martin", "Martin"),
//   the first name adding to it; else a word of the specialty ("le pédiatre", "a dentist").
//   Titles (docteur, Dr, doctor, Pr, Mme, M.) are not names. A tie: nullptr.
// - find_room: the room type by its canonical word (context.h kRoomTypes), nullptr when absent.
// - answer_question, first match wins: the business's FAQ (the entry with most keywords said;
//   the earlier on a tie), then the returns policy, check-in and check-out times, the menu, the
//   prices (of the service or room type named, else a list of up to 6 priced ones). Each fact
//   answers only when the caller asks about it in words ("retour", "refund", "check-in",
//   "à quelle heure ... arriver", "menu", "la carte", "prix", "combien ça coûte", "how much")
//   and the business gave it; nullopt otherwise, so a booking's sentence is not mistaken for a
//   question. `language` is the profile's ("fr", "en", "fr-FR"): French when it starts "fr".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/normalize.h"

namespace webox::brain {

const Order* lookup_order(const BusinessContext& c, std::string_view number);
std::optional<std::string> answer_question(const BusinessContext& c, const Words& words,
                                           std::string_view language);
const Service* find_service(const BusinessContext& c, const Words& words);
const Practitioner* find_practitioner(const BusinessContext& c, const Words& words);
const RoomType* find_room(const BusinessContext& c, std::string_view canonical_type);

// "single" -> "chambre simple" / "single room"; "family" -> "chambre familiale" / "family room".
std::string room_label(std::string_view canonical_type, std::string_view language);

}  // namespace webox::brain
