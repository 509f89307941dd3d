// Everything the local engine says, in French or English, short enough for Twilio <Say>.
//
//   Phrasebook fr(Lang::fr, "fr-FR");
//   Request r{.party = 4, .date = Date{2026, 11, 26}, .time = ClockTime{20, 0}, .name = "Dupont"};
//   fr.recap(r, Date{2026, 11, 25})
//     -> "Je récapitule : une table pour 4 personnes demain (jeudi 26 novembre) à 20h00 au nom
//         de Dupont. C'est bien ça ?"
//   Phrasebook en(Lang::en, "en-US");
//   en.say_time({20, 30})  -> "8:30 PM"          fr.say_time({20, 30}) -> "20h30"
//
// Contract: pure functions of their arguments (no clock, no randomness), so a replayed call
// says the same words. Dates read as "demain (jeudi 26 novembre)" / "tomorrow (Thursday,
// November 26)" — the weekday and date let the caller catch a misheard day; English outside
// en-US writes "Thursday 26 November". Opening hours are summarised by grouping days with the same slots.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/context.h"
#include "adapters/brain/local/times.h"
#include "adapters/brain/local/understand.h"

namespace webox::brain {

// "au nom de Dupont", "au nom d'Isabelle Moreau": French elides "de" before a vowel.
std::string au_nom_de(std::string_view name);

enum class Lang { fr, en };

// What the caller asked for so far, as it will be read back. `trade` picks the words (a table,
// an appointment, a room, a service); the fields a trade does not use stay empty.
struct Request {
  std::optional<int> party;
  std::optional<Date> date;
  std::optional<ClockTime> time;
  std::string name;
  std::string trade = "restaurant";
  std::string service, practitioner, phone, room_type, vehicle, plate;
  std::vector<std::string> also_services;  // a garage's: done in the same visit ("la vidange et les pneus")
  std::optional<int> nights;
  bool loan_car = false;  // a garage's courtesy car asked for with the booking
  bool at_home = false;   // a garage's work done where the caller is
  bool plate_needed = true;  // no plate for a charging point installed at home
  bool motorbike = false;  // a motorbike garage: "your bike", « votre moto »
  bool north_american = false;  // a US or Canadian business: "plate", not "registration"
};

class Phrasebook {
 public:
  Phrasebook(Lang lang, std::string bcp47) : lang_(lang), bcp47_(std::move(bcp47)) {}
  // "fr" -> French, "fr-FR"; "en" -> English, "en-US"; a given region is kept ("en-GB", "fr-CA").
  static Phrasebook for_language(std::string_view profile_language);

  Lang lang() const { return lang_; }
  const std::string& bcp47() const { return bcp47_; }

  std::string say_time(ClockTime t) const;
  std::string say_date(const Date& d, const Date& today) const;  // "demain (jeudi 26 novembre)"
  std::string say_party(int n) const;                              // "4 personnes"
  std::string say_day_hours(const BusinessContext& c, int weekday) const;  // "de 12h à 14h30 ..."
  std::string say_week(const BusinessContext& c) const;           // the whole week, grouped
  std::string say_open_days(const BusinessContext& c) const;      // "Nous sommes ouverts du mardi au dimanche."

  std::string greeting(std::string_view business) const;
  std::string question(Asked asked) const;  // "Pour combien de personnes ?"
  std::string progress(const Request& r, const Date& today) const;  // "Très bien, ... "
  // "Je peux vous proposer une arrivée le vendredi 4 décembre, 2 nuits. Cela vous convient ?"
  std::string stay_offer(const Date& arrival, int nights, const Date& today) const;
  std::string with_practitioner(std::string_view name) const;       // "avec Amina Benali"
  // "Le premier créneau libre est aujourd'hui à 10h00, avec Amina Benali. ": the earliest time,
  // said again as such to "as early as you can" (the request's date, time and practitioner).
  // Asked again: "Oui, c'est le premier créneau libre : aujourd'hui à 10h00, avec Amina Benali. "
  std::string earliest(const Request& r, const Date& today, bool again = false) const;
  std::string recap(const Request& r, const Date& today) const;
  std::string booked(const Request& r, const Date& today) const;
  std::string what_to_change() const;
  std::string listening() const;

