// Cancelling a booking already made, by phone: the name it is under (and its day when the
// name has several), the booking found and read back, and only after a yes, cancelled.
//
//   caller: "Je voudrais annuler ma réservation"      -> "Bien sûr. À quel nom est la réservation ?"
//   caller: "Dupont"                                  -> tool cancel_booking {name "Dupont"}
//   result: ok, booking {table, 2026-11-27, 20:00, 4} -> "J'ai trouvé une table pour 4 personnes
//                                                        vendredi 27 novembre à 20h00. Je l'annule ?"
//   caller: "oui"                                     -> tool cancel_booking {booking_id}
//   result: ok                                        -> "C'est annulé : ... Autre chose ?"
#include <cstdio>
#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "adapters/brain/local/booking_form.h"
#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/dialogue.h"
#include "adapters/brain/local/knowledge.h"
#include "adapters/brain/local/numbers.h"

namespace webox::brain {
namespace {

std::optional<Date> parse_iso(std::string_view s) {
  Date d;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + n, out);
    return r.ec == std::errc() && r.ptr == s.data() + at + n;
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day) || !valid_date(d))
    return std::nullopt;
  return d;
}

// The booking found, as the read-back says it: no name, it is the one the caller gave.
Request found_request(const BookingConfirmed& b, std::string_view trade) {
  Request r;
  r.trade = std::string(trade);
  r.date = parse_iso(b.date);
  if (auto m = parse_clock(b.time); m && !b.time.empty()) r.time = ClockTime{*m / 60, *m % 60};
  if (b.party_size > 0) r.party = b.party_size;
  r.service = b.service.value_or("");
  if (b.kind == "appointment") r.practitioner = b.resource.value_or("");
  if (b.kind == "room") r.room_type = b.resource.value_or("");
  if (b.nights) r.nights = *b.nights;
  return r;
}

// "annuler la réservation de Martin", "cancel the booking for Martin": the name a booking is
// under, said the way one names a booking rather than oneself ("au nom de" is read anyway).
std::optional<std::string> booking_owner(std::string_view said, const Words& w, const Date& today) {
  for (std::string_view p : {"reservation de", "reservation d", "reservation pour", "rendez vous de",
                             "rendez vous pour", "booking for", "reservation for", "booking of",
                             "appointment for", "table for", "table de", "room for", "chambre de",
                             // A recogniser writes "c'est martin" in lower case: the name the
                             // caller gives with the request, so read as if it had been asked.
                             "c est", "it s", "it is", "this is", "i m", "je suis", "under"}) {
    for (std::size_t at = find_phrase(w, p); at != std::string_view::npos; at = find_phrase(w, p, at + 1)) {
      if (at + phrase_length(p) >= w.size()) break;
      const std::string_view rest = said.substr(w[at + phrase_length(p)].begin);
      const Understanding u = understand(rest, today, Asked::name);
      if (!u.name || u.party) continue;
      // "ma réservation de ce soir": the name must be what follows, not what the day left.
      const Words name_words = tokenize(*u.name);
      if ((u.date || u.time) && (name_words.empty() || name_words.front().text != w[at + phrase_length(p)].text))
        continue;
      // "c'est pour annuler ma réservation": the request, not a name.
      const Words name = tokenize(*u.name);
      bool request = false;
      for (std::string_view verb : {"annuler", "annule", "annulation", "cancel", "cancelling", "canceling",
                                    "supprimer", "decommander", "calling", "appelle", "need", "want"})
        if (find_phrase(name, verb) != std::string_view::npos) request = true;
      if (!request) return u.name;
    }
  }
  return std::nullopt;
}

