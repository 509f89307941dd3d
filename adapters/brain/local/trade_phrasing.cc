// What the local engine says for the trades beyond the restaurant: a practice's appointments,
// a hotel's rooms, a garage's services, a shop's orders (phrasing.h declares it all).
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "adapters/brain/local/phrasing.h"

namespace webox::brain {
namespace {

// "a full service", "an MOT test", "an interim service": the article a service's name takes,
// lower-cased unless it is an acronym (an "MOT" is said "em-oh-tee").
std::string a_service(std::string_view name) {
  std::string s(name);
  if (s.empty()) return s;
  const bool acronym = s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1]));
  if (!acronym) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  const bool vowel = std::string_view(acronym ? "aefhilmnorsx" : "aeiou").find(first) != std::string_view::npos;
  return (vowel ? "an " : "a ") + s;
}

// A service's name within a sentence: "tire rotation", but "MOT".
std::string service_in_sentence(std::string_view name) {
  std::string s(name);
  if (s.size() > 1 && !std::isupper(static_cast<unsigned char>(s[1])))
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// "the oil change", "the brake pads and discs" (a plural takes it too), "the MOT".
std::string the_service(std::string_view name) { return "the " + service_in_sentence(name); }

// "a, b ou c" / "a, b or c".
std::string either(const std::vector<std::string>& parts, bool fr) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? (fr ? " ou " : " or ") : ", ";
    out += parts[i];
  }
  return out;
}

// "Dr Paul Bernard" -> "le docteur Paul Bernard" / "Doctor Paul Bernard": said as a title.
// Only a name the business wrote with a doctor's title is one: a midwife ("Mme Julie
// Garnier"), a physiotherapist or a hygienist ("Karen Holt") is named as written.
std::string doctor(std::string_view name, bool fr) {
  for (std::string_view title : {"Dr. ", "Dr ", "Docteur ", "docteur ", "Doctor "})
    if (name.starts_with(title)) {
      name.remove_prefix(title.size());
      return (fr ? "le docteur " : "Doctor ") + std::string(name);
    }
  return std::string(name);
}

std::string nights_of(int n, bool fr) {
  if (fr) return std::to_string(n) + (n == 1 ? " nuit" : " nuits");
  return std::to_string(n) + (n == 1 ? " night" : " nights");
}

// The caller's vehicle when its model was not given: "your car", "your bike", « votre véhicule »,
// « votre moto ».
std::string vehicle_noun(const Request& r, bool fr) {
  if (r.motorbike) return fr ? "moto" : "bike";
  return fr ? "véhicule" : "car";
}

}  // namespace

std::string Phrasebook::ask(Asked asked, const BusinessContext& c, int guests) const {
  const bool fr = lang_ == Lang::fr;
  switch (asked) {
    case Asked::service:
      if (c.trade == "medical")
        return fr ? "Quel est le motif de votre consultation ?" : "What is the reason for your visit?";
      if (!c.services.empty()) {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < c.services.size() && i < 8; ++i) names.push_back(c.services[i].name);
        return (fr ? "Quelle prestation souhaitez-vous : " : "Which service would you like: ") +
               either(names, fr) + (fr ? " ?" : "?");
      }
      return fr ? "Quelle prestation souhaitez-vous ?" : "Which service would you like?";
    case Asked::practitioner: {
      std::vector<std::string> names;
      for (const auto& p : c.practitioners) names.push_back(doctor(p.name, fr));
      return (fr ? "Avec " : "With ") + either(names, fr) + (fr ? " ?" : "?");
    }
    case Asked::phone:
      return fr ? "À quel numéro de téléphone pouvons-nous vous joindre ?"
                : "What phone number can we reach you on?";
    case Asked::nights: return fr ? "Pour combien de nuits ?" : "For how many nights?";
    case Asked::room_type: {
      std::vector<std::string> types;
      for (const auto& r : c.rooms)
        if (r.capacity >= guests) types.push_back(say_room(r.type));
      if (types.empty())
        for (const auto& r : c.rooms) types.push_back(say_room(r.type));
      else if (types.size() == 1 && guests > 1 && c.rooms.size() > 1) {
        for (const auto& r : c.rooms)
          if (r.capacity >= guests) return room_suggested(r.type, guests) + (fr ? "Cela vous convient ?" : "Would that suit you?");
      }
      return (fr ? "Quel type de chambre souhaitez-vous : " : "Which kind of room would you like: ") +
             either(types, fr) + (fr ? " ?" : "?");
    }
    case Asked::vehicle:
      if (works_on_motorbikes(c))
        return fr ? "Quel est le modèle de votre moto ?" : "What make and model is your bike?";
      return fr ? "Quel est le modèle de votre véhicule ?" : "What make and model is your car?";
    case Asked::plate:
      // North America says "license plate", Britain "registration number": by the business's
      // country, as for its emergency number.
      if (fr) return "Quelle est sa plaque d'immatriculation ?";
      return emergency_number_for(c, bcp47_) == "911" ? "What is its license plate number?"
                                                     : "What is its registration number?";
    case Asked::order_number:
      return fr ? "Quel est votre numéro de commande ?" : "What is your order number?";
    case Asked::day:
      if (c.trade == "hotel") return fr ? "Pour quelle date d'arrivée ?" : "What day will you arrive?";
      break;
    case Asked::party:
      if (c.trade == "hotel") return fr ? "Pour combien de personnes ?" : "How many guests?";
      break;
    case Asked::name:
      if (c.trade == "medical") return fr ? "Quel est le nom du patient ?" : "What is the patient's name?";
      if (c.trade != "restaurant")
        return fr ? "À quel nom dois-je noter la réservation ?" : "What name should I put it under?";
      break;
    default: break;
  }
  return question(asked);
}