  std::string closed_day(const BusinessContext& c, const Date& d, const Date& today) const;  // + open days
  // The same closed day asked again: "As I said, we're closed today (Saturday). ", without the
  // open days and the question told already.
  std::string closed_again(const Date& d, const Date& today) const;
  std::string another_day() const;  // "Would another day suit you?"
  std::string closed_time(const BusinessContext& c, const Date& d, const Date& today) const;
  std::string time_passed(ClockTime t) const;
  // A service that would run past closing: its length, the closing time and the last start that
  // fits, proposed ("a sports massage lasts 60 minutes and we close at 6 PM: would 5 PM suit you?").
  std::string ends_after_closing(std::string_view service, int minutes, ClockTime close, ClockTime last) const;
  std::string too_many(int capacity) const;
  // The calendar refused the time (another caller took the last table meanwhile): the nearest
  // free times, or another day when the day has none.
  std::string slot_unavailable(ClockTime t, const std::vector<ClockTime>& alternatives) const;
  std::string day_full(const Date& d, const Date& today) const;
  std::string booking_failed() const;  // prefix before offering a human

  std::string hours_answer(const BusinessContext& c, std::optional<Date> day, const Date& today) const;
  // The part of the day asked is outside the day's hours ("Friday afternoon", open 9 to 1):
  // "So there's no afternoon appointment that day: would the morning suit you, or another
  // afternoon?" (said after the day's hours).
  std::string part_closed(DayPart part) const;
  // Fixed seatings: "We serve at fixed seatings, 7 PM or 9 PM. Which would you like?"
  std::string seatings_offered(const std::vector<ClockTime>& times) const;
  std::string which_seating(const std::vector<ClockTime>& times) const;  // "Which seating would you like: 7 PM or 9 PM?"
  std::string address_answer(const BusinessContext& c) const;
  std::string phone_answer(const BusinessContext& c) const;

