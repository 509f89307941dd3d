// The local engine's conversation: slot filling, read-back, booking, questions, farewells.
//
//   Dialogue d(call);                     // call.profile.context_data names "Chez Marcel"
//   d.greet().text   -> "Bonjour, Chez Marcel, que puis-je faire pour vous ?"
//   d.hear("une table pour quatre personnes demain soir à 20h").text
//                    -> "Très bien, une table pour 4 personnes demain à 20h00. À quel nom dois-je réserver ?"
//   d.hear("Au nom de Dupont").text   -> "Je récapitule : une table pour 4 personnes demain
//                                          (jeudi 26 novembre) à 20h00 au nom de Dupont. C'est bien ça ?"
//   d.hear("Oui c'est parfait")       -> .tool = make_booking {2026-11-26, 20:00, 4, "Dupont"}
//   d.result({.ok = true}).text       -> "C'est réservé, ... Puis-je faire autre chose pour vous ?"
//   d.hear("Non merci, au revoir")    -> .action == ReplyAction::hangup
//
// Stages: open (nothing asked for yet) -> booking (filling party, day, time, name in that order;
// each answer is checked against capacity and opening hours as soon as it can be) ->
// confirming (everything read back; a yes books, a no asks what to change, any new detail is a
// correction that is applied and read back again) -> booking (a yes asks the engine for
// make_booking; the reply waits for its result: booked, or the nearest free times and the
// time asked again, or another day when that day is full) -> anything_else -> ended.
// A caller who wants to cancel a booking made before goes open -> cancelling (the name, the
// booking found read back, a yes: dialogue_cancel.cc). One who wants to move it ("décaler",
// "reschedule", "move it to Friday") has it found the same way, then gives the new day and time
// like a new booking's; the read-back says "moving your booking from X to Y", and a yes makes
// the new booking, then cancels the old one (a new slot refused keeps the old one, said so).
// A complaint becomes a ticket
// (Reply::ticket, dialogue_ticket.cc), then a person is offered.
// A question no fact answers is said unknown; outside a booking a person is offered (when one
// can be reached), and "ok. do you do gift wrapping?" at "anything else?" is such a question.
// Hours, address and phone questions are answered at any stage, then the pending question is
// asked again; a question the business's facts answer, asked beside a detail ("do you work on
// hybrids? it's a Prius"), is answered before the next question. Silence: the question again, and after `max_silent_turns` silences in a row a
// goodbye and hang-up. Two turns in a row that mean nothing: a transfer to "transfer_number"
// when the business has one, else an apology and hang-up. Nobody is put through (nor offered)
// while the business is closed by its opening hours: the caller hears when it opens again. A
// garage's breakdown hears the tow line of its FAQ first, then a person is offered.
//
// A lone number correcting the read-back ("can we do 10 instead", "plutôt 11") is the party or
// the nights when the caller corrected that last ("make it 4", then "no, 6 instead" is 6
// people), else the time when the business is open then, else the party when it fits (at a
// hotel, more guests than the room booked sleeps: the nights).
// A weekday said alone to change the day ("jeudi prochain", then "plutôt vendredi") is the one
// of the booked day's week, when that is not past.
// A booking carries the phone number the caller gave, else the number the call came from ("yes"
// or "this number" at the phone's question says so).
// A goodbye at the read-back without a yes hears that nothing is booked yet and the read-back
// once more (a caller who thought it was done says yes then); a second goodbye ends the call.
// Politeness and checks are not misses: a bare "merci" at a pending question asks it again (twice:
// nothing booked, goodbye); "who is this?" / "is this the garage?" hears the business's name; an
// annoyed caller hears an apology. "What should I do?" after the emergency number or the tow line
// hears it again. A question naming a service ("vous faites le contrôle technique ?") hears its
// price and an offer to book it; a yes books that service. A name given before it was asked is
// said back ("C'est noté, au nom de Girard."). An order number not found is asked again once.
// "No preference" ("peu importe", "any of them") at "Dr A, B or C?" is the first practitioner
// free at that slot (check_availability asked for each in the list's order), named in the
// read-back; a bare "yes" hears the choices again once, and a second one means no preference.
// A practice's or a garage's caller who gives a part of the day and no time ("Monday afternoon",
// "demain matin", "en fin d'après-midi", "à la première heure") is proposed its first time the
// business is open (late afternoon: from 17:00), checked and echoed, rather than asked "at what
// time?" again and again; a restaurant still asks.
// A garage's car model and plate are each asked at most twice; then the booking goes on without
// them, and the read-back and the booking's details say "not given".
// Contract: deterministic — the state is a function of the CallContext and the utterances.
// "Today" and "now" are `started_at` shifted by the business's utc_offset. The recogniser's
// confidence is not used: a transcript that parses into a coherent request is trusted, and the
// read-back before booking is what catches a misheard detail.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/brain/brain.h"
#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/context.h"
#include "adapters/brain/local/normalize.h"
#include "adapters/brain/local/phrasing.h"
#include "adapters/brain/local/stay.h"
#include "adapters/brain/local/understand.h"