namespace {

// How an English-speaking caller groups a number, so the read-back sounds like the number they
// gave: a UK number (11 digits from a leading 0) as it is said in Britain, 5-3-3 ("0 7 7 0 0,
// 9 0 0, 1 2 3"; a London or other 02 number 3-4-4), and "+44" with the national number after
// it; threes regrouping "07700" into "0 7 7, 0 0 9" made it sound like another number. North
// American numbers 3-3-4 (a leading country code 1 alone); anything else in threes.
std::vector<std::size_t> english_groups(std::string_view plain) {
  std::vector<std::size_t> sizes;
  std::size_t left = plain.size();
  if (left == 12 && plain.substr(0, 2) == "44") {  // +44 7700 900123: the 0 is dropped
    return plain[2] == '2' ? std::vector<std::size_t>{2, 2, 4, 4} : std::vector<std::size_t>{2, 4, 3, 3};
  }
  if (left == 11 && plain[0] == '0') return plain[1] == '2' ? std::vector<std::size_t>{3, 4, 4}
                                                            : std::vector<std::size_t>{5, 3, 3};
  if (left == 11 && plain[0] == '1') sizes.push_back(1), --left;
  const std::size_t tail = left == 10 || left == 7 ? 4 : 0;  // other numbers: threes, as before
  for (left -= tail; left > 0; left -= std::min<std::size_t>(left, 3)) sizes.push_back(std::min<std::size_t>(left, 3));
  if (tail) sizes.push_back(tail);
  return sizes;
}

}  // namespace

std::string Phrasebook::say_digits(std::string_view digits) const {
  // Pairs for a French number ("0 6, 1 2"); in English as the number's country groups it
  // (english_groups). Every digit said alone.
  std::string plain;
  bool plus = false;
  for (char ch : digits)
    if (ch >= '0' && ch <= '9') plain += ch;
    else if (ch == '+' && plain.empty()) plus = true;
  std::vector<std::size_t> sizes;  // the groups' sizes, in order
  std::size_t left = plain.size();
  if (lang_ == Lang::fr) {
    for (; left > 0; left -= std::min<std::size_t>(left, 2)) sizes.push_back(std::min<std::size_t>(left, 2));
  } else {
    sizes = english_groups(plain);
  }
  std::string out = plus ? "plus" : "";
  std::size_t at = 0;
  for (std::size_t size : sizes) {
    if (!out.empty()) out += ", ";
    for (std::size_t k = 0; k < size; ++k) out += (k ? " " : "") + std::string(1, plain[at + k]);
    at += size;
  }
  return out;
}

std::string Phrasebook::say_plate(std::string_view plate) const {
  std::string out;
  bool new_group = false;
  for (char ch : plate) {
    if (ch == '-' || ch == ' ') {
      new_group = !out.empty();
      continue;
    }
    if (!out.empty()) out += new_group ? ", " : " ";
    out += ch;
    new_group = false;
  }
  return out;
}

std::string Phrasebook::rooms_that_fit(const BusinessContext& c, int guests) const {
  const bool fr = lang_ == Lang::fr;
  std::vector<std::string> items;
  for (const auto& r : c.rooms) {
    if (r.capacity < guests) continue;
    std::string item = (fr ? (r.type == "suite" ? "notre suite" : "notre chambre " + say_room(r.type))
                           : "our " + say_room(r.type) + (r.type == "suite" ? "" : " room"));
    item += fr ? " (jusqu'à " + say_party(r.capacity) + ")" : " (up to " + say_party(r.capacity) + ")";
    if (!r.price.empty()) item += ", " + r.price;
    items.push_back(item);
  }
  if (items.empty()) return ask(Asked::room_type, c, guests);
  std::string s = (fr ? "Pour " + say_party(guests) + ", nous avons " : "For " + say_party(guests) + ", we have ");
  for (std::size_t i = 0; i < items.size(); ++i)
    s += (i == 0 ? "" : i + 1 == items.size() ? (fr ? " et " : " and ") : "; ") + items[i];
  if (items.size() == 1) return s + (fr ? ". Cela vous convient ?" : ". Would that suit you?");
  return s + (fr ? ". Laquelle souhaitez-vous ?" : ". Which would you like?");
}

std::string Phrasebook::room_suggested(std::string_view type, int guests) const {
  const std::string room = say_room(type);
  if (lang_ == Lang::fr)
    return "Pour " + std::to_string(guests) + " personnes, je vous conseille notre " +
           (type == "suite" ? "suite" : "chambre " + room) + ". ";
  return "For " + std::to_string(guests) + " guests, I'd suggest our " + room + (type == "suite" ? "" : " room") + ". ";
}

namespace {

// A room type that is a noun on its own ("suite", "studio") is not "a chambre suite": the
// feminine ones take "une", the others "un". Nullopt: an adjective ("double", "familiale").
std::optional<std::string> noun_room(std::string_view type, bool fr) {
  static const std::vector<std::pair<std::string_view, std::string_view>> nouns = {
      {"suite", "une "}, {"studio", "un "}, {"apartment", "un "}, {"appartement", "un "}, {"loft", "un "},
      {"bungalow", "un "}, {"chalet", "un "}, {"cabin", "une "}, {"dorm", "un "}, {"dortoir", "un "}};
  for (const auto& [noun, article] : nouns)
    if (type == noun || type.starts_with(std::string(noun) + " "))
      return (fr ? std::string(article) : std::string("a ")) + std::string(type);
  return std::nullopt;
}

}  // namespace