// A question about what cancelling costs, beside the request: "will I be charged?", "c'est payant ?".
bool asks_about_charges(std::string_view said, const Words& w) {
  if (said.find('?') == std::string_view::npos) return false;
  for (std::string_view p : {"charge", "charged", "fee", "fees", "pay", "cost", "penalty", "refund",
                             "refunded", "frais", "payer", "payant", "facture", "rembourse",
                             "rembourses", "penalite", "gratuit", "free"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// The notice within which cancelling is free, as the FAQ's terms say it (hours or days): "Cancellation is
// free up to 72 hours before arrival", "annulation gratuite jusqu'à 48 h avant", "free up to 2
// days before". None when the terms say no free notice.
struct Notice {
  int hours = 0;
  bool in_days = false;  // "2 days", "48 heures": said back as the terms say it
};
std::optional<Notice> free_notice(const BusinessContext& c) {
  for (const Faq& f : c.faq) {
    const bool about = std::ranges::any_of(f.keywords, [](const std::string& k) {
      const std::string t = fold(k);
      return t.find("cancel") != std::string::npos || t.find("annul") != std::string::npos;
    });
    const Words a = tokenize(f.answer);
    if (!about || (find_phrase(a, "free") == std::string_view::npos &&
                   find_phrase(a, "gratuite") == std::string_view::npos &&
                   find_phrase(a, "gratuit") == std::string_view::npos &&
                   find_phrase(a, "sans frais") == std::string_view::npos))
      continue;
    for (std::size_t i = 0; i + 1 < a.size(); ++i) {
      if (!is_number_text(a[i].text)) continue;
      const int n = std::stoi(a[i].text);
      const std::string& unit = a[i + 1].text;
      if (unit == "hours" || unit == "hour" || unit == "h" || unit == "heures" || unit == "heure") return Notice{n, false};
      if (unit == "days" || unit == "day" || unit == "jours" || unit == "jour") return Notice{n * 24, true};
    }
  }
  return std::nullopt;
}

}  // namespace

// "Move my appointment to Friday", "je voudrais décaler ma réservation": the index just past the
// words asking to move a booking; nullopt for a plain cancellation.
std::optional<std::size_t> move_request_end(const Words& w) {
  for (std::string_view p : {"deplacer", "decaler", "reporter", "changer", "modifier", "avancer",
                             "move", "moving", "reschedule", "rescheduling", "change", "push back",
                             "push it back", "bring forward", "bring it forward", "repousser", "repousse"})
    if (const std::size_t at = find_phrase(w, p); at != std::string_view::npos) return at + phrase_length(p);
  return std::nullopt;
}

std::optional<std::size_t> extension_request_end(const Words& w) {
  for (std::string_view p : {"prolonger", "extend", "une nuit de plus", "one more night", "an extra night",
                             "another night", "nuit supplementaire", "nuits supplementaires"})
    if (const std::size_t at = find_phrase(w, p); at != std::string_view::npos) return at + phrase_length(p);
  // "rajouter une nuit", "add two nights": an adding word, then the nights within three words.
  for (std::string_view add : {"rajouter", "ajouter", "add"}) {
    const std::size_t at = find_phrase(w, add);
    if (at == std::string_view::npos) continue;
    for (std::size_t k = at + 1; k < w.size() && k <= at + 3; ++k)
      if (w[k].text == "nuit" || w[k].text == "nuits" || w[k].text == "night" || w[k].text == "nights")
        return k + 1;
  }
  return std::nullopt;
}

// "J'ai réservé la chambre familiale du 18 au 20 décembre au nom de Roche, et je voudrais
// rajouter une nuit, on repartirait le 21": found like a booking to move (by name, on its
// arrival), then read back with the same arrival and the longer stay.
Reply Dialogue::start_extension(const Understanding& u) {
  forget_request();
  cancel_ = Cancelling{};
  stage_ = Stage::cancelling;
  cancel_.moving = cancel_.extending = true;
  cancel_.name = u.name ? u.name : booking_owner(utterance_, words_, now_.date);
  const std::size_t end = *extension_request_end(words_);
  // The booking's own arrival is said before the request; after it, the new check-out day or
  // the nights added ("une nuit" is the one said with "rajouter").
  const std::size_t asked_at = end > 0 ? words_[end - 1].begin : 0;
  const Understanding own = understand(std::string_view(utterance_).substr(0, asked_at), now_.date, Asked::nothing);
  cancel_.date = own.date;
  cancel_.to.room_type = u.room_type;
  if (end < words_.size()) {
    const Understanding after =
        understand(std::string_view(utterance_).substr(words_[end].begin), now_.date, Asked::nothing);
    if (after.date && (!own.date || *after.date > *own.date)) cancel_.checkout = after.date;
  }
  for (std::size_t k = 0; k + 1 < end; ++k) {
    const auto n = parse_number(words_, k);
    if (!n || n->value < 1 || n->value > 14 || k + n->length >= words_.size()) continue;
    const std::string& unit = words_[k + n->length].text;
    if (unit == "nuits" || unit == "nights") cancel_.nights_added = n->value;
  }
  if (!cancel_.name) return say(phrases_.cancel_ask_name(), Asked::name);
  return look_for_booking();
}

Reply Dialogue::start_cancel(const Understanding& u) {
  forget_request();
  cancel_ = Cancelling{};
  stage_ = Stage::cancelling;
  if (u.name) cancel_.name = u.name;
  if (!cancel_.name) cancel_.name = booking_owner(utterance_, words_, now_.date);
  if (u.date) cancel_.date = u.date;
  if (u.time) cancel_.time = resolve(*u.time, u.part);
  if (const Practitioner* p = business_.trade == "medical" ? find_practitioner(business_, words_) : nullptr)
    cancel_.practitioner = p->name;
  // A service named for what it is, not "I booked a service", "mon rendez-vous".
  if (business_.trade == "medical" || business_.trade == "garage") {
    Words named;
    for (const Word& w : words_)
      if (w.text != "service" && w.text != "appointment" && w.text != "booking" && w.text != "rendez" &&
          w.text != "vous" && w.text != "rdv" && w.text != "reservation")
        named.push_back(w);
    if (const Service* s = find_service(business_, named)) cancel_.service = s->name;
  }
  // A move: a day or time said after the words asking for it is where the booking goes ("move
  // my appointment to Friday"); one said before is the booking's own ("my Wednesday service,
  // I need to move it").
  if (auto end = move_request_end(words_)) {
    cancel_.moving = true;
    // "... to Friday", "... à vendredi", "... for Saturday at 8": what follows the first such word
    // after the request is the new slot; "mon rendez-vous de demain" names the booking's own day.
    std::size_t at = *end;
    while (at < words_.size() && !std::ranges::any_of(std::initializer_list<std::string_view>{
                                     "to", "till", "until", "for", "a", "au", "pour", "vers"},
                                 [&](std::string_view m) { return words_[at].text == m; }))
      ++at;
    if (at + 1 < words_.size()) {
      Understanding to = understand(std::string_view(utterance_).substr(words_[at + 1].begin), now_.date, Asked::nothing);
      if (to.date || to.time) {
        if (to.date && u.date && *to.date == *u.date) cancel_.date.reset();
        if (to.time) cancel_.time.reset();  // the new time, not the booking's
        cancel_.to = std::move(to);
      }
    }
    // "I've got a follow-up on Wednesday and I need to push it back to next Tuesday week": the
    // day said before the request is the booking's own, searched on.
    if (*end > 0) {
      const Understanding own =
          understand(std::string_view(utterance_).substr(0, words_[*end - 1].begin), now_.date, Asked::nothing);
      if (own.date && (!cancel_.to.date || *own.date != *cancel_.to.date)) cancel_.date = own.date;
      // "J'ai rendez-vous demain à 9h et je voudrais le décaler": the booking's own time.
      if (own.time) cancel_.time = resolve(*own.time, own.part);
    }
  }
  // "I need to cancel it. Will I be charged for that?": the terms are said with what is found
  // (was the charge left for the caller to ask again).
  if (asks_about_charges(utterance_, words_))
    if (auto terms = answer_question(business_, words_, lang_code())) answered_first_ = *terms + " ";
  if (!cancel_.name) return say(phrases_.cancel_ask_name(), Asked::name);
  return look_for_booking();
}

Reply Dialogue::look_for_booking() {
  Reply r = reply("", ReplyAction::listen);
  ToolCall call;
  call.name = "cancel_booking";
  call.booking.kind = std::string(booking_kind(business_));
  call.booking.name = *cancel_.name;
  if (cancel_.date) call.booking.date = to_iso(*cancel_.date);
  if (cancel_.time) {
    char hhmm[16];  // room for any int the compiler imagines: no truncation warning
    std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", cancel_.time->hour % 24, cancel_.time->minute % 60);
    call.booking.time = hhmm;
  }
  // "une réservation au nom de Perrin pour février": not today's, February's (was today's read
  // back). The month said stays for the search made once the name is given.
  if (auto month = month_alone(words_, now_.date)) cancel_.from_month = month;
  call.not_before = to_iso(cancel_.from_month.value_or(now_.date));
  r.tool = std::move(call);
  cancel_.waiting = Cancelling::Waiting::search;
  return r;
}

std::string Dialogue::cancel_question() const {
  if (asked_ == Asked::confirmation) return phrases_.cancel_found(cancel_.found);
  if (asked_ == Asked::day) return phrases_.cancel_which_day(cancel_.moving);
  return phrases_.cancel_ask_name();
}

// The caller's answer while a cancellation is under way; questions, goodbyes and anything
// not about it (nullopt) go the usual way.
std::optional<Reply> Dialogue::cancel_step(const Understanding& u) {
  const Intents& in = u.intents;
  if (in.goodbye || in.human || in.urgent) return std::nullopt;
  if (asked_ == Asked::confirmation) {
    // "Yeah that's the one. and can I rebook it for next Tuesday instead?": the booking found
    // is moved there (was a Tuesday booking searched to cancel).
    if ((u.date || u.time) && cancel_.found_result && in.answer != Answer::no &&
        said_any_phrase(words_, {"rebook", "re book", "book it", "book me", "instead", "a la place", "reprendre",
                                 "reporter", "move it", "deplacer", "decaler"})) {
      misses_ = 0;
      cancel_.moving = true;
      cancel_.to = u;
      return start_move(*cancel_.found_result);
    }
    if (u.date && !(cancel_.date && *u.date == *cancel_.date)) {  // "non, celle de vendredi"
      cancel_.date = u.date;
      return look_for_booking();
    }
    // "Non c'était à 9h" after one at 12:30 was read back: searched again at that time.
    if (u.time && in.answer != Answer::yes) {
      const ClockTime t = resolve(*u.time, u.part);
      if (!(cancel_.time && t.minutes() == cancel_.time->minutes())) {
        cancel_.time = t;
        return look_for_booking();
      }
    }
    if (in.answer == Answer::yes) {
      cancel_.charge_asked = asks_about_charges(utterance_, words_);
      Reply r = reply("", ReplyAction::listen);
      ToolCall call;
      call.name = "cancel_booking";
      call.booking.booking_id = cancel_.booking_id;
      r.tool = std::move(call);
      cancel_.waiting = Cancelling::Waiting::cancel;
      return r;
    }
    if (in.answer == Answer::no) {
      cancel_ = Cancelling{};
      stage_ = Stage::anything_else;
      return say(phrases_.cancel_kept(), Asked::anything_else);
    }
    return std::nullopt;
  }
  if (u.name) cancel_.name = u.name;
  if (u.date) cancel_.date = u.date;
  const bool answered = asked_ == Asked::day ? u.date.has_value() : u.name.has_value();
  if (!answered && u.date) return say(cancel_question(), asked_);  // the day, before the name
  if (!answered) return std::nullopt;
  misses_ = 0;
  return look_for_booking();
}

Reply Dialogue::cancel_result(const ToolResult& r) {
  const auto waiting = cancel_.waiting;
  cancel_.waiting = Cancelling::Waiting::nothing;
  if (waiting == Cancelling::Waiting::cancel && moving_ && moving_->cancelling) {
    // The new booking is made; the old one is cancelled (or was already).
    const Moving moved = *std::exchange(moving_, std::nullopt);
    booked_in_call_ = true;
    cancel_ = Cancelling{};
    stage_ = Stage::anything_else;
    const bool gone = r.ok || r.reason == "cancelled";
    const std::string done = moved.extending ? phrases_.extended(moved.to, now_.date)
                                             : phrases_.moved(moved.to, now_.date,
                                                              phrases_.move_changes(moved.party, moved.nights, moved.to));
    return say(gone ? done : phrases_.move_old_not_cancelled(moved.from),
               Asked::anything_else);
  }
  if (waiting == Cancelling::Waiting::cancel) {
    stage_ = Stage::anything_else;
    std::string text = r.ok ? phrases_.cancel_done(cancel_.found)
                            : phrases_.cancel_refused(r.reason) + phrases_.question(Asked::anything_else);
    // "Yes please. But will I be charged anything?": answered with the cancellation.
    if (r.ok && cancel_.charge_asked) {
      if (!cancel_.free_note.empty()) text = cancel_.free_note + text;
      else if (auto terms = answer_question(business_, words_, lang_code())) text = *terms + " " + text;
    }
    // "Cancel my alignment under Brown", then "could you give me an estimate on Saturday?": the
    // next booking is most likely under the same name, not asked again (the read-back says it).
    if (r.ok && cancel_.name && !slots_.name) slots_.name = cancel_.name;
    cancel_ = Cancelling{};
    return say(std::move(text), Asked::anything_else);
  }
  if (r.ok && cancel_.moving) return start_move(r);
  if (r.ok) {
    cancel_.booking_id = r.booking_id;
    cancel_.found_result = r;
    const Request found = found_request(r.booking, business_.trade);
    cancel_.found = phrases_.booking_summary(found, now_.date);
    // "Will I be charged?" for a stay well ahead: that this one is free, not the terms alone.
    if (const auto notice = free_notice(business_); notice && found.date) {
      const std::int64_t ahead = (days_from_civil(*found.date) - days_from_civil(now_.date)) * 24 - now_.minutes / 60;
      if (ahead > notice->hours) cancel_.free_note = phrases_.cancel_free(notice->hours, notice->in_days);
    }
    if (!answered_first_.empty() && !cancel_.free_note.empty()) answered_first_ += cancel_.free_note;
    return say(phrases_.cancel_found(cancel_.found), Asked::confirmation);
  }
  if (r.reason == "several" && !cancel_.date) return say(phrases_.cancel_which_day(cancel_.moving), Asked::day);
  // Not found: a person can look further (another name, a booking made elsewhere).
  const std::string missing = phrases_.cancel_not_found(cancel_.name.value_or(""), cancel_.date, now_.date);
  cancel_missed_ = cancel_.date;
  cancel_ = Cancelling{};
  stage_ = Stage::anything_else;
  if (!can_transfer())
    return say(missing + phrases_.question(Asked::anything_else), Asked::anything_else);
  Reply reply = say(missing + phrases_.offer_human(), Asked::anything_else);
  offered_human_ = true;
  return reply;
}

// The booking to move is found: it is filled again like a new one, its day and time being what
// the caller changes; what it held (party, service, practitioner, room, car) stays.
Reply Dialogue::start_move(const ToolResult& found) {
  const Request old = found_request(found.booking, business_.trade);
  const Understanding to = cancel_.to;
  const std::optional<std::string> name = cancel_.name;
  const std::optional<std::string> practitioner = cancel_.practitioner;
  const std::optional<std::string> service = cancel_.service;
  const bool extending = cancel_.extending;
  const std::optional<Date> checkout = cancel_.checkout;
  const int nights_added = cancel_.nights_added;
  forget_request();
  cancel_ = Cancelling{};
  moving_ = Moving{.booking_id = found.booking_id,
                   .from = phrases_.booking_summary(old, now_.date),
                   .on = old.date,
                   .details = found.booking.details,
                   .party = old.party,
                   .nights = old.nights};
  slots_.name = name;
  if (old.party && booking_kind(business_) != "appointment" && booking_kind(business_) != "service")
    slots_.party = old.party;
  // What the old booking held, even nothing: a move asks only for the new day and time.
  slots_.service = old.service;
  slots_.practitioner = old.practitioner;
  // "Mon rendez-vous avec le docteur Roux": the doctor named, when the booking found does not say.
  if (old.practitioner.empty() && practitioner) slots_.practitioner = *practitioner;
  if (old.service.empty() && service) slots_.service = *service;
  slots_.room_type = old.room_type;
  // A room the found booking does not name: the one the caller named ("la chambre familiale du
  // 18 au 20"), else asked.
  if (old.room_type.empty()) slots_.room_type = to.room_type;
  if (old.nights) slots_.nights = old.nights;
  if (found.booking.phone) slots_.phone = *found.booking.phone;
  else if (!caller_number_.empty()) slots_.phone = caller_number_;
  vehicle_asks_ = plate_asks_ = 2;  // the car is the booking's, kept in its details
  // A longer stay: the same arrival, to the new check-out day, else the nights added.
  if (extending && old.date) {
    moving_->extending = true;
    slots_.date = old.date;
    const int longer = checkout ? static_cast<int>(days_from_civil(*checkout) - days_from_civil(*old.date))
                                : old.nights.value_or(1) + nights_added;
    if (longer >= 1) slots_.nights = longer;
    Reply r = take_details(Understanding{}, false);
    if (!r.tool && stage_ != Stage::confirming) r.text = phrases_.move_found(moving_->from) + r.text;
    last_text_ = r.text;
    return r;
  }
  if (to.date) slots_.date = to.date;
  if (to.time) slots_.time = to.time;
  if (to.part != DayPart::none) slots_.part = to.part;
  stage_ = Stage::booking;
  if (!to.date && !to.time) return say(phrases_.move_found(moving_->from) + phrases_.move_ask_day(), Asked::day);
  Reply r = take_details(to, false);
  // "... to next Tuesday week": the new day is said before its time is asked.
  if (!r.tool && stage_ != Stage::confirming)
    r.text = phrases_.move_found(moving_->from) +
             (asked_ == Asked::time && slots_.date ? phrases_.move_to(request(), now_.date) : "") + r.text;
  last_text_ = r.text;
  return r;
}

// make_booking's answer while moving: made, the old one is cancelled next; refused, the old one
// stays, said before the times offered instead.
Reply Dialogue::move_result(const ToolResult& r) {
  if (!r.ok) {
    const std::string kept = phrases_.move_kept(moving_->from);
    Reply out = booking_refused(r);
    out.text = kept + out.text;
    last_text_ = out.text;
    return out;
  }
  Moving moving = *moving_;
  moving.cancelling = true;
  moving.to = request();
  forget_request();
  moving_ = std::move(moving);
  stage_ = Stage::cancelling;
  cancel_ = Cancelling{};
  cancel_.booking_id = moving_->booking_id;
  cancel_.waiting = Cancelling::Waiting::cancel;
  Reply out = reply("", ReplyAction::listen);
  ToolCall call;
  call.name = "cancel_booking";
  call.booking.booking_id = moving_->booking_id;
  out.tool = std::move(call);
  return out;
}

std::string Dialogue::read_back() const {
  if (moving_) {
    const Request to = request();
    // A booking found without its nights is one night, as its summary says.
    if (moving_->extending) return phrases_.extend_recap(moving_->nights.value_or(1), to, now_.date);
    return phrases_.move_recap(moving_->from, to, now_.date,
                               phrases_.move_changes(moving_->party, moving_->nights, to));
  }
  return phrases_.recap(request(), now_.date);
}

}  // namespace webox::brain