namespace webox::brain {

// The details an utterance gives, besides free text (dialogue_trades.cc).
bool has_detail(const Understanding& u);

// "Chez moi", "à domicile", "come to my house": the work done where the caller is (dialogue_trades.cc).
bool names_home_visit(const Words& w);
// Whether the business comes to its callers: an FAQ entry about it that says so, no denial.
bool comes_to_callers(const BusinessContext& c);
// A service done at the caller's home, not on a car: a charging point installed ("Installation
// borne de recharge", "EV charger fitting"). No plate is asked for it.
bool installed_at_home(const Service& s);
// "paul.fabre@orange.fr" as written in the transcript; "" when none.
std::string email_in(std::string_view utterance);

// "I don't have the order number", "je n'ai pas le numéro" (dialogue_ticket.cc).
bool no_order_number(const Words& w);
// A minimum stay the business's FAQ states (dialogue_trades.cc), one per part of its answer:
// "Pendant les vacances de Noël, du 19 décembre au 2 janvier, 7 nuits minimum, du samedi au
// samedi ; le reste de l'hiver, 2 nuits minimum le week-end" is two.
struct MinimumStay {
  int nights = 2;
  bool weekend_only = false;  // only for a Friday or Saturday arrival
  int from = 0, to = 0;       // the period it holds in, month * 100 + day (0: all year)
  int arrival_weekday = -1;   // "du samedi au samedi": stays start that day (0 = Monday)
  std::string said;           // the FAQ's answer, said as the reason
};
// The rule for a stay of `nights` from `arrival`: the first whose period one of its nights is
// in, else the first with no period.
std::vector<MinimumStay> minimum_stays(const BusinessContext& c);  // read once a call
std::optional<MinimumStay> minimum_stay(const std::vector<MinimumStay>& rules, const Date& arrival, int nights);
// "Move my appointment to Friday": the index just past the words asking to move (dialogue_cancel.cc).
std::optional<std::size_t> move_request_end(const Words& w);
// "Peu importe", "whoever's available", "no preference": any practitioner will do.
bool any_will_do(const Words& w);
// "Je voudrais rajouter une nuit", "can we extend our stay": a booked stay made longer
// (dialogue_cancel.cc); the index just past the words asking it, nullopt when not asked.
std::optional<std::size_t> extension_request_end(const Words& w);

class Dialogue {
 public:
  explicit Dialogue(const CallContext& call);

  Reply greet();
  Reply hear(std::string_view utterance);
  Reply result(const ToolResult& r);  // after a Reply that carried a tool
  void cut_short(std::string_view heard);  // the caller interrupted the last reply (brain.h)

  // What the assistant knows about the business (context problems are skipped fields).
  const ContextReading& context() const { return reading_; }

 private:
  enum class Stage {
    open, booking, checking, confirming, awaiting_booking, anything_else, cancelling, ended
  };