std::string Phrasebook::a_room(std::string_view type) const {
  const bool fr = lang_ == Lang::fr;
  if (type.empty()) return fr ? "une chambre" : "a room";
  if (type == "dorm") return fr ? "un lit en dortoir" : "a dorm bed";
  if (auto noun = noun_room(type, fr)) return *noun;
  return fr ? "une chambre " + say_room(type) : "a " + say_room(type) + " room";
}

std::string Phrasebook::say_room(std::string_view type) const {
  if (type == "dorm") return lang_ == Lang::en ? "dorm bed" : "lit en dortoir";
  if (lang_ == Lang::en) {
    if (type == "twin") return "twin";
    return std::string(type);
  }
  if (type == "single") return "simple";
  if (type == "twin") return "à lits jumeaux";
  if (type == "family") return "familiale";
  return std::string(type);
}

std::string Phrasebook::practitioner_again(const BusinessContext& c) const {
  const bool fr = lang_ == Lang::fr;
  std::vector<std::string> names;
  for (const auto& p : c.practitioners) names.push_back(doctor(p.name, fr));
  return fr ? "Avec lequel souhaitez-vous le rendez-vous : " + either(names, fr) +
                  " ? Si vous n'avez pas de préférence, je prends le premier disponible."
            : "Which one would you like: " + either(names, fr) +
                  "? If you have no preference, I'll book the first one free.";
}

std::string Phrasebook::practitioners_busy(const std::vector<std::string>& busy, std::string_view free) const {
  const bool fr = lang_ == Lang::fr;
  std::string names;
  for (std::size_t i = 0; i < busy.size(); ++i) {
    if (i > 0) names += i + 1 == busy.size() ? (fr ? " et " : " and ") : ", ";
    names += doctor(busy[i], fr);
  }
  if (fr) {
    if (names[0] == 'l') names[0] = 'L';  // "le docteur" opens the sentence
    return names + (busy.size() == 1 ? " n'est pas disponible" : " ne sont pas disponibles") +
           " à cette heure-là ; " + doctor(free, fr) + " l'est. ";
  }
  return names + (busy.size() == 1 ? " isn't" : " aren't") + " available then; " + doctor(free, fr) + " is. ";
}

// "plate" in the United States and Canada, "registration" elsewhere in English.
std::string Phrasebook::plate_word(bool north_american) const { return north_american ? "plate" : "registration"; }

std::string Phrasebook::trade_recap(const Request& r, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  std::string s = fr ? "Je récapitule : " : "Let me check: ";
  const std::string when = r.date ? say_date(*r.date, today) : "";
  const std::string at = r.time ? (fr ? " à " : " at ") + say_time(*r.time) : "";
  if (r.trade == "medical") {
    // "NHS GP appointment": a service that says it is an appointment is not "an appointment for" it.
    const std::string service = fold(r.service);
    if (service.find(fr ? "rendez" : "appointment") != std::string::npos)
      s += (fr ? "votre « " : "your ") + r.service + (fr ? " »" : "");
    else
      s += fr ? "un rendez-vous pour « " + r.service + " »" : "an appointment for " + r.service;
    if (!r.practitioner.empty()) s += (fr ? " avec " : " with ") + doctor(r.practitioner, fr);
    s += " " + when + at;
    s += fr ? ", " + au_nom_de(r.name) + ", joignable au " : ", for " + r.name + ", on ";
    s += say_digits(r.phone) + ".";
  } else if (r.trade == "hotel") {
    s += a_room(r.room_type);
    s += (fr ? " pour " : " for ") + say_party(r.party.value_or(1)) + ", " +
         (fr ? "arrivée " : "arriving ") + when + ", " + nights_of(r.nights.value_or(1), fr) +
         (fr ? ", " + au_nom_de(r.name) : ", under the name " + r.name) + ".";
  } else {  // garage
    // A model or plate the caller did not give (asked twice) is said so, not left blank.
    const std::string car = r.vehicle.empty() ? vehicle_noun(r, fr) : r.vehicle;
    std::string more;  // "an oil change and a tire rotation": the second is read back too
    for (const std::string& m : r.also_services) more += fr ? " et « " + m + " »" : " and " + service_in_sentence(m);
    s += fr ? "« " + r.service + " »" + more + " pour votre " + car +
                  (!r.plate_needed && r.plate.empty() ? ""
                   : r.plate.empty()     ? ", immatriculation non communiquée"
                   : r.vehicle.empty() && !r.motorbike ? " immatriculé " + say_plate(r.plate)
                                       : " immatriculée " + say_plate(r.plate))
            : r.service + more + " for your " + car +
                  (!r.plate_needed && r.plate.empty() ? ""
                   : r.plate.empty() ? ", " + plate_word(r.north_american) + " not given"
                                     : ", " + plate_word(r.north_american) + " " + say_plate(r.plate));
    s += ", " + when + at + (r.at_home ? (fr ? ", à domicile" : ", at your home") : "") +
         (r.loan_car ? (fr ? ", avec un véhicule de prêt" : ", with a courtesy car") : "") +
         (fr ? ", " + au_nom_de(r.name) : ", under the name " + r.name) + ".";
  }
  return s + (fr ? " C'est bien ça ?" : " Is that right?");
}