  // -- the trades beyond the restaurant (trade_phrasing.cc) --
  // The question for `asked` in the words of the business's trade ("Quel est le motif de votre
  // consultation ?", "Avec le docteur Martin ou le docteur Durand ?"). With `guests`, the room
  // types offered are those that sleep them (all when none does); when just one does, it is
  // proposed ("For 4 guests, I can offer you our suite. Would that suit you?").
  std::string ask(Asked asked, const BusinessContext& c, int guests = 0) const;
  std::string say_digits(std::string_view digits) const;  // "0 6, 1 2, 3 4, 5 6, 7 8"
  std::string say_plate(std::string_view plate) const;    // "A B, 1 2 3, C D"
  std::string say_room(std::string_view type) const;     // "double", "à lits jumeaux"
  std::string a_room(std::string_view type) const;       // "une chambre double", "une suite", "a suite"
  std::string room_suggested(std::string_view type, int guests) const;  // "For 4 guests, I'd suggest our suite. "
  // "Pour 4 personnes, nous avons notre suite (jusqu'à 4 personnes), 240 € la nuit. Cela vous
  // convient ?": the rooms that sleep `guests`, with their prices, then the room's question.
  std::string rooms_that_fit(const BusinessContext& c, int guests) const;
  std::string no_bookings() const;                        // a shop: what it can do instead
  std::string order_status(const Order& o) const;
  std::string order_unknown(std::string_view number) const;
  std::string no_answer() const;                          // a question with no facts to answer
  std::string no_answer_to_that() const;  // "As for your question, I'm sorry, I don't have that information. "
  // After the age rule: "With children aged 6 and 9, I'm sorry, I can't take this booking. ";
  // `again` (another room asked for them): the rule holds for every room.
  std::string children_too_young(const std::vector<int>& ages, bool again) const;
  // A room type asked for that the hotel does not have, said beside another answer: "We don't
  // have family rooms either, only double and single rooms. "; "" when a type has no plain name.
  std::string no_such_room_either(std::string_view type, const BusinessContext& c) const;
  std::string afraid_not() const;                         // "so that's a no?": "I'm afraid not."
  std::string nothing_booked() const;                     // before a goodbye mid-booking
  std::string default_reason() const;                     // "Consultation"
  std::string offer_human() const;
  // "I'm afraid that's all the information I have on that. ": an answer asked for again is not
  // read out word for word a second time.
  std::string no_more_on_that() const;
  std::string plate_word(bool north_american) const;  // "plate" or "registration"
  // "C'est noté, votre adresse e-mail, claire point morel arobase gmail point com, est jointe au
  // message. "; asked again: "C'est bien noté : votre adresse e-mail, ..., est jointe au message
  // numéro 4 8 2, 1 5 3 ; un conseiller vous recontactera. "
  std::string email_noted(std::string_view email) const;
  std::string email_on_message(std::string_view email, std::string_view ticket_id) const;
  // "Non, désolé, nous ne faisons pas cela : nous faisons Remplacement de pare-brise, ... "
  std::string work_not_done(const std::vector<std::string>& services) const;                        // "shall I put you through?"
  std::string group_too_large(int capacity) const;        // over capacity, a person can help
  std::string no_medical_advice() const;
  std::string breakdown() const;                          // before a transfer to the workshop
  std::string breakdown_sorry() const;                    // before the tow line
  std::string offer_appointment() const;
  // A bare "yes" to "Dr A, B or C?": the choices again, and what no preference means.
  std::string practitioner_again(const BusinessContext& c) const;
  // No preference, the first ones busy at the slot: "Doctor Sarah Miller isn't available then;
  // Doctor James Carter is. " (before the read-back).
  std::string practitioners_busy(const std::vector<std::string>& busy, std::string_view free) const;
  std::string name_noted(std::string_view name) const;  // "Noted, under the name Girard. "
  std::string car_noted(std::string_view car) const;    // "I've noted your Ford Focus. "
  // "Pour « Installation borne de recharge », c'est sur devis. "
  std::string priced_on_quote(std::string_view service, std::string_view price) const;
  // "C'est noté, votre e-mail : paul point fabre arobase orange point fr. "
  std::string email_kept(std::string_view email) const;
  // Two services or more asked for in one breath, or a service said again: all of them said back
  // ("I've noted the oil change and the tire rotation. "); `again` opens with "Yes, ".
  std::string services_noted(const std::vector<std::string>& services, bool again) const;
  std::string check_order_number() const;  // "Could you check the number and read it again?"
  std::string need_order_number() const;   // "To tell you that, I need the order number. "
  std::string sorry_for_the_trouble() const;  // a caller annoyed at getting through, then "how can I help?"
  // "Yes, this is Harbour View Hotel. " (confirming "is this ...?"), else "This is ...".
  std::string wrong_number(std::string_view business) const;  // "This is X, I think you have the wrong number."
  std::string who_we_are(std::string_view business, bool confirming) const;
  // "I'm Riverside Family Practice's virtual assistant. " — the honest answer to "are you a robot?"
  std::string virtual_assistant(std::string_view business) const;                  // "would you like to book it in?"
  std::string special_request() const;                    // before a transfer to reception
  std::string room_too_small(std::string_view type, int capacity) const;
  std::string room_unavailable(const BusinessContext& c) const;
  std::string ticket_ask_problem() const;                 // "describe it in a few words?"
  // What went wrong, said back: kind is complaint_kind's ("wrong_colour", "damaged", ...; "" =
  // none known). sorry_for: "Je suis désolé que vous ayez reçu la mauvaise couleur. ";
  // complaint_noted: "C'est bien noté : vous avez reçu la mauvaise couleur. " ("" for no kind).
  std::string sorry_for(std::string_view kind) const;
  std::string complaint_noted(std::string_view kind) const;
  // "J'ai ouvert le dossier numéro 4 8 2, 1 5 3 pour la commande CMD-1043, au nom de Martine
  // Lebrun ; ..." (name "" = not said)
  std::string ticket_opened(std::string_view ticket_id, std::string_view order, std::string_view name) const;
  std::string ticket_open_already(std::string_view ticket_id, std::string_view order, std::string_view name) const;
  std::string as_i_said() const;  // "Comme je vous le disais, " before a policy's promise said again
  // "[I can't change an order myself. ]I've passed your message on (case number 4 8 2, 1 5 3 ...)"
  std::string message_taken(std::string_view ticket_id, std::string_view order, bool order_change) const;
  std::string message_taken_already(std::string_view ticket_id) const;
  // "Je ne peux pas modifier une commande moi-même, mais je transmets votre demande. " before the
  // new address is asked; "C'est noté, nouvelle adresse de livraison : 12 rue des Lilas. " after.
  std::string change_passed_on() const;
  std::string address_noted(std::string_view address) const;
  // "It's more than 72 hours ahead, so cancelling it is free. "
  std::string cancel_free(int notice_hours, bool in_days) const;  // "It's passed on already ..."
  std::string sorry_about_it() const;  // "I'm sorry about that. "
  // A courtesy car asked for: noted on the booking for the desk, which hands the cars out.
  // "A courtesy car only comes with a full service, not with an MOT test alone. "; then "Not with
  // an MOT test alone, I'm afraid. "
  std::string loan_car_not_with(std::string_view with, std::string_view booked) const;
  // A driver too young for the courtesy car: no car, the booking goes on.
  std::string no_loan_car_at_that_age() const;
  // "Shall I book the second appointment, for Ciaran, right after, at 9:45 AM?" ("" name: none said).
  std::string offer_second_appointment(std::string_view name, ClockTime at) const;
  std::string loan_car_not_with_again(std::string_view booked) const;
  std::string thats_right() const;  // "That's right. "
  std::string loan_car_noted() const;    // "I've noted the courtesy car with your booking. "
  std::string loan_car_on_booking(bool yes = false) const;  // "[Yes. ]The courtesy car is noted on your booking; ..."
  // A medical emergency: call the emergency number now; a human comes next when there is one.
  std::string urgent(std::string_view emergency_number, bool transferring, bool practice = true) const;
  // "C'est une urgence vitale : raccrochez et appelez le 15 immédiatement. Au revoir." A life at
  // stake is told the number plainly and the line is freed: no "anything else?", no transfer.
  std::string call_emergency_now(std::string_view emergency_number) const;
  // "Oui, appelez-les tout de suite. Au revoir." to "ok I'm calling the 15".
  std::string call_them_now() const;