  struct Slots {
    std::optional<int> party;
    std::optional<Date> date;
    std::optional<SpokenTime> time;
    DayPart part = DayPart::none;
    std::optional<std::string> name;
    std::optional<std::string> service, practitioner, phone, room_type, vehicle, plate;
    std::optional<int> nights;
    std::optional<std::string> notes;  // a request made while booking ("a baby cot"), as said
    std::vector<std::string> also_services;  // a garage's other services asked with `service` ("an oil change and a tire rotation")
    bool loan_car = false;  // a garage's courtesy car asked for with this booking
    bool at_home = false;   // done where the caller is, by a garage that comes to its callers
    std::string email;      // given while booking: said back, in the booking's details
    friend bool operator==(const Slots&, const Slots&) = default;
  };

  Reply handle(const Understanding& u);
  Reply answer_questions(const Understanding& u);
  std::string answers_to(const Understanding& u, std::vector<ToolUse>& used) const;  // each ends with a space
  Reply answer_fact(const std::string& said);
  bool offers_human(std::string_view text) const;
  Reply take_details(const Understanding& u, bool announce_progress);
  Reply confirm_booking(bool and_goodbye);
  Reply booking_refused(const ToolResult& r);
  Reply missed();
  Reply human_wanted(std::string prefix, std::string_view why = "caller-asked");
  std::string_view lang_code() const;  // "fr" or "en", as the knowledge and facts take it
  bool can_transfer() const;        // a transfer_number, and open now
  std::string closed_now() const;   // when the business opens again

  // -- the trades (dialogue_trades.cc) --
  Reply urgent();
  std::optional<std::string> tow_line() const;
  std::optional<Reply> not_a_booking(const Understanding& u);
  Reply order_status(const Understanding& u);
  Reply ticket(const Understanding& u);
  std::optional<Reply> loan_car(const Understanding& u);
  // The loan-car rule for the service being booked when the FAQ lends cars with another one
  // only ("with a full service" for an MOT): {the FAQ's answer, its service, the booked one}.
  struct LoanRule {
    std::string answer, with, booked;
  };
  std::optional<LoanRule> loan_car_rule() const;
  std::string with_loan_car_rule(std::string text);
  // `policy_said`: the policy the complaint hears was said already: not again.
  Reply open_ticket(const Understanding& u, bool policy_said = false);
  void note_case_promised(std::string_view said);  // said: an answer of the business's facts
  Reply address_taken();
  Reply pass_on(const std::string& before, bool change, const std::string& summary);
  std::string policy_reply(const std::string& answer);  // the complaint's policy, shorter when said again
  // "Vous pouvez prendre un message ?", "note my e-mail so someone gets back to me", "I want to
  // add an item to my order": a shop's message for a person, taken as a case (dialogue_ticket.cc).
  std::optional<Reply> message(const Understanding& u);
  Understanding read_out_of_turn(std::string_view utterance, Understanding u) const;
  Understanding read_correction(std::string_view utterance, Understanding u) const;
  Understanding read_delay(Understanding u) const;  // "dans une heure" -> today at now + 1 h
  // A service kept for urgent cases ("Urgence dentaire") and the time its FAQ keeps for it each
  // day ("un créneau d'urgence à 11 h 30"): the next such slot proposed, the FAQ said first.
  bool propose_emergency_slot();
  // A restaurant's fixed seatings (its FAQ: \"two seatings, at 7 pm and at 9 pm\"): the only times.
  std::vector<ClockTime> seatings() const;
  bool part_closed() const;  // the day asked is open, but not in the part of the day asked
  std::optional<std::string> urgent_service() const;  // the service for urgent cases, when the FAQ keeps it a slot
  Understanding read_count_not_time(Understanding u) const;  // "plutôt à 3" at "combien de personnes ?"
  std::optional<std::string> service_in(const Understanding& u) const;
  // The service booked, then the others asked for with it.
  std::vector<std::string> all_services() const;
  std::string booking_news();  // said once while booking (a quote, an e-mail)
  // The caller's words without those that name another subject than a service (the plate's
  // "rego", the booking's own "appointment" once a service is chosen, an FAQ keyword phrase
  // such as "medical card"); nullopt when none was said.
  std::optional<Words> words_without_other_subjects(const Understanding& u) const;
  // The caller's words to answer from the facts: without "appointment" once a service is chosen.
  Words words_for_facts() const;
  std::optional<Words> without_other_subjects(const Understanding& u) const;  // uncached
  // The services said in the caller's words, in the order said (a garage's "la vidange et les
  // pneus hiver"); empty when the business has fewer than two.
  std::vector<const Service*> services_named(const Understanding& u) const;
  // "Safety certificate?? no, BRAKES": the one service said beside `current` (in `undenied`, the
  // words without those denied: "not a service"), when `current` is said too; nullptr when
  // none or several.
  const Service* other_service_said(std::string_view current, const Words& undenied) const;
  void remember_reason();  // a practice's question answered: its reason kept for a booking next
  std::optional<std::string> practitioner_in(const Understanding& u) const;
  bool has_trade_slot(const Understanding& u) const;
  bool filled(Asked a) const;
  std::optional<Reply> check_trade_details();
  ToolCall booking_call() const;
  std::optional<Reply> availability_check(const Understanding& u);
  std::optional<ClockTime> time_in_part() const;  // "lundi après-midi": the first time it opens
  bool same_day_again(const Understanding& u) const;  // a day and part said again that hold the time