std::string Phrasebook::booking_summary(const Request& r, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  const std::string when = r.date ? " " + say_date(*r.date, today) : "";
  const std::string at = r.time ? (fr ? " à " : " at ") + say_time(*r.time) : "";
  if (r.trade == "hotel") {
    std::string s = a_room(r.room_type);
    if (r.party) s += (fr ? " pour " : " for ") + say_party(*r.party);
    return s + (fr ? ", arrivée" : ", arriving") + when + ", " + nights_of(r.nights.value_or(1), fr);
  }
  if (r.trade == "medical") {
    std::string s = fr ? "un rendez-vous" : "an appointment";
    if (!r.service.empty()) s += fr ? " pour « " + r.service + " »" : " for " + r.service;
    if (!r.practitioner.empty()) s += (fr ? " avec " : " with ") + doctor(r.practitioner, fr);
    return s + when + at;
  }
  if (r.trade == "garage") {
    std::string s = fr ? "un rendez-vous à l'atelier" : "a workshop appointment";
    if (!r.service.empty()) s += fr ? " pour « " + r.service + " »" : " for " + r.service;
    return s + when + at;
  }
  std::string s = fr ? "une table" : "a table";
  if (r.party) s += (fr ? " pour " : " for ") + say_party(*r.party);
  return s + when + at;
}

std::string Phrasebook::trade_booked(const Request& r, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  const std::string when = r.date ? say_date(*r.date, today) : "";
  const std::string at = r.time ? (fr ? " à " : " at ") + say_time(*r.time) : "";
  std::string s;
  if (r.trade == "hotel")
    s = fr ? "C'est réservé, nous vous attendons " + when + ". "
           : "You're booked, we look forward to welcoming you " + when + ". ";
  else if (r.trade == "medical")
    s = fr ? "Votre rendez-vous est pris " + when + at + ". "
           : "Your appointment is booked " + when + at + ". ";
  else if (r.at_home) {  // "nous vous attendons" would send the caller to the workshop
    // A charging point installed is for the house, not the car.
    const std::string car = r.vehicle.empty() ? vehicle_noun(r, fr) : r.vehicle;
    const std::string what = r.plate_needed ? (fr ? "votre " : "your ") + car
                                            : (fr ? "« " + r.service + " »" : the_service(r.service));
    s = fr ? "C'est noté, nous viendrons chez vous " + when + at + " pour " + what + ". "
           : "You're booked in, we'll come to you " + when + at + " for " + what + ". ";
  }
  else
    s = fr ? "C'est noté, nous vous attendons avec votre " + (r.vehicle.empty() ? vehicle_noun(r, fr) : r.vehicle) +
                 " " + when + at + ". "
           : "You're booked in, we'll see you and your " + (r.vehicle.empty() ? vehicle_noun(r, fr) : r.vehicle) +
                 " " + when + at + ". ";
  if (r.loan_car) s += loan_car_on_booking();
  return s + (fr ? "Puis-je faire autre chose pour vous ?" : "Is there anything else I can do for you?");
}

std::string Phrasebook::no_bookings() const {
  return lang_ == Lang::fr
             ? "Je ne prends pas de réservation, mais je peux vous donner le suivi d'une commande ou "
               "vous renseigner sur les retours. "
             : "I can't take bookings, but I can tell you where an order is or explain our returns. ";
}

namespace {

// An eta of "inconnue", "unknown", "TBD" is no date at all: said as such (was "livraison prévue inconnue").
bool no_date(std::string_view folded_eta) {
  for (std::string_view w : {"inconnu", "unknown", "tbd", "tbc", "non communique", "pas de date", "no date",
                             "indetermine", "a determiner", "not known"})
    if (folded_eta.starts_with(w)) return true;
  return false;
}

// "—", "-", "n/a": the field left empty by hand (a refunded order has nothing to deliver).
bool is_placeholder(std::string_view folded_eta) {
  for (char ch : folded_eta)
    if (std::isalnum(static_cast<unsigned char>(ch))) return folded_eta == "n/a" || folded_eta == "na";
  return true;
}

}  // namespace

std::string Phrasebook::order_status(const Order& o) const {
  const bool fr = lang_ == Lang::fr;
  std::string s = (fr ? "Votre commande " : "Your order ") + o.number + (fr ? " : " : ": ") + o.status;
  // "enquête ouverte chez le transporteur" names it there (was "..., transporteur Colissimo" right
  // after); a refunded order's carrier is no news to the caller.
  const std::string status = fold(o.status);
  const bool refunded = status.find("rembours") != std::string::npos || status.find("refund") != std::string::npos;
  const bool names_carrier = status.ends_with("transporteur") || status.ends_with("carrier");
  if (!o.carrier.empty() && !refunded) s += (names_carrier ? " " : fr ? ", transporteur " : ", with ") + o.carrier;
  // "expédition demain", "ships tomorrow" say their own verb: not "livraison prévue expédition demain";
  // so does a click-and-collect's "à retirer sous 10 jours", "to collect within 10 days" (was
  // "prête en boutique, livraison prévue à retirer sous 10 jours").
  const std::string eta = fold(o.eta);
  bool says_itself = false;
  for (std::string_view verb : {"expedi", "ship", "livr", "deliver", "dispatch", "a retirer", "a recuperer",
                                "retir", "recuper", "to collect", "to pick", "collect", "pick up", "ready",
                                "pret", "dispon", "available"})
    says_itself = says_itself || eta.starts_with(verb);
  if (no_date(eta)) return s + (fr ? " ; pas encore de date de livraison. " : "; no delivery date yet. ");
  if (!o.eta.empty() && !is_placeholder(eta))
    s += (says_itself ? ", " : fr ? ", livraison prévue " : ", expected ") + o.eta;
  return s + ". ";
}

std::string Phrasebook::order_unknown(std::string_view number) const {
  if (lang_ == Lang::fr)
    return "Je ne trouve pas de commande " + std::string(number) + ". ";
  return "I can't find an order " + std::string(number) + ". ";
}

std::string Phrasebook::no_answer() const {
  return lang_ == Lang::fr ? "Je n'ai pas cette information, désolé. "
                           : "Sorry, I don't have that information. ";
}

