// The tools every brain can use to act on the business, and what they answer. The local engine
// asks for them in its replies; cloud LLMs (a later issue) declare the same names to function
// calling and the engine runs them the same way.
//
//   Reply r = conv->hear("oui c'est parfait", 0.9);
//   r.tool->name          -> "make_booking"       (r.text is empty: nothing is said yet)
//   // the call actor runs it against the assistant's calendar (actors/calendar_actor.h) ...
//   Reply said = conv->result(ToolResult{.name = "make_booking", .ok = false,
//                                        .reason = "full", .alternatives = {"20:15", "19:45"}});
//   said.text             -> "Désolé, 20h00 est complet. Je peux vous proposer 20h15 ou 19h45 ..."
//
// The tool set:
//   check_availability  {booking}        ok, or reason + alternatives        (engine: calendar)
//   make_booking        {booking}        ok + booking_id, or reason + alternatives (calendar)
//   cancel_booking      {name, date?}    the caller's booking found (no id): ok + booking_id
//                                        and its details, or not_found/several  (engine: bookings)
//                       {booking_id}     cancelled: ok, or reason            (engine: calendar)
//   lookup_order        {order number}   the order from context_data         (brain: pure)
//   answer_question     {words}          an answer from context_data         (brain: pure)
//   transfer_to_human   {}               the reply's ReplyAction::transfer   (TwiML <Dial>)
//   end_call            {}               the reply's ReplyAction::hangup
// Only the calendar tools leave the brain: they need the calendar, which lives in the engine,
// and their results are events (AvailabilityChecked, BookingRequested/BookingRefused on the
// call's stream, BookingConfirmed/BookingCancelled on the calendar's), which is how a call
// rebuilt from its stream feeds the same results back and gets the same replies. The local
// engine asks check_availability as soon as a day and time (or a stay) are known, before the
// name and the read-back, and make_booking after the caller's yes. cancel_booking, like
// make_booking, comes in two steps: without a booking id it finds the caller's booking by the
// name (and day) given, and changes nothing (BookingLookedUp on the call's stream); the brain
// reads it back, and after a yes asks again with the booking id found, which cancels it
// (BookingCancelled on the calendar's stream, BookingRefused on the call's when it cannot).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "events/event_types.h"

namespace webox {

inline constexpr std::string_view kToolNames[] = {
    "check_availability", "make_booking",      "cancel_booking", "lookup_order",
    "answer_question",    "transfer_to_human", "end_call"};

// A tool the brain needs the engine to run before it can say anything.
struct ToolCall {
  std::string name;          // "make_booking", "check_availability", "cancel_booking"
  BookingConfirmed booking;  // booking_id, assistant_id and call_sid are the engine's to fill,
                             // except cancel_booking's booking_id: the one to cancel
  std::string not_before;    // cancel_booking's search: only bookings on or after this day
};

// A tool the brain ran itself (answer_question, lookup_order: pure functions of context_data),
// reported with its reply; the engine records each as a QuestionAnswered event.
struct ToolUse {
  std::string name;   // "answer_question", "lookup_order"
  std::string topic;  // hours, address, phone, menu, prices, checkin, returns, faq, order, ...
  bool ok = false;    // false: the business's facts had no answer
  friend bool operator==(const ToolUse&, const ToolUse&) = default;
};

// A complaint the brain took down for the business to follow up (a shop's ticket, or any
// trade's complaint); the engine records it as TicketOpened with the reply that tells the
// caller its number.
struct Ticket {
  std::string ticket_id;     // six digits, said to the caller
  std::string topic;         // damaged, missing, wrong_item, refund, complaint, message, order_change
  std::string order_number;  // the order it is about, when known
  std::string summary;       // the caller's words
  friend bool operator==(const Ticket&, const Ticket&) = default;
};

struct ToolResult {
  std::string name;
  bool ok = false;
  std::string reason;                     // booking::Refusal names: full, taken, closed, ...
  std::vector<std::string> alternatives;  // "HH:MM", nearest first
  std::string booking_id;
  BookingConfirmed booking;  // cancel_booking's search: the booking found, without its
                             // personal fields (kind, date, time, party, resource, service)
};

}  // namespace webox
