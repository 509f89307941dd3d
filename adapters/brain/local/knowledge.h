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
//   answer_question(*c, tokenize("C'est combien la vidange ? et vous avez un parking ?"), "fr")
//       -> "Vidange : 89 €. Un parking gratuit est derrière."
//   price_of(*c, "Vidange", "fr")                             -> "Vidange : 89 €."
//   lookup_order(*c, "1042")->status                          -> "expédiée"  (the only one)
//   order_detail(*lookup_order(*c, "1042"), tokenize("et elle arrive quand ?"), "fr")
//       -> "Je n'ai pas de date de livraison pour cette commande, qui est expédiée."
//
// Contract: pure functions of their arguments. Words match accent- and case-insensitively
// (normalize.h's folding) and tolerate plurals and close forms ("pneus" ~ "pneu", "dentist" ~
// "dentiste", "vidanger" ~ "vidange": a final s or x is dropped, and a word of 5 letters or more
// matches one that extends it by at most 2). The pointers returned point into `c`.
// - lookup_order: numbers compare case-insensitively, ignoring spaces, dashes, dots,
//   underscores and '#' ("cmd 1042", "#CMD1042" and "CMD-1042" are one order). A bare number
//   of 3 digits or more said without the prefix ("1043") finds the one order whose number ends
//   with that whole group of digits ("CMD-1043", not "CMD-21043"); when two orders end so, it
//   finds nothing: the dialogue asks for the full number rather than guess.
// - order_detail: what the caller asks about an order once its status was said: its carrier
//   ("quel transporteur", "which carrier"), tracking number ("numéro de suivi", "tracking"),
//   expected delivery ("quand", "when", "arrive"), in that order when several are asked. An
//   asked fact the order lacks is said to be unknown, with the status. nullopt: none asked.
// - find_service: a service whose whole name or one whole keyword is said beats one of which
//   only some words of the name are said ("la révision" for "Révision complète"); a longer
//   phrase beats a shorter. Two services equally matched: nullptr (the dialogue should ask).
//   Before all that, a word of 6 letters or more that no service's name nor keyword has but one
//   service's price says, said with a word of that service's own ("le gardiennage des pneus":
//   "Pneus hiver", priced "montage 60 €, gardiennage 40 € la saison"), names that service; a
//   price asked so is that service's too (not "Montage de pneus" of the keyword "pneus").
// - find_practitioner: the last name anywhere ("le docteur Martin", "Dr Martin", "Martin"),
//   the first name adding to it; else a word of the specialty ("le pédiatre", "a dentist").
//   Titles (docteur, Dr, doctor, Pr, Mme, M.) are not names. A tie: nullptr.
// - find_room: the room type by its canonical word (context.h kRoomTypes), nullptr when absent.
// - price_of: "Name : price." for the service named (its name, else a keyword) or the room type
//   (canonical "family" or said "chambre familiale"); nullopt when unknown or without a price.
//   For "how much will it be?" about the service already in the booking.
// - answer_questions: one answer per question asked, in the order the caller asked them, at
//   most 3, none repeated; answer_question joins them with a space (nullopt: none). A line
//   holds several questions when it says several topics: each clause (the words from one
//   "et"/"and"/"also"/"puis" to the next) gets the FAQ entry with most keywords said in it
//   (a tie: the keyword said first), and the other facts answer wherever their words are:
//   - the returns policy when returns or refunds are named; asked "combien de temps"/"how
//     long", only its part about the refund ("le remboursement est fait sous 5 jours") or
//     the return delay ("30 jours pour retourner"), when the policy has such a part;
//     with no returns policy, a refund asked is the cancellation terms (an FAQ entry about
//     cancelling), else the price of the service named ("la sage-femme, c'est remboursé ?"
//     -> "Suivi de grossesse : 30 €, pris en charge à 100 %."); at a practice, unless the
//     caller speaks of cancelling, it is health cover: the service's price, then the FAQ
//     entry whose keyword says "rembours", "mutuelle" or "insurance" when the price does not
//     say the cover itself (price_says_cover);
//   - check-in and check-out times, the menu;
//   - a price: each service or room type named, when a price is asked ("prix", "combien ça
//     coûte", "how much"), and each service named when whether it exists is asked ("il y a",
//     "vous avez", "is there", "can I": a service's own name is a question keyword,
//     "est-ce qu'il y a un parking ?" -> "Parking : 12 € par nuit."; a room so named is the
//     booking's); of two services named, one whose name starts the other's yields to it
//     ("une consultation pour un bébé": "Consultation pédiatrique"); a price asked of
//     nothing named lists every price when there are up to 8, else the first 8 "and N
//     more" - only when nothing else answered.
//   An FAQ entry matched by words that only ask ("combien de temps", "délai", "how long")
//   answers only when nothing else is named in its clause: "et le remboursement, c'est en
//   combien de temps ?" is about the refund, not the delivery FAQ. Words one answer used
//   are not answered twice: the FAQ "frais de port" beats the price of the service of that
//   keyword. Each fact answers only when the caller asks about it in words and the business
//   gave it, so a booking's sentence ("une chambre double pour deux nuits") is not mistaken
//   for a question. A price that says what was asked ("not covered by insurance", found by the
//   find_service rule on price words) beats an FAQ entry matched only by those words. A dish
//   named with a price, offer or menu question is its part of the menu ("Omakase at $120 per
//   person."), generic menu words the whole menu. `language` is the profile's ("fr", "en", "fr-FR"): French when it
//   starts "fr".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/normalize.h"

namespace webox::brain {

const Order* lookup_order(const BusinessContext& c, std::string_view number);
// When an order is expected, as a sentence: "Expected: Friday.", "It ships in 2 days.",
// "Prévu : expédition demain."
std::string eta_sentence(const Order& o, std::string_view language);
std::optional<std::string> order_detail(const Order& order, const Words& words,
                                        std::string_view language);
std::vector<std::string> answer_questions(const BusinessContext& c, const Words& words,
                                          std::string_view language);
std::optional<std::string> answer_question(const BusinessContext& c, const Words& words,
                                           std::string_view language);
// A question asked beside a booking's details ("a cleaning in a fortnight, do you take Delta
// Dental?"): answer_question without "Yes, we offer: <service>" for the service being booked;
// a price asked is still said.
std::optional<std::string> answer_beside_booking(const BusinessContext& c, const Words& words,
                                                 std::string_view language);
// What the business's own FAQ says of the words (entries matched by a subject, not only by
// words that ask): "un kiné peut venir à domicile ?" names the service "kiné", but the FAQ
// "domicile" is the question. nullopt: no entry said.
std::optional<std::string> faq_answer(const BusinessContext& c, const Words& words);
std::optional<std::string> price_of(const BusinessContext& c, std::string_view service_or_room,
                                    std::string_view language);
// Whether a price says how it is covered ("pris en charge à 100 %", "covered by insurance",
// "free with a medical card"): then it answers "is it refunded?" alone.
bool price_says_cover(std::string_view price);
const Service* find_service(const BusinessContext& c, const Words& words);
// The services said equally well ("my brakes are making a noise": brakes, and the diagnostic of
// a noise), the one named first first; one when find_service finds it, none when none is said.
std::vector<const Service*> services_said(const BusinessContext& c, const Words& words);
const Practitioner* find_practitioner(const BusinessContext& c, const Words& words);
const RoomType* find_room(const BusinessContext& c, std::string_view canonical_type);

// "single" -> "chambre simple" / "single room"; "family" -> "chambre familiale" / "family room".
std::string room_label(std::string_view canonical_type, std::string_view language);

}  // namespace webox::brain