std::string Phrasebook::no_answer_to_that() const {
  return lang_ == Lang::fr ? "Quant à votre question, je n'ai pas cette information, désolé. "
                           : "As for your question, I'm sorry, I don't have that information. ";
}

std::string Phrasebook::no_such_room_either(std::string_view type, const BusinessContext& c) const {
  const bool fr = lang_ == Lang::fr;
  auto plural = [&](std::string_view t) {
    std::string w = say_room(t);
    if (fr && !w.starts_with("à") && !w.ends_with('s') && !w.ends_with('x')) w += 's';
    return w;
  };
  if (noun_room(type, fr) || type == "dorm") return "";
  std::string list;
  for (std::size_t i = 0; i < c.rooms.size(); ++i) {
    if (noun_room(c.rooms[i].type, fr) || c.rooms[i].type == "dorm") return "";
    list += (i == 0 ? "" : i + 1 == c.rooms.size() ? (fr ? " et " : " and ") : ", ") + plural(c.rooms[i].type);
  }
  if (list.empty()) return "";
  return fr ? "Nous n'avons pas non plus de chambre " + say_room(type) + ", seulement des chambres " + list + ". "
            : "We don't have " + say_room(type) + " rooms either, only " + list + " rooms. ";
}

std::string Phrasebook::children_too_young(const std::vector<int>& ages, bool again) const {
  const bool fr = lang_ == Lang::fr;
  if (again)
    return fr ? "Je suis désolé, la limite d'âge vaut pour toutes les chambres : je ne peux pas non plus prendre cette réservation. "
              : "I'm sorry, the age limit applies to every room, so I can't take that booking either. ";
  std::string list;
  for (std::size_t i = 0; i < ages.size(); ++i)
    list += (i == 0 ? "" : i + 1 == ages.size() ? (fr ? " et " : " and ") : ", ") + std::to_string(ages[i]);
  if (list.empty())
    return fr ? "Je suis désolé, je ne peux donc pas prendre cette réservation. "
              : "I'm sorry, that means I can't take this booking. ";
  return fr ? "Avec des enfants de " + list + " ans, je ne peux malheureusement pas prendre cette réservation. "
            : "With children aged " + list + ", I'm sorry, I can't take this booking. ";
}

std::string Phrasebook::offer_second_appointment(std::string_view name, ClockTime at) const {
  const std::string who(name);
  if (lang_ == Lang::fr)
    return "Voulez-vous que je prenne aussi le second rendez-vous" + (who.empty() ? "" : ", pour " + who) +
           ", juste après, à " + say_time(at) + " ?";
  return "Shall I book the second appointment" + (who.empty() ? "" : ", for " + who) + ", right after, at " +
         say_time(at) + "?";
}

std::string Phrasebook::no_loan_car_at_that_age() const {
  return lang_ == Lang::fr ? "Je ne peux donc pas vous prêter de véhicule, mais je peux prendre le rendez-vous. "
                           : "So I can't lend you a car, but I can still book the work. ";
}

std::string Phrasebook::afraid_not() const {
  return lang_ == Lang::fr ? "Non, malheureusement. " : "I'm afraid not. ";
}

std::string Phrasebook::nothing_booked() const {
  return lang_ == Lang::fr ? "Je n'ai rien réservé pour l'instant. " : "I haven't booked anything yet. ";
}

std::string Phrasebook::default_reason() const { return "Consultation"; }  // both languages

std::string Phrasebook::offer_human() const {
  return lang_ == Lang::fr ? "Voulez-vous que je vous passe quelqu'un ?"
                           : "Would you like me to put you through to someone?";
}

std::string Phrasebook::no_more_on_that() const {
  return lang_ == Lang::fr ? "Je suis désolé, je n'ai pas d'autre information à ce sujet. "
                           : "I'm sorry, that's all the information I have on that. ";
}

std::string Phrasebook::work_not_done(const std::vector<std::string>& services) const {
  const bool fr = lang_ == Lang::fr;
  std::string list;
  for (std::size_t i = 0; i < services.size(); ++i)
    list += (i == 0 ? "" : i + 1 == services.size() ? (fr ? " et " : " and ") : ", ") + services[i];
  if (fr) return "Non, désolé, nous ne faisons pas cela" + (list.empty() ? std::string(". ") : " ; nous faisons : " + list + ". ");
  return "No, sorry, that's not something we do" + (list.empty() ? std::string(". ") : "; we do: " + list + ". ");
}

namespace {
// "claire.morel@gmail.com" as it is said: "claire point morel arobase gmail point com".
std::string say_email(std::string_view email, bool fr) {
  std::string out;
  for (char ch : email) {
    if (ch == '.') out += fr ? " point " : " dot ";
    else if (ch == '@') out += fr ? " arobase " : " at ";
    else if (ch == '-') out += fr ? " tiret " : " dash ";
    else if (ch == '_') out += fr ? " tiret bas " : " underscore ";
    else out += ch;
  }
  return out;
}
}  // namespace

std::string Phrasebook::email_noted(std::string_view email) const {
  const bool fr = lang_ == Lang::fr;
  return fr ? "C'est noté, votre adresse e-mail, " + say_email(email, fr) + ", est jointe au message. "
            : "Noted, I've added your email address, " + say_email(email, fr) + ", to the message. ";
}

std::string Phrasebook::email_on_message(std::string_view email, std::string_view ticket_id) const {
  const bool fr = lang_ == Lang::fr;
  const std::string digits = say_digits(ticket_id);
  return fr ? "C'est bien noté : votre adresse e-mail, " + say_email(email, fr) + ", est jointe au message numéro " +
                  digits + " ; un conseiller vous recontactera. "
            : "That's noted: your email address, " + say_email(email, fr) + ", is on the message under case number " +
                  digits + ", and someone from the team will get back to you. ";
}