  std::string not_heard() const;        // prefix before re-asking after a silence
  std::string not_understood() const;   // prefix before re-asking
  std::string transferring() const;
  std::string nobody_available() const;
  // Closed now, so nobody to put the caller through to: when it opens again (nullopt: not said).
  std::string closed_now(std::optional<Date> opens, ClockTime at, const Date& today) const;
  std::string cannot_understand_goodbye() const;
  std::string silence_goodbye() const;
  std::string goodbye(bool evening) const;
  std::string request_dropped() const;
  std::string cannot_change_existing() const;  // a shop: "I can't cancel or change an order myself."

  // -- cancelling a booking already made (cancel_phrasing.cc) --
  // "une table pour 4 personnes vendredi 27 novembre à 20h00", "a double room for 2, arriving
  // tomorrow (Thursday, November 26), 2 nights": what a booking holds, without its name.
  std::string booking_summary(const Request& r, const Date& today) const;
  std::string cancel_ask_name() const;
  std::string cancel_which_day(bool moving = false) const;         // several under that name
  std::string cancel_found(std::string_view summary) const;        // "... Je l'annule ?"
  std::string cancel_done(std::string_view summary) const;         // + anything else?
  std::string cancel_kept() const;                                 // + anything else?
  std::string cancel_refused(std::string_view reason) const;       // already cancelled, ...
  std::string cancel_not_found(std::string_view name, std::optional<Date> day, const Date& today) const;

  // -- moving a booking already made (cancel_phrasing.cc) --
  std::string move_target(const Request& to, const Date& today) const;  // "to Saturday, ... at 8 PM"
  std::string move_found(std::string_view summary) const;               // "I found ... . "
  std::string move_ask_day() const;
  // "Moving it to Tuesday, December 15. " / "Déplacement au mardi 15 décembre. "
  std::string move_to(const Request& to, const Date& today) const;
  // "Let me check: I'm moving your booking, a table for 4 on Friday ..., to Saturday ... ?"
  // `changes`: what else the move changes, said after its new day ("pour 3 personnes").
  std::string move_recap(std::string_view from, const Request& to, const Date& today,
                         std::string_view changes = "") const;
  std::string moved(const Request& to, const Date& today, std::string_view changes = "") const;  // + anything else?
  // ", pour 3 personnes" / ", for 3 people, 2 nights": the party and nights the moved booking
  // gets when they differ from the old one's; empty when neither changed.
  std::string move_changes(std::optional<int> old_party, std::optional<int> old_nights, const Request& to) const;
  // A stay made longer: "je prolonge votre séjour (une chambre familiale pour 4 personnes,
  // arrivée le vendredi 18 décembre) : 3 nuits au lieu de 2, départ le lundi 21 décembre. C'est
  // bien ça ?" (`old_nights` the booked stay's, unsaid when unknown), and once done "votre séjour
  // est prolongé ...".
  std::string extend_recap(std::optional<int> old_nights, const Request& to, const Date& today) const;
  std::string extended(const Request& to, const Date& today) const;  // + anything else?
  // "Non, ... trois nuits au total" at the read-back of those very details: said before it again.
  std::string same_as_read_back() const;
  std::string move_kept(std::string_view from) const;             // the new time refused: prefix
  std::string move_old_goes() const;  // "what about my Friday one?" while moving it: prefix
  std::string move_old_not_cancelled(std::string_view from) const;

 private:
  std::string trade_recap(const Request& r, const Date& today) const;
  std::string trade_booked(const Request& r, const Date& today) const;
  std::string weekday_name(int weekday) const;
  std::string relative_day(const Date& d, const Date& today) const;  // "demain", "" if none
  std::string closed_when(const Date& d, const Date& today) const;  // "today (Saturday)", "on Mondays"
  std::string full_date(const Date& d) const;                          // "jeudi 26 novembre"

  Lang lang_;
  std::string bcp47_;
};

}  // namespace webox::brain
