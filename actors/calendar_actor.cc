#include "actors/calendar_actor.h"

#include <caf/all.hpp>

#include <unordered_map>

#include "actors/messages.h"

namespace webox {
namespace {

// -- one assistant's calendar --

struct CalendarState {
  std::string assistant_id;
  CalendarDeps deps;
  // What the log holds plus the appends in flight, applied as sent: the next request is
  // checked against them, so two callers can never both take the last table.
  booking::Calendar calendar;
  std::uint64_t version = 0;  // of the calendar stream once the appends in flight land
  int in_flight = 0;          // appends sent, not yet answered
  // An append came back other than "written": memory and log may differ. No request is
  // handled until the appends in flight are answered; then the stream is read again and
  // `redo` (the refused bookings, to decide again once) is handled.
  bool broken = false;
  std::vector<caf::message> redo;
  // Booking ids with an append in flight, and the requests about them that wait for it to land:
  // a retried booking must not be told "booked", nor a second cancellation "already
  // cancelled", on the strength of an append that may still fail.
  std::unordered_map<std::string, int> busy_ids;
  std::unordered_map<std::string, std::vector<caf::message>> waiting_for;
  static inline const char* name = "calendar";
};
using CalendarActor = caf::stateful_actor<CalendarState>;

caf::behavior running(CalendarActor* self);
caf::behavior loading(CalendarActor* self);

void fold(CalendarState& st, const std::vector<Envelope>& events) {
  for (const auto& e : events) {
    st.version = e.version;
    if (auto* b = std::get_if<BookingConfirmed>(&e.data)) st.calendar.apply(*b);
    else if (auto* c = std::get_if<BookingCancelled>(&e.data)) st.calendar.apply(*c);
  }
}

brain::LocalMoment now_at(const CalendarState& st, const std::string& context_data) {
  const Micros now = st.deps.clock ? st.deps.clock() : now_micros();
  return brain::local_moment(now, brain::read_context(context_data).context.utc_offset_minutes);
}

// Reads the stream again (once nothing is in flight), then decides `redo` again, after the
// requests that waited meanwhile. (Sent as urgent messages, to go first, the retries were never
// handled under the loading behavior's skip, in tests/actors/calendar_pipeline_test.cc.)
void reload(CalendarActor* self) {
  auto& st = self->state;
  st.calendar = booking::Calendar{};
  st.version = 0;
  st.broken = false;
  for (auto& m : st.redo) self->send(self, std::move(m));
  st.redo.clear();
  self->become(loading(self));
}

// Memory may be ahead of the log: stop deciding until the appends in flight are answered.
caf::behavior draining(CalendarActor* self) {
  self->set_default_handler(caf::skip);
  // Requests wait in the mailbox; the appends' answers come as responses, whatever the
  // behavior. The handler is only there because an actor with an empty behavior quits.
  return {[](loaded_atom, LoadedStream&) {}};
}

void landed(CalendarActor* self, bool written) {
  auto& st = self->state;
  --st.in_flight;
  if (!written && !st.broken) {
    st.broken = true;
    self->become(draining(self));
  }
  if (st.broken && st.in_flight == 0) reload(self);
}

// Pipelined: the request after this one is decided at once, against a calendar that holds
// this booking, and appended expecting the version this append will make. The log writer
// group-commits them together; each caller is answered when its own append is durable. One
// actor awaiting each append in turn capped an assistant at one booking per WAL sync (~650
// bookings/s under load), and every check_availability queued behind them.
void append(CalendarActor* self, const std::string& booking_id, Envelope event,
            std::function<void(Result<AppendResult>)> then) {
  auto& st = self->state;
  AppendRequest req{calendar_stream(st.assistant_id),
                    st.version == 0 ? kNoStream : std::int64_t(st.version), {std::move(event)}};
  ++st.version;
  ++st.in_flight;
  ++st.busy_ids[booking_id];
  auto answered = [=](Result<AppendResult> r) {
    auto& st = self->state;
    if (--st.busy_ids[booking_id] == 0) {
      st.busy_ids.erase(booking_id);
      if (auto w = st.waiting_for.extract(booking_id))  // decided again, on what the log said
        for (auto& m : w.mapped()) self->send(self, std::move(m));
    }
    then(std::move(r));
  };
  self->request(st.deps.log_writer, caf::infinite, append_atom::value, std::move(req))
      .then([=](AppendOutcome& out) { answered(std::move(out.result)); },
            [=](caf::error& err) {
              answered(Error::make(Errc::internal, "log writer failed: " + to_string(err)));
            });
}

// True when an append about `booking_id` is in flight: a request about it must wait for it.
bool busy(const CalendarState& st, const std::string& booking_id) {
  return st.busy_ids.count(booking_id) > 0;
}

// Handled again once the append about `booking_id` has landed.
void wait_for_landing(CalendarActor* self, const std::string& booking_id, caf::message request) {
  self->state.waiting_for[booking_id].push_back(std::move(request));
}

void on_book(CalendarActor* self, BookRequest& req, Callback<BookingDecision>& done,
             bool retried) {
  auto& st = self->state;
  auto* wanted = std::get_if<BookingConfirmed>(&req.event.data);
  if (!wanted) return done(Error::make(Errc::internal, "book: not a BookingConfirmed"));
  if (busy(st, wanted->booking_id))
    return wait_for_landing(self, wanted->booking_id,
                            caf::make_message(book_atom::value, req, done, retried));
  if (const auto* known = st.calendar.find(wanted->booking_id))  // a retry: booked already
    return done(BookingDecision{.verdict = {}, .booking = *known});
  const auto rules = booking::rules_for(req.context_data, wanted->kind,
                                        wanted->resource.value_or(""));
  auto verdict = st.calendar.check(rules, *wanted, now_at(st, req.context_data));
  if (!verdict.ok() || req.dry_run) return done(BookingDecision{.verdict = std::move(verdict)});
  BookingConfirmed booked = *wanted;
  Micros at = req.event.recorded_at;
  st.calendar.apply(booked);
  auto retry = caf::make_message(book_atom::value, req, done, true);
  append(self, booked.booking_id, req.event, [=](Result<AppendResult> r) mutable {
    const bool written = r && !r->duplicate;
    if (written) done(BookingDecision{.verdict = {}, .booking = booked, .recorded_at = at});
    // A duplicate is in the log but was not in this calendar (stale); a conflict means the
    // stream is not where this actor thought (another writer, or an append before this one
    // failed): read it again and decide again, once.
    else if (const bool stale = r ? r->duplicate : r.error().code == Errc::conflict;
             stale && !retried)
      self->state.redo.push_back(std::move(retry));
    else if (!r)
      done(std::move(r).error());
    else
      done(Error::make(Errc::unavailable,
                       "calendar of " + self->state.assistant_id + " is changing; retry"));
    landed(self, written);
  });
}

void on_cancel(CalendarActor* self, CancelRequest& req, Callback<BookingConfirmed>& done) {
  auto& st = self->state;
  auto* c = std::get_if<BookingCancelled>(&req.event.data);
  if (!c) return done(Error::make(Errc::internal, "cancel: not a BookingCancelled"));
  if (busy(st, c->booking_id))
    return wait_for_landing(self, c->booking_id, caf::make_message(cancel_atom::value, req, done));
  const auto* known = st.calendar.find(c->booking_id);
  if (!known) {
    if (st.calendar.cancelled(c->booking_id))
      return done(Error::make(Errc::conflict, "booking " + c->booking_id + " is already cancelled"));
    return done(Error::make(Errc::not_found, "no booking " + c->booking_id));
  }
  BookingConfirmed was = *known;
  st.calendar.apply(*c);
  append(self, c->booking_id, req.event, [=](Result<AppendResult> r) {
    // A duplicate is a cancellation the log holds already: done, but the stream's version is
    // not the one expected after it, so the calendar is read again.
    if (r) done(was);
    else done(std::move(r).error());
    landed(self, r && !r->duplicate);
  });
}

caf::behavior running(CalendarActor* self) {
  self->set_default_handler(caf::print_and_drop);
  return {
      [=](book_atom, BookRequest& req, Callback<BookingDecision>& done) {
        on_book(self, req, done, false);
      },
      [=](book_atom, BookRequest& req, Callback<BookingDecision>& done, bool retried) {
        on_book(self, req, done, retried);
      },
      [=](cancel_atom, CancelRequest& req, Callback<BookingConfirmed>& done) {
        on_cancel(self, req, done);
      },
  };
}

// Requests wait in the mailbox while the stream is read on a worker thread.
caf::behavior loading(CalendarActor* self) {
  auto& st = self->state;
  self->set_default_handler(caf::skip);
  caf::actor me = caf::actor_cast<caf::actor>(self);
  const EventLog* log = st.deps.log;
  std::string stream = calendar_stream(st.assistant_id);
  bool posted = st.deps.readers->post([=] {
    caf::anon_send(me, loaded_atom::value, LoadedStream{log->read_stream(stream)});
  });
  if (!posted)
    caf::anon_send(me, loaded_atom::value,
                   LoadedStream{Error::make(Errc::unavailable, "engine stopping")});
  return {
      [=](loaded_atom, LoadedStream& loaded) {
        if (!loaded.events) {  // the log is unreadable: every request gets the error until a restart
          Error err = loaded.events.error();
          self->become(caf::behavior{
              [=](book_atom, BookRequest&, Callback<BookingDecision>& d) { d(err); },
              [=](book_atom, BookRequest&, Callback<BookingDecision>& d, bool) { d(err); },
              [=](cancel_atom, CancelRequest&, Callback<BookingConfirmed>& d) { d(err); },
          });
          return;
        }
        fold(self->state, *loaded.events);
        self->become(running(self));
      },
  };
}

caf::behavior calendar_actor(CalendarActor* self, std::string assistant_id, CalendarDeps deps) {
  self->state.assistant_id = std::move(assistant_id);
  self->state.deps = std::move(deps);
  return loading(self);
}

// -- the registry: assistant id -> its calendar actor, spawned on first use --

struct RegistryState {
  CalendarDeps deps;
  std::unordered_map<std::string, caf::actor> calendars;
  static inline const char* name = "calendar-registry";
};
using Registry = caf::stateful_actor<RegistryState>;

caf::actor calendar_of(Registry* self, const std::string& assistant_id) {
  auto& cals = self->state.calendars;
  auto it = cals.find(assistant_id);
  if (it != cals.end()) return it->second;
  auto a = self->spawn(calendar_actor, assistant_id, self->state.deps);
  self->link_to(a);
  return cals.emplace(assistant_id, a).first->second;
}

std::string assistant_of(const Envelope& e) {
  if (auto* b = std::get_if<BookingConfirmed>(&e.data)) return b->assistant_id;
  if (auto* c = std::get_if<BookingCancelled>(&e.data)) return c->assistant_id;
  return {};
}

caf::behavior calendar_registry(Registry* self, CalendarDeps deps) {
  self->state.deps = std::move(deps);
  return {
      [=](book_atom a, BookRequest& req, Callback<BookingDecision>& done) {
        self->send(calendar_of(self, assistant_of(req.event)), a, std::move(req),
                   std::move(done));
      },
      [=](cancel_atom a, CancelRequest& req, Callback<BookingConfirmed>& done) {
        self->send(calendar_of(self, assistant_of(req.event)), a, std::move(req),
                   std::move(done));
      },
  };
}

}  // namespace

caf::actor spawn_calendar_registry(caf::actor_system& sys, CalendarDeps deps) {
  return sys.spawn(calendar_registry, std::move(deps));
}

}  // namespace webox