std::string Phrasebook::group_too_large(int capacity) const {
  if (lang_ == Lang::fr)
    return "Je ne peux réserver que jusqu'à " + say_party(capacity) +
           " par téléphone ; pour un groupe, le responsable peut s'en occuper. ";
  return "I can only book up to " + say_party(capacity) +
         " by phone; for a group, the manager can help you. ";
}

std::string Phrasebook::no_medical_advice() const {
  return lang_ == Lang::fr
             ? "Je ne peux pas donner d'avis médical par téléphone. Je peux vous prendre un "
               "rendez-vous, ou vous passer le cabinet. "
             : "I can't give medical advice over the phone. I can book you an appointment, or put "
               "you through to the practice. ";
}

std::string Phrasebook::breakdown() const {
  return lang_ == Lang::fr ? "Je suis désolé pour votre panne, je vous passe l'atelier tout de suite."
                           : "Sorry about the breakdown, let me put you through to the workshop right away.";
}

std::string Phrasebook::sorry_for_the_trouble() const {
  return lang_ == Lang::fr ? "Je suis vraiment désolé pour ce désagrément. Que puis-je faire pour vous ?"
                           : "I'm really sorry for the trouble. How can I help you?";
}

std::string Phrasebook::need_order_number() const {
  return lang_ == Lang::fr ? "Pour vous répondre, il me faut le numéro de commande. "
                           : "To tell you that, I need the order number. ";
}

std::string Phrasebook::check_order_number() const {
  return lang_ == Lang::fr ? "Pouvez-vous vérifier le numéro et me le redonner ? Il figure dans l'e-mail de confirmation."
                           : "Could you check the number and read it to me again? It is in your confirmation email.";
}

std::string Phrasebook::name_noted(std::string_view name) const {
  return lang_ == Lang::fr ? "C'est noté, " + au_nom_de(name) + ". "
                           : "Noted, under the name " + std::string(name) + ". ";
}

std::string Phrasebook::car_noted(std::string_view car) const {
  return lang_ == Lang::fr ? "J'ai bien noté votre " + std::string(car) + ". "
                           : "I've noted your " + std::string(car) + ". ";
}

std::string Phrasebook::priced_on_quote(std::string_view service, std::string_view price) const {
  if (lang_ == Lang::fr) return "Pour « " + std::string(service) + " », c'est " + std::string(price) + ". ";
  return "For " + the_service(service) + ", it's " + std::string(price) + ". ";
}

std::string Phrasebook::email_kept(std::string_view email) const {
  const bool fr = lang_ == Lang::fr;
  // Each mark said, so the caller hears it letter for letter.
  return (fr ? "C'est noté, votre e-mail : " : "Noted, your email: ") + say_email(email, fr) + ". ";
}

std::string Phrasebook::offer_appointment() const {
  return lang_ == Lang::fr ? "Voulez-vous prendre rendez-vous ?" : "Would you like to book an appointment?";
}

std::string Phrasebook::breakdown_sorry() const {
  return lang_ == Lang::fr ? "Je suis désolé pour votre panne. " : "Sorry about the breakdown. ";
}

std::string Phrasebook::special_request() const {
  return lang_ == Lang::fr ? "C'est noté, la réception va s'en occuper avec vous. "
                           : "Of course, the front desk will take care of that with you. ";
}

std::string Phrasebook::room_too_small(std::string_view type, int capacity) const {
  if (lang_ == Lang::fr) {
    // The article follows the noun's gender: "le studio", "le lit en dortoir", "la suite".
    const auto noun = noun_room(type, true);
    const std::string the = !noun ? "La chambre " : noun->starts_with("une ") ? "La " : "Le ";
    return the + say_room(type) + " accueille " + say_party(capacity) + " au plus. ";
  }
  return "The " + say_room(type) + (noun_room(type, false) ? "" : " room") + " sleeps " + say_party(capacity) +
         " at most. ";
}

std::string Phrasebook::room_unavailable(const BusinessContext& c) const {
  std::vector<std::string> types;
  for (const auto& r : c.rooms) types.push_back(say_room(r.type));
  const bool fr = lang_ == Lang::fr;
  return (fr ? "Nous n'avons pas ce type de chambre. Nous proposons : "
             : "We don't have that kind of room. We have: ") +
         either(types, fr) + ". ";
}

std::string Phrasebook::ticket_ask_problem() const {
  return lang_ == Lang::fr ? "Je suis désolé. Pouvez-vous me décrire le problème en quelques mots ?"
                           : "I'm sorry to hear that. Could you describe the problem in a few words?";
}

namespace {
// ", au nom de Martine Lebrun" / ", under the name Tyler Brooks": whose case it is, when said.
std::string case_name(std::string_view name, bool fr) {
  if (name.empty()) return "";
  return (fr ? ", au nom de " : ", under the name ") + std::string(name);
}
}  // namespace

std::string Phrasebook::sorry_for(std::string_view kind) const {
  const bool fr = lang_ == Lang::fr;
  if (kind == "damaged") return fr ? "Je suis désolé que votre article soit abîmé. " : "I'm sorry it's damaged. ";
  if (kind == "missing")
    return fr ? "Je suis désolé que votre colis ne soit pas arrivé. " : "I'm sorry your parcel hasn't arrived. ";
  if (kind == "wrong_colour")
    return fr ? "Je suis désolé que vous ayez reçu la mauvaise couleur. " : "I'm sorry you received the wrong colour. ";
  if (kind == "wrong_size")
    return fr ? "Je suis désolé que vous ayez reçu la mauvaise taille. " : "I'm sorry you received the wrong size. ";
  if (kind == "wrong_item")
    return fr ? "Je suis désolé que vous ayez reçu le mauvais article. " : "I'm sorry you received the wrong item. ";
  return sorry_about_it();
}

