#include "actors/booking_commands.h"

#include <caf/all.hpp>

#include "actors/calendar_actor.h"
#include "actors/messages.h"
#include "actors/personal_data.h"

namespace webox {
namespace {

constexpr std::string_view kKinds[] = {"table", "appointment", "service", "room"};

bool known_kind(std::string_view k) {
  for (auto known : kKinds)
    if (k == known) return true;
  return false;
}

// An idempotency key: what a client retries with. Printable and short, never a path.
bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 64) return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  return true;
}

Status validate(const BookingConfirmed& b) {
  if (b.assistant_id.empty()) return Error::invalid("assistant_id", "is required");
  if (!known_kind(b.kind))
    return Error::invalid("kind", "must be one of table, appointment, service, room");
  if (b.name.empty() || b.name.size() > 200)
    return Error::invalid("name", "is required (at most 200 bytes)");
  if (!booking::parse_date(b.date)) return Error::invalid("date", "must be a date, YYYY-MM-DD");
  if (!booking::parse_time(b.time)) return Error::invalid("time", "must be a time, HH:MM");
  if (b.party_size < 1 || b.party_size > 10'000)
    return Error::invalid("party_size", "must be between 1 and 10000");
  if (b.nights && (*b.nights < 1 || *b.nights > 365))
    return Error::invalid("nights", "must be between 1 and 365");
  if (b.duration_minutes && (*b.duration_minutes < 1 || *b.duration_minutes > 24 * 60))
    return Error::invalid("duration_minutes", "must be between 1 and 1440");
  return {};
}

}  // namespace

void BookingCommands::create(Scope scope, BookingConfirmed req, Callback<BookingAttempt> done) {
  if (scope.all()) return done(Error::invalid("tenant", "name the tenant the booking is for"));
  if (auto st = validate(req); !st) return done(std::move(st).error());
  if (!req.booking_id.empty() && !valid_key(req.booking_id))
    return done(Error::invalid("idempotency_key", "1 to 64 letters, digits, '-' or '_'"));
  auto assistant = deps_.directory->get(req.assistant_id);
  if (!assistant || assistant->tenant_id != scope.tenant_id)
    return done(Error::make(Errc::not_found, "no assistant " + req.assistant_id));
  // The id derives from the tenant, the assistant and the client's key, so a key can never
  // reach another tenant's booking; without a key every request is a new booking.
  const std::string given = req.booking_id.empty() ? Uuid::random().str() : req.booking_id;
  req.booking_id =
      Uuid::from_name(kBookingNamespace, scope.tenant_id + "|" + req.assistant_id + "|" + given)
          .str();
  req.call_sid.clear();
  const Micros at = now();
  auto deps = deps_;
  std::string tenant = scope.tenant_id, context = assistant->profile.context_data;
  bool posted = deps_.readers->post([deps, req, tenant, context, at, done] {
    auto key = deps.keys->get_or_create(booking_stream(req.booking_id), tenant, at,
                                        req.phone.value_or(""));
    if (!key) return done(std::move(key).error());
    Envelope e;
    e.stream = calendar_stream(req.assistant_id);
    e.tenant = tenant;
    e.event_id = Uuid::from_name(kCallEventNamespace, req.booking_id + "|confirmed");
    e.recorded_at = at;
    e.data = req;
    seal_personal(e, *key);
    SecretKey k = *key;
    Callback<BookingDecision> decided = [e, k, done](Result<BookingDecision> d) {
      if (!d) return done(std::move(d).error());
      BookingAttempt a;
      if (!d->verdict.ok()) {
        a.refusal = std::string(booking::to_string(d->verdict.reason));
        a.message = d->verdict.message;
        a.alternatives = d->verdict.alternatives;
        return done(std::move(a));
      }
      Envelope stored = e;  // what the calendar holds: a retry answers the first booking
      stored.data = d->booking;
      if (d->recorded_at) stored.recorded_at = d->recorded_at;
      open_personal(stored, k);
      BookingView v;
      v.booking = std::get<BookingConfirmed>(std::move(stored.data));
      v.id = v.booking.booking_id;
      v.tenant_id = stored.tenant;
      v.assistant_id = v.booking.assistant_id;
      v.created_at = stored.recorded_at;
      a.booking = std::move(v);
      done(std::move(a));
    };
    caf::anon_send(deps.calendars, book_atom::value, BookRequest{std::move(e), context},
                   std::move(decided));
  });
  if (!posted) done(Error::make(Errc::unavailable, "the engine is shutting down"));
}

void BookingCommands::cancel(Scope scope, std::string booking_id, Callback<BookingView> done) {
  auto calendars = deps_.calendars;
  const Micros at = now();
  deps_.queries->get_booking(scope, booking_id, [calendars, at, done](Result<BookingView> v) {
    if (!v) return done(std::move(v).error());
    if (v->status == "cancelled")
      return done(Error::make(Errc::conflict, "booking " + v->id + " is already cancelled"));
    Envelope e;
    e.stream = calendar_stream(v->assistant_id);
    e.tenant = v->tenant_id;
    e.event_id = Uuid::from_name(kCallEventNamespace, v->id + "|cancelled");
    e.recorded_at = at;
    e.data = BookingCancelled{.booking_id = v->id, .assistant_id = v->assistant_id,
                              .call_sid = "", .reason = "api"};
    BookingView view = std::move(*v);
    Callback<BookingConfirmed> cancelled = [view, at, done](Result<BookingConfirmed> r) {
      if (!r) return done(std::move(r).error());
      BookingView out = view;
      out.status = "cancelled";
      out.cancelled_at = at;
      out.cancel_reason = "api";
      done(std::move(out));
    };
    caf::anon_send(calendars, cancel_atom::value, CancelRequest{std::move(e)},
                   std::move(cancelled));
  });
}

}  // namespace webox
