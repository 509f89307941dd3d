// What the local engine says while cancelling a booking already made (phrasing.h declares it;
// booking_summary, shared with the trades' words, is in trade_phrasing.cc).
#include <string>

#include "adapters/brain/local/phrasing.h"

namespace webox::brain {

std::string Phrasebook::cancel_ask_name() const {
  return lang_ == Lang::fr ? "Bien sûr. À quel nom est la réservation ?"
                           : "Of course. What name is the booking under?";
}

std::string Phrasebook::cancel_which_day(bool moving) const {
  if (lang_ == Lang::fr)
    return std::string("J'ai plusieurs réservations à ce nom. Pour quel jour est celle à ") +
           (moving ? "déplacer ?" : "annuler ?");
  return std::string("I have several bookings under that name. Which day is the one to ") +
         (moving ? "move?" : "cancel?");
}

std::string Phrasebook::cancel_found(std::string_view summary) const {
  if (lang_ == Lang::fr) return "J'ai trouvé " + std::string(summary) + ". Je l'annule ?";
  return "I found " + std::string(summary) + ". Shall I cancel it?";
}

std::string Phrasebook::cancel_done(std::string_view summary) const {
  if (lang_ == Lang::fr)
    return "C'est annulé : " + std::string(summary) + ". Puis-je faire autre chose pour vous ?";
  return "It's cancelled: " + std::string(summary) + ". Is there anything else I can do for you?";
}

std::string Phrasebook::cancel_kept() const {
  return lang_ == Lang::fr ? "D'accord, je n'annule rien. Puis-je faire autre chose pour vous ?"
                           : "All right, I haven't cancelled anything. Is there anything else I "
                             "can do for you?";
}

std::string Phrasebook::cancel_refused(std::string_view reason) const {
  const bool fr = lang_ == Lang::fr;
  if (reason == "cancelled")
    return fr ? "Cette réservation était déjà annulée. " : "That booking was already cancelled. ";
  return fr ? "Désolé, je n'ai pas pu annuler cette réservation. "
            : "Sorry, I couldn't cancel that booking. ";
}

std::string Phrasebook::cancel_not_found(std::string_view name, std::optional<Date> day,
                                         const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  std::string s = fr ? "Je ne trouve pas de réservation à venir " + au_nom_de(name)
                     : "I can't find an upcoming booking under the name " + std::string(name);
  if (day) {
    std::string when = say_date(*day, today);
    if (!fr && when.starts_with("on ")) when.erase(0, 3);  // "for Saturday", not "for on Saturday"
    s += (fr ? " pour " : " for ") + when;
  }
  return s + ". ";
}

// -- moving a booking (dialogue_cancel.cc) --

// "Saturday, November 28 at 8 PM" / "au samedi 28 novembre à 20h00": where a booking goes.
std::string Phrasebook::move_target(const Request& r, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  std::string when = r.date ? say_date(*r.date, today) : "";
  if (fr) when = when.starts_with("le ") ? "au " + when.substr(3) : "à " + when;
  else when = "to " + (when.starts_with("on ") ? when.substr(3) : when);
  if (r.time) when += (fr ? " à " : " at ") + say_time(*r.time);
  return when;
}

std::string Phrasebook::move_found(std::string_view summary) const {
  return (lang_ == Lang::fr ? "J'ai trouvé " : "I found ") + std::string(summary) + ". ";
}

std::string Phrasebook::move_to(const Request& to, const Date& today) const {
  if (lang_ == Lang::fr) return "Déplacement " + move_target(to, today) + ". ";
  return "Moving it " + move_target(to, today) + ". ";
}

namespace {

// "3 nuits, départ le lundi 21 décembre" / "3 nights, leaving on Monday, December 21".
std::string longer_stay(const Phrasebook& p, const Request& to, const Date& today, bool fr) {
  const int n = to.nights.value_or(1);
  std::string s = std::to_string(n) + (fr ? (n > 1 ? " nuits" : " nuit") : (n > 1 ? " nights" : " night"));
  if (to.date) s += (fr ? ", départ " : ", leaving ") + p.say_date(add_days(*to.date, n), today);
  return s;
}

}  // namespace

// Was "je prolonge votre réservation, <the old stay>, 1 nuit, à 3 nuits", which callers did not
// follow (a "non", then the same words again): the stay, then the nights before and after.
std::string Phrasebook::extend_recap(std::optional<int> old_nights, const Request& to, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  std::string stay = a_room(to.room_type);
  if (to.party) stay += (fr ? " pour " : " for ") + say_party(*to.party);
  if (to.date) stay += (fr ? ", arrivée " : ", arriving ") + say_date(*to.date, today);
  std::string instead;
  if (old_nights && *old_nights != to.nights.value_or(1))
    instead = fr ? (*old_nights == 1 ? " au lieu d'une" : " au lieu de " + std::to_string(*old_nights))
                 : " instead of " + std::to_string(*old_nights);
  std::string longer = longer_stay(*this, to, today, fr);
  longer.insert(longer.find(',') == std::string::npos ? longer.size() : longer.find(','), instead);
  if (fr) return "Je récapitule : je prolonge votre séjour (" + stay + ") : " + longer + ". C'est bien ça ?";
  return "Let me check: I'm extending your stay (" + stay + "): " + longer + ". Is that right?";
}

std::string Phrasebook::same_as_read_back() const {
  return lang_ == Lang::fr ? "C'est bien ce que j'ai noté. " : "That's what I have. ";
}

std::string Phrasebook::extended(const Request& to, const Date& today) const {
  if (lang_ == Lang::fr)
    return "C'est fait : votre séjour est prolongé à " + longer_stay(*this, to, today, true) +
           ". Puis-je faire autre chose pour vous ?";
  return "Done: your stay is extended to " + longer_stay(*this, to, today, false) +
         ". Is there anything else I can do for you?";
}

std::string Phrasebook::move_ask_day() const {
  return lang_ == Lang::fr ? "Pour quel nouveau jour ?"
                           : "Which day would you like to move it to?";
}

std::string Phrasebook::move_recap(std::string_view from, const Request& to, const Date& today,
                                   std::string_view changes) const {
  if (lang_ == Lang::fr)
    return "Je récapitule : je déplace votre réservation, " + std::string(from) + ", " +
           move_target(to, today) + std::string(changes) + ". C'est bien ça ?";
  return "Let me check: I'm moving your booking, " + std::string(from) + ", " + move_target(to, today) +
         std::string(changes) + ". Is that right?";
}

std::string Phrasebook::moved(const Request& to, const Date& today, std::string_view changes) const {
  if (lang_ == Lang::fr)
    return "C'est fait : votre réservation est déplacée " + move_target(to, today) + std::string(changes) +
           ". Puis-je faire autre chose pour vous ?";
  return "Done: your booking is moved " + move_target(to, today) + std::string(changes) +
         ". Is there anything else I can do for you?";
}

std::string Phrasebook::move_changes(std::optional<int> old_party, std::optional<int> old_nights,
                                     const Request& to) const {
  const bool fr = lang_ == Lang::fr;
  std::string s;
  if (to.party && old_party && *to.party != *old_party) {
    const std::string n = std::to_string(*to.party);
    s += fr ? ", pour " + n + (*to.party > 1 ? " personnes" : " personne")
            : ", for " + n + (*to.party > 1 ? " people" : " person");
  }
  if (to.nights && old_nights && *to.nights != *old_nights) {
    const std::string n = std::to_string(*to.nights);
    s += fr ? ", " + n + (*to.nights > 1 ? " nuits" : " nuit") : ", " + n + (*to.nights > 1 ? " nights" : " night");
  }
  return s;
}

std::string Phrasebook::move_kept(std::string_view from) const {
  if (lang_ == Lang::fr) return "Votre réservation, " + std::string(from) + ", reste inchangée. ";
  return "Your booking, " + std::string(from) + ", is unchanged. ";
}

std::string Phrasebook::move_old_goes() const {
  if (lang_ == Lang::fr)
    return "C'est bien celle-là que je déplace : elle sera annulée dès que la nouvelle sera réservée. ";
  return "That's the one I'm moving: it will be cancelled as soon as the new one is booked. ";
}

std::string Phrasebook::move_old_not_cancelled(std::string_view from) const {
  if (lang_ == Lang::fr)
    return "La nouvelle réservation est faite, mais je n'ai pas pu annuler l'ancienne, " + std::string(from) +
           ". Puis-je faire autre chose pour vous ?";
  return "The new booking is made, but I couldn't cancel the old one, " + std::string(from) +
         ". Is there anything else I can do for you?";
}

}  // namespace webox::brain