std::string Phrasebook::complaint_noted(std::string_view kind) const {
  const bool fr = lang_ == Lang::fr;
  const std::string lead = fr ? "C'est bien noté : " : "That's noted: ";
  if (kind == "damaged") return lead + (fr ? "votre article est abîmé. " : "your item is damaged. ");
  if (kind == "missing") return lead + (fr ? "votre colis n'est pas arrivé. " : "your parcel hasn't arrived. ");
  if (kind == "wrong_colour") return lead + (fr ? "vous avez reçu la mauvaise couleur. " : "you received the wrong colour. ");
  if (kind == "wrong_size") return lead + (fr ? "vous avez reçu la mauvaise taille. " : "you received the wrong size. ");
  if (kind == "wrong_item") return lead + (fr ? "vous avez reçu le mauvais article. " : "you received the wrong item. ");
  return "";
}

std::string Phrasebook::as_i_said() const {
  return lang_ == Lang::fr ? "Comme je vous le disais, " : "As I said, ";
}

std::string Phrasebook::ticket_opened(std::string_view ticket_id, std::string_view order,
                                      std::string_view name) const {
  const std::string digits = say_digits(ticket_id);
  if (lang_ == Lang::fr)
    return "J'ai ouvert le dossier numéro " + digits +
           (order.empty() ? "" : " pour la commande " + std::string(order)) + case_name(name, true) +
           " ; un conseiller vous recontactera rapidement. ";
  return "I've opened case number " + digits + (order.empty() ? "" : " for order " + std::string(order)) +
         case_name(name, false) + "; someone from the team will get back to you shortly. ";
}

std::string Phrasebook::message_taken(std::string_view ticket_id, std::string_view order,
                                      bool order_change) const {
  const std::string digits = say_digits(ticket_id);
  if (lang_ == Lang::fr)
    return std::string(order_change ? "Je ne peux pas modifier une commande moi-même. " : "") +
           "J'ai transmis votre message sous le numéro " + digits +
           (order.empty() ? "" : " pour la commande " + std::string(order)) +
           " ; un conseiller vous recontactera. ";
  return std::string(order_change ? "I can't change an order myself. " : "") +
         "I've passed your message on under case number " + digits +
         (order.empty() ? "" : " for order " + std::string(order)) + "; someone from the team will get back to you. ";
}

std::string Phrasebook::cancel_free(int notice_hours, bool days) const {
  const std::string n = std::to_string(days ? notice_hours / 24 : notice_hours);
  if (lang_ == Lang::fr)
    return "C'est plus de " + n + (days ? " jours" : " heures") + " à l'avance, l'annulation est donc gratuite. ";
  return "It's more than " + n + (days ? " days" : " hours") + " ahead, so cancelling it is free. ";
}

std::string Phrasebook::change_passed_on() const {
  return lang_ == Lang::fr ? "Je ne peux pas modifier une commande moi-même, mais je transmets votre demande. "
                           : "I can't change an order myself, but I'll pass your request on. ";
}

std::string Phrasebook::address_noted(std::string_view address) const {
  return (lang_ == Lang::fr ? "C'est noté, nouvelle adresse de livraison : " : "Noted, new delivery address: ") +
         std::string(address) + ". ";
}

std::string Phrasebook::message_taken_already(std::string_view ticket_id) const {
  const std::string digits = say_digits(ticket_id);
  if (lang_ == Lang::fr)
    return "C'est noté : votre message est déjà transmis sous le numéro " + digits + ", un conseiller vous recontactera. ";
  return "That's noted: your message is already passed on under case number " + digits +
         ", and someone from the team will get back to you. ";
}

std::string Phrasebook::ticket_open_already(std::string_view ticket_id, std::string_view order,
                                            std::string_view name) const {
  const std::string digits = say_digits(ticket_id);
  if (lang_ == Lang::fr)
    return "Votre dossier numéro " + digits + " est ouvert" +
           (order.empty() ? "" : " pour la commande " + std::string(order)) + case_name(name, true) +
           " ; un conseiller vous recontactera rapidement. ";
  return "Your case number " + digits + " is open" + (order.empty() ? "" : " for order " + std::string(order)) +
         case_name(name, false) + "; someone from the team will get back to you shortly. ";
}

std::string Phrasebook::loan_car_not_with(std::string_view with, std::string_view booked) const {
  if (lang_ == Lang::fr)
    return "Le véhicule de prêt n'est proposé qu'avec la prestation « " + std::string(with) +
           " », pas pour la prestation « " + std::string(booked) + " » seule. ";
  return "A courtesy car only comes with " + a_service(with) + ", not with " + a_service(booked) + " alone. ";
}

std::string Phrasebook::loan_car_not_with_again(std::string_view booked) const {
  if (lang_ == Lang::fr)
    return "Pas de véhicule de prêt pour la prestation « " + std::string(booked) + " » seule, désolé. ";
  return "Not with " + a_service(booked) + " alone, I'm afraid. ";
}

