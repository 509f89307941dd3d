// One caller utterance turned into intents and booking slots: the engine's whole NLU.
//
//   Understanding u = understand("une table pour quatre demain soir à 20h au nom de Dupont",
//                                Date{2026, 11, 25}, Asked::nothing);
//   u.intents.book         -> true
//   u.party                -> 4
//   u.date                 -> 2026-11-26
//   resolve(*u.time, u.part) -> 20:00
//   u.name                 -> "Dupont"
//
//   understand("ma commande numéro 10 42 est arrivée abîmée", today, Asked::nothing)
//     .order_number -> "1042", .intents.order && .intents.ticket, and no time 10:42
//   understand("zéro six douze trente-quatre cinquante-six soixante-dix-huit", today, Asked::phone)
//     .phone -> "0612345678"
//   understand("une chambre double du 3 au 5 décembre", ...)  .room_type "double", .nights 2, .date 12-03
//   understand("euh pour une vidange", today, Asked::service).free_text -> "une vidange"
//
// Contract: pure and deterministic. `asked` is what the assistant just asked; it lets a lone
// answer fill that slot ("quatre" after "pour combien ?", "Dupont" after "à quel nom ?").
// Extractors run in a fixed order — order number, plate, phone, vehicle, stay (nights, range),
// room type, times, dates, party, name — each skipping the words the previous ones took, which
// is what keeps "pour 4 à 20h" from becoming a party of 20, "commande 1042" from being 10:42,
// "mon numéro c'est le 06 12..." from being the 6th, and "trois nuits" from being a party of 3.
// After Asked::service or Asked::practitioner, `free_text` is the answer as said, lead-ins
// ("euh", "c'est", "pour") removed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/intents.h"
#include "adapters/brain/local/times.h"

namespace webox::brain {

enum class Asked {
  nothing, party, day, time, name, confirmation, change, anything_else,
  phone, order_number, plate, vehicle, nights, room_type, service, practitioner,
  problem,  // a complaint's description, taken as it is said
  address   // a parcel's new delivery address, passed on with the change asked for
};

struct Understanding {
  Intents intents;
  std::optional<int> party;
  std::optional<Date> date;
  std::optional<SpokenTime> time;
  // "dans une heure", "in half an hour": minutes from now, which the dialogue turns into a time
  // (understand() does not know the hour).
  std::optional<int> delay_minutes;
  DayPart part = DayPart::none;
  std::optional<std::string> name;
  std::optional<std::string> phone;         // "0612345678", "+33612345678": digits, optional '+'
  std::optional<std::string> order_number;  // "A1042": upper-case, no spaces or dashes
  std::optional<std::string> plate;         // "AB-123-CD" (French SIV) or "AB12CDE"
  std::optional<int> nights;
  std::optional<std::string> room_type;     // single double twin triple suite family
  std::optional<std::string> vehicle;       // "Peugeot 208"
  // The answer itself, after "which service?" / "which practitioner?": "une vidange".
  std::optional<std::string> free_text;

  bool has_slot() const {
    return party || date || time || delay_minutes || name || phone || order_number || plate || nights || room_type ||
           vehicle || free_text;
  }
};

// `hotel`: the business lets rooms (stay.h's find_stay reads the nights listed without a room word).
Understanding understand(std::string_view utterance, const Date& today, Asked asked, bool hotel = false);

// A question or request rather than an answer: it opens with a verb or question word once the
// lead-ins are passed ("can we bring our dog", "est-ce qu'on peut ...", "vous acceptez les
// chèques"), or it is long (more than four words that are not fillers). Never a name.
bool asks_back(const Words& words);

}  // namespace webox::brain
