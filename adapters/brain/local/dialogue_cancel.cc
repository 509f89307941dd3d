// Cancelling a booking already made, by phone: the name it is under (and its day when the
// name has several), the booking found and read back, and only after a yes, cancelled.
//
//   caller: "Je voudrais annuler ma réservation"      -> "Bien sûr. À quel nom est la réservation ?"
//   caller: "Dupont"                                  -> tool cancel_booking {name "Dupont"}
//   result: ok, booking {table, 2026-11-27, 20:00, 4} -> "J'ai trouvé une table pour 4 personnes
//                                                        vendredi 27 novembre à 20h00. Je l'annule ?"
//   caller: "oui"                                     -> tool cancel_booking {booking_id}
//   result: ok                                        -> "C'est annulé : ... Autre chose ?"
#include <charconv>

#include "adapters/brain/local/booking_form.h"
#include "adapters/brain/local/dialogue.h"

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

}  // namespace

Reply Dialogue::start_cancel(const Understanding& u) {
  forget_request();
  cancel_ = Cancelling{};
  stage_ = Stage::cancelling;
  if (u.name) cancel_.name = u.name;
  if (!cancel_.name) cancel_.name = booking_owner(utterance_, words_, now_.date);
  if (u.date) cancel_.date = u.date;
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
  call.not_before = to_iso(now_.date);
  r.tool = std::move(call);
  cancel_.waiting = Cancelling::Waiting::search;
  return r;
}

std::string Dialogue::cancel_question() const {
  if (asked_ == Asked::confirmation) return phrases_.cancel_found(cancel_.found);
  if (asked_ == Asked::day) return phrases_.cancel_which_day();
  return phrases_.cancel_ask_name();
}

// The caller's answer while a cancellation is under way; questions, goodbyes and anything
// not about it (nullopt) go the usual way.
std::optional<Reply> Dialogue::cancel_step(const Understanding& u) {
  const Intents& in = u.intents;
  if (in.goodbye || in.human || in.urgent) return std::nullopt;
  if (asked_ == Asked::confirmation) {
    if (u.date && !(cancel_.date && *u.date == *cancel_.date)) {  // "non, celle de vendredi"
      cancel_.date = u.date;
      return look_for_booking();
    }
    if (in.answer == Answer::yes) {
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
  if (waiting == Cancelling::Waiting::cancel) {
    stage_ = Stage::anything_else;
    std::string text = r.ok ? phrases_.cancel_done(cancel_.found)
                            : phrases_.cancel_refused(r.reason) + phrases_.question(Asked::anything_else);
    cancel_ = Cancelling{};
    return say(std::move(text), Asked::anything_else);
  }
  if (r.ok) {
    cancel_.booking_id = r.booking_id;
    cancel_.found = phrases_.booking_summary(found_request(r.booking, business_.trade), now_.date);
    return say(phrases_.cancel_found(cancel_.found), Asked::confirmation);
  }
  if (r.reason == "several" && !cancel_.date) return say(phrases_.cancel_which_day(), Asked::day);
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

}  // namespace webox::brain