  // -- cancelling a booking already made (dialogue_cancel.cc) --
  Reply start_cancel(const Understanding& u);
  Reply start_extension(const Understanding& u);
  std::optional<Reply> cancel_step(const Understanding& u);  // nullopt: not about it
  Reply cancel_result(const ToolResult& r);
  Reply look_for_booking();
  Reply start_move(const ToolResult& found);
  Reply move_result(const ToolResult& r);
  std::string read_back() const;  // the read-back: a new booking's, or a move's
  void drop_rules_not_applying();  // an FAQ rule about other nights than the stay's is not said
  std::string practitioners_passed_over() const;  // "Dr A isn't available then; Dr B is. " or ""
  std::string group_terms();  // the FAQ's terms for a party the size of the table's, once
  std::string cancel_question() const;

  bool merge(const Understanding& u);  // true when a slot changed
  std::optional<ClockTime> booking_time() const;
  std::optional<Date> first_open_day() const;
  std::optional<Reply> check_minimum_stay();
  std::optional<Reply> runs_past_closing(ClockTime start);  // a service too long for the time left
  Request request() const;
  std::string current_question() const;
  // The question for `a` in the trade's words; the room types offered are those the guests fit.
  std::string ask(Asked a) const;

  void forget_request();
  Reply reply(std::string text, ReplyAction action) const;
  Reply say(std::string text, Asked asked);
  Reply end(std::string text);
  Reply transfer(std::string text, std::string_view why);

  ContextReading reading_;
  const BusinessContext& business_;
  Phrasebook phrases_;
  std::string business_name_;
  LocalMoment now_;
  int max_silent_turns_;
  bool home_visits_;  // comes_to_callers(business_), read once
  std::vector<std::string> home_installs_;  // the services installed_at_home, read once
  bool quote_told_ = false;  // the booked service's price is a quote, and that was said
  std::optional<Date> closed_told_;  // the closed day said last: asked again, said shorter
  // words_without_other_subjects of the line being handled, for the flags it depends on.
  struct OtherSubjects {
    int key = -1;
    std::string utterance;
    std::optional<Words> words;
  };
  mutable OtherSubjects others_;