std::string Phrasebook::services_noted(const std::vector<std::string>& services, bool again) const {
  const bool fr = lang_ == Lang::fr;
  std::string list;
  for (std::size_t i = 0; i < services.size(); ++i)
    list += (i == 0 ? "" : i + 1 == services.size() ? (fr ? " et " : " and ") : ", ") +
            (fr ? "« " + services[i] + " »" : the_service(services[i]));
  if (fr) return (again ? "Oui, c'est bien noté : " : "C'est noté : ") + list + ". ";
  return (again ? "Yes, I've noted " : "I've noted ") + list + ". ";
}

std::string Phrasebook::thats_right() const { return lang_ == Lang::fr ? "C'est bien ça. " : "That's right. "; }

std::string Phrasebook::loan_car_noted() const {
  return lang_ == Lang::fr ? "Je note le véhicule de prêt avec votre rendez-vous. "
                           : "I've noted the courtesy car with your booking. ";
}

std::string Phrasebook::loan_car_on_booking(bool yes) const {
  if (yes) return (lang_ == Lang::fr ? "Oui. " : "Yes. ") + loan_car_on_booking(false);
  return lang_ == Lang::fr ? "Le véhicule de prêt est noté sur votre rendez-vous ; l'accueil s'en occupera quand vous déposerez votre voiture. "
                           : "The courtesy car is noted on your booking; the front desk will arrange it when you drop your car off. ";
}

std::string Phrasebook::sorry_about_it() const {
  return lang_ == Lang::fr ? "Je suis désolé pour ce désagrément. " : "I'm sorry about that. ";
}

// A shop, a hotel or a garage is no practice: its person is "someone", not the practice's staff.
std::string Phrasebook::urgent(std::string_view number, bool transferring, bool practice) const {
  const std::string n(number);
  // Put through, the caller is not told to hang up first: the number is for a life at stake,
  // the person for the rest.
  if (lang_ == Lang::fr) {
    if (!transferring)
      return "Si c'est une urgence vitale, raccrochez et appelez immédiatement le " + n + ". Puis-je faire autre chose pour vous ?";
    return "Si c'est une urgence vitale, appelez immédiatement le " + n + ". Sinon, " +
           (practice ? "je vous passe quelqu'un du cabinet." : "je vous passe quelqu'un.");
  }
  if (!transferring)
    return "If this is a medical emergency, hang up and call " + n + " right away. Is there anything else I can do for you?";
  return "If this is a medical emergency, call " + n + " right away. Otherwise, " +
         (practice ? "I'm putting you through to the practice." : "I'm putting you through to someone.");
}

std::string Phrasebook::call_emergency_now(std::string_view number) const {
  const std::string n(number);
  if (lang_ == Lang::fr) return "C'est une urgence vitale : raccrochez et appelez le " + n + " immédiatement. Au revoir.";
  return "This is an emergency: hang up and call " + n + " right now. Goodbye.";
}

std::string Phrasebook::call_them_now() const {
  return lang_ == Lang::fr ? "Oui, appelez-les tout de suite. Au revoir." : "Yes, call them right now. Goodbye.";
}

// "avec Amina Benali", "with Doctor Helen Ward": a practitioner picked for the caller, echoed.
std::string Phrasebook::with_practitioner(std::string_view name) const {
  const bool fr = lang_ == Lang::fr;
  return (fr ? "avec " : "with ") + doctor(name, fr);
}

std::string Phrasebook::stay_offer(const Date& arrival, int nights, const Date& today) const {
  const std::string n = std::to_string(nights);
  if (lang_ == Lang::fr)
    return "Je peux vous proposer une arrivée " + say_date(arrival, today) + ", " + n + " nuits. Cela vous convient ?";
  // say_date is "tomorrow (Friday, December 4)" or "on Friday, December 4": either follows
  // "arriving" (was "I can offer you arriving on tomorrow", in blind round 11).
  return "I can offer you " + n + " nights, arriving " + say_date(arrival, today) + ". Would that suit you?";
}

std::string Phrasebook::part_closed(DayPart part) const {
  const bool fr = lang_ == Lang::fr;
  const bool morning = part == DayPart::morning;
  std::string_view asked = morning                      ? (fr ? "le matin" : "morning")
                           : part == DayPart::lunch     ? (fr ? "à midi" : "lunchtime")
                           : part == DayPart::afternoon ? (fr ? "l'après-midi" : "afternoon")
                                                        : (fr ? "le soir" : "evening");
  std::string_view other = morning                      ? (fr ? "un autre matin" : "another morning")
                           : part == DayPart::lunch     ? (fr ? "un autre midi" : "another lunchtime")
                           : part == DayPart::afternoon ? (fr ? "un autre après-midi" : "another afternoon")
                                                        : (fr ? "un autre soir" : "another evening");
  std::string_view instead = morning ? (fr ? "l'après-midi" : "the afternoon") : (fr ? "le matin" : "the morning");
  if (fr)
    return "Il n'y a donc pas de rendez-vous " + std::string(asked) + " ce jour-là : " + std::string(instead) +
           " vous conviendrait-il, ou " + std::string(other) + " ?";
  return "So there's no " + std::string(asked) + " appointment that day: would " + std::string(instead) +
         " suit you, or " + std::string(other) + "?";
}

std::string Phrasebook::which_seating(const std::vector<ClockTime>& times) const {
  const bool fr = lang_ == Lang::fr;
  std::vector<std::string> said;
  for (const ClockTime& t : times) said.push_back(say_time(t));
  return fr ? "Quel service préférez-vous : " + either(said, fr) + " ?"
            : "Which seating would you like: " + either(said, fr) + "?";
}

std::string Phrasebook::seatings_offered(const std::vector<ClockTime>& times) const {
  const bool fr = lang_ == Lang::fr;
  return (fr ? "Nous servons à heures fixes. " : "We serve at fixed seatings. ") + which_seating(times);
}

}  // namespace webox::brain
