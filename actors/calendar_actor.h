// One actor per assistant's calendar: every booking, from a caller or the API, goes through it.
//
//   caf::actor calendars = spawn_calendar_registry(sys, CalendarDeps{...});
//   caf::anon_send(calendars, book_atom::value, BookRequest{.event = sealed_booking_confirmed,
//                                                           .context_data = profile.context_data},
//                  Callback<BookingDecision>{...});
//   // decision.verdict.ok(): BookingConfirmed is durable in "calendar-<assistant id>"
//   caf::anon_send(calendars, cancel_atom::value, CancelRequest{...}, Callback<BookingConfirmed>{});
//
// Why an actor and a stream per assistant: the calendar is checked (adapters/booking/
// availability.h) one request at a time, each append expecting the version the check saw. Two
// callers asking for the last table are serialised by the mailbox, and the expected version
// makes the log itself refuse a booking checked against a stale calendar. An actor reads its
// stream once, off the actor threads, when its first request arrives, then keeps the calendar
// in memory.
//
// Pipelined: a booking is applied to the calendar when its append is sent, and the next
// request is decided at once against it (the appends land in one group commit); each caller
// is answered when its own append is durable. If an append comes back other than written (a
// conflict, a duplicate, an error), the actor stops deciding, waits for the appends in flight,
// reads the stream again and decides the refused bookings again, once; a caller is never told
// "booked" before the log holds the booking.
//
// The booking arrives as a complete envelope (stream, event id, personal fields sealed by the
// caller with its data key), so the calendar never holds a key. A booking id already in the
// calendar is answered as booked again, so a retried webhook or API call books once.
#pragma once

#include <caf/actor.hpp>
#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/actor_system.hpp>

#include <functional>

#include "actors/blocking_worker.h"
#include "actors/engine.h"
#include "adapters/booking/availability.h"
#include "storage/event_log.h"

namespace webox {

struct CalendarDeps {
  caf::actor log_writer;
  const EventLog* log = nullptr;
  BlockingWorker* readers = nullptr;     // stream reads run here
  std::function<Micros()> clock;         // "now" for refusing past times
};

// The booking to check and append: `event` holds a BookingConfirmed for stream
// calendar_stream(assistant_id), its id and personal fields final.
struct BookRequest {
  Envelope event;
  std::string context_data;  // the assistant's: hours, seats, rooms (availability.h)
  bool dry_run = false;      // check_availability: decide, append nothing
};

struct BookingDecision {
  booking::Verdict verdict;
  BookingConfirmed booking;  // as stored (sealed fields stay sealed), when booked
  Micros recorded_at = 0;
};

// `event` holds a BookingCancelled for calendar_stream(assistant_id).
struct CancelRequest {
  Envelope event;
};

// The decision, as a message back to an actor that asked (a call actor waiting mid-turn).
struct BookingAnswer {
  Result<BookingDecision> decision = Error::make(Errc::internal, "no answer");
};

// A cancellation decided, as a message back to an actor that asked: the booking as it was, or
// Errc::conflict (cancelled already), Errc::not_found (not in this assistant's calendar).
struct CancelAnswer {
  Result<BookingConfirmed> cancelled = Error::make(Errc::internal, "no answer");
};

caf::actor spawn_calendar_registry(caf::actor_system& sys, CalendarDeps deps);

}  // namespace webox

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::BookRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::BookingAnswer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::CancelRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::CancelAnswer)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::BookingDecision>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::BookingConfirmed>)