  std::vector<Asked> form_;  // what a booking needs here, in asking order (booking_form.h)
  Words words_;              // the utterance being handled, for the business's own vocabulary
  Stage stage_ = Stage::open;
  Asked asked_ = Asked::nothing;
  Slots slots_;
  int silences_ = 0;
  int misses_ = 0;
  std::string emergency_told_;  // the emergency number said: "I'm calling it" ends the call
  std::string advice_;  // the emergency number or tow line said: "what do I do?" hears it again
  std::vector<std::string> answers_said_;  // answers given: one pressed for again is not read out twice
  bool thanked_ = false;  // the last turn was a bare "merci" while a question was pending
  bool time_proposed_ = false;  // the last reply proposed a time for a part of the day
  bool practitioner_picked_ = false;  // the only one giving the service was taken: echoed once
  bool soonest_ = false;  // "your earliest appointment": the first free day and time, proposed
  // A stay offered because the one asked is below the minimum: a yes takes it.
  std::optional<Stay> offered_stay_;
  bool stay_said_ = false;  // the turn merged last gave a day or nights
  bool services_listed_ = false;  // the turn merged last named two services or more: said back
  bool rooms_listed_ = false;  // "qu'est-ce que vous avez ?" at the room's question answered once
  bool order_missed_ = false;  // an order number was not found once: the next miss is not asked again
  std::string reason_said_;  // "renouvellement d'ordonnance" asked about before booking (a practice)
  std::vector<std::string> services_said_;  // priced together before a booking: the service's choices
  std::string offered_practitioner_;  // named with the service priced ("voir la sage-femme"): a yes books with them
  // The service a question answered spoke of ("un impact sur le pare-brise, vous pouvez venir
  // chez moi ?"): a booking asked next is for it.
  std::string service_spoken_of_;
  std::string offered_service_;  // a service asked about, then an appointment offered: a yes books it
  bool goodbye_after_booking_ = false;  // "oui, merci, au revoir": hang up once it is booked
  std::string last_order_;    // the order whose status was said: follow-ups are about it
  std::string checked_;       // the request the calendar last said fits (or was asked about)
  Understanding checking_;    // the turn that asked check_availability, answered in result()
  bool offered_human_ = false;            // we offered a person: a yes puts the caller through
  bool group_refused_ = false;  // the party limit was said once: not again, who organises groups instead
  std::vector<int> child_ages_;           // the children's ages said in the call (age_rule.h)
  bool age_rule_said_ = false;            // the business's minimum age for children was said
  bool group_terms_said_ = false;         // the FAQ's terms for a party this large were said
  std::optional<std::vector<MinimumStay>> stay_rules_;  // the FAQ's minimum stays, read when first needed
  // The FAQ entry said before a read-back from a party size (a hotel's deposit: from 1), read
  // when first needed: {index into the FAQ or -1, the party size}.
  std::optional<std::pair<int, int>> party_terms_;
  bool refused_for_age_ = false;          // a request dropped for it: "so that's a no?" hears so
  // Work the business does not do, just refused ("pas la mécanique"): the car said next starts
  // no booking for it; "" once a booking goes on. `car_kept_`: the car given since is kept for
  // the next request, until a booking goes on.
  std::string work_refused_;
  bool car_kept_ = false;
  std::vector<ClockTime> offered_times_;  // the free times just offered: a yes takes the first
  std::string last_text_;
  std::string answered_first_;  // a question answered beside a detail: said before the next reply
  bool late_told_ = false;  // the FAQ on arriving late, said once
  bool loan_rule_due_ = false;   // the loan-car rule is this turn's to say
  bool loan_rule_told_ = false;  // said already: said shortly next time
  bool goodbye_at_read_back_ = false;  // "thanks, bye" at the read-back: asked once more
  std::string call_sid_;
  std::string caller_number_;  // the call's From when it is a number: a booking's phone by default
  std::string utterance_;  // as heard: a complaint's summary keeps the caller's words
  int tickets_ = 0;
  bool loan_car_booked_ = false;  // a booking made in this call carries a courtesy car
  bool loan_car_refused_ = false;  // the FAQ's age for its courtesy cars turned this caller down
  std::string loan_age_rule_due_;  // that rule, to say with "no car, but the work is booked"
  // "Flu jabs for myself and my husband Ciaran": a second person to book right after the first
  // (their name, or "" when none was said), then the appointment offered for them.
  std::optional<std::string> companion_;
  std::optional<Slots> companion_offer_;
  bool companion_asked_ = false;  // offered once: not again
  // A booking was made (or moved) in this call: a goodbye while another is begun, or after a
  // question taken for one ("on peut dîner sur place ?"), is not told "nothing is booked".
  bool booked_in_call_ = false;
  std::string complaint_;  // a shop's complaint told, its order number asked: the case waits for it
  // The caller's words answered by a promise to open a case ("I'll open a ticket and we'll send a
  // replacement"): a case opened with them when the order number turns out to be unknown.
  std::string promised_case_;
  std::string ticket_id_, ticket_order_;  // the case opened in this call, and its order
  std::string ticket_kind_, ticket_name_;  // what went wrong ("wrong_colour") and whose case, said back
  std::string policy_said_;  // the shop's answer to the complaint, once said: again, only its promise
  bool ticket_offered_human_ = false;  // a person offered with the case: not offered again
  std::string email_;  // the caller's e-mail address, spelt out for a message: read back
  std::string address_change_;  // an address change asked for, its new address asked: said once
  // "No preference" at "Dr A, B or C?": the first practitioner free at the slot, tried in the
  // list's order when the day and time are known (any_slot_: the day|time tried for).
  bool any_practitioner_ = false;
  bool practitioner_asked_again_ = false;  // a bare "yes" to it: the choices said once more
  std::string any_slot_;
  std::optional<ToolResult> first_refusal_;  // the first practitioner's answer, if all are taken
  // A garage's car and plate are asked at most twice each, then the booking goes on without
  // them (its details say "not given"): a caller who does not know them is not stuck.
  int vehicle_asks_ = 0, plate_asks_ = 0;
  // The slot (time, party, nights) a correction at the read-back changed last: a lone number
  // that corrects again ("no, 6 instead") is read as that slot first.
  Asked last_corrected_ = Asked::nothing;

  // The booking the caller wants cancelled: asked for by name (and day), found, read back.
  struct Cancelling {
    std::optional<std::string> name;
    std::optional<Date> date;
    std::optional<ClockTime> time;           // "demain à 9h": its time, which narrows the search
    std::optional<std::string> practitioner;  // "avec le docteur Roux": kept when it is moved
    std::optional<std::string> service;       // "my logbook service on Wednesday": likewise
    std::optional<Date> from_month;  // "pour février": searched from that month's first day
    std::string booking_id;  // found and read back: a yes cancels it
    std::optional<ToolResult> found_result;  // that search's answer: "rebook it for Tuesday" moves it
    std::string found;       // how it was read back ("une table pour 4 ... à 20h00")
    enum class Waiting { nothing, search, cancel } waiting = Waiting::nothing;
    bool moving = false;  // "move my booking to Friday": found, it becomes a change of slot
    Understanding to;     // the new day or time said with the request to move
    // "Rajouter une nuit, on repartirait le 21": a stay made longer, same arrival (a move whose
    // nights change): the new check-out day, else the nights added.
    bool extending = false;
    std::optional<Date> checkout;
    int nights_added = 1;
    // "More than 72 hours before arrival, so there's no charge. ": the found booking is past the
    // free notice of the terms; "" when the terms say no such notice or it is not past.
    std::string free_note;
    bool charge_asked = false;  // "yes please, but will I be charged?": the note said with it
  };
  // A booking being moved: found, then filled like a new one with its day and time changed;
  // read back as a move; on yes make_booking, then cancel_booking of the old one.
  struct Moving {
    std::string booking_id;  // the old booking
    std::string from;        // how it was read back
    std::optional<Date> on;  // its day: said again with no time, it names the booking
    std::optional<std::string> details;  // kept as they were (a car, a request)
    bool cancelling = false;  // the new one is made: the old one's cancellation is under way
    Request to;               // the new one, for what is said once it is done
    std::optional<int> party, nights;  // the old one's: a new party or stay is read back
    bool extending = false;            // read back and done as a longer stay
  };
  std::optional<Moving> moving_;
  Cancelling cancel_;
  // The search just found nothing: another name said next is searched too ("c'est au nom de
  // Dubois"), on the same day; nullopt when the last turn was not that miss.
  std::optional<std::optional<Date>> cancel_missed_;
};

}  // namespace webox::brain
