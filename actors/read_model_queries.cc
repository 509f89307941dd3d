#include "actors/read_model_queries.h"

#include <future>

#include "actors/personal_data.h"

namespace webox {

namespace {

Error shutting_down() { return Error::make(Errc::unavailable, "the engine is shutting down"); }

}  // namespace

Status ReadModelQueries::caught_up() {
  std::promise<Status> ready;
  projector_.after_latest([&ready](Status st) { ready.set_value(std::move(st)); });
  return ready.get_future().get();
}

void ReadModelQueries::open(CallSummary& s) const {
  const std::string stream = call_stream(s.call_sid);
  auto key = keys_.get(stream);
  std::optional<SecretKey> k = key ? *key : std::nullopt;
  s.from = open_field(s.from, k, stream, s.started_event_id, "from");
}

void ReadModelQueries::open(CallDetail& d) const {
  const std::string stream = call_stream(d.summary.call_sid);
  auto key = keys_.get(stream);
  std::optional<SecretKey> k = key ? *key : std::nullopt;
  auto& s = d.summary;
  s.from = open_field(s.from, k, stream, s.started_event_id, "from");
  for (auto& t : d.turns) {
    if (!t.caller_event_id.empty())
      t.caller_text = open_field(t.caller_text, k, stream, t.caller_event_id, "text");
    if (!t.reply_event_id.empty())
      t.reply_text = open_field(t.reply_text, k, stream, t.reply_event_id, "text");
  }
  for (auto& b : d.bookings)
    b.name = open_field(b.name, k, b.stream, b.event_id, "name");
  for (auto& t : d.tickets) t.summary = open_field(t.summary, k, stream, t.event_id, "summary");
}

std::string ReadModelQueries::key_stream_of(const BookingConfirmed& b) {
  return b.call_sid.empty() ? booking_stream(b.booking_id) : call_stream(b.call_sid);
}

BookingView ReadModelQueries::view_of(const BookingRecord& r) const {
  Envelope e = r.confirmed;
  auto key = keys_.get(key_stream_of(r.booking()));
  open_personal(e, key ? *key : std::nullopt);
  BookingView v;
  v.booking = std::get<BookingConfirmed>(std::move(e.data));
  v.id = v.booking.booking_id;
  v.tenant_id = e.tenant;
  v.assistant_id = v.booking.assistant_id;
  v.call_sid = v.booking.call_sid;
  v.created_at = e.recorded_at;
  if (r.cancelled) {
    v.status = "cancelled";
    v.cancelled_at = r.cancelled->recorded_at;
    v.cancel_reason = std::get<BookingCancelled>(r.cancelled->data).reason;
  }
  return v;
}

void ReadModelQueries::list_bookings(BookingQuery q, Callback<std::vector<BookingView>> done) {
  bool posted = readers_.post([this, q = std::move(q), done] {
    if (auto st = caught_up(); !st) return done(std::move(st).error());
    std::vector<BookingView> out;
    for (const auto& r : models_.bookings.query(q)) out.push_back(view_of(r));
    done(std::move(out));
  });
  if (!posted) done(shutting_down());
}

void ReadModelQueries::get_booking(Scope scope, std::string booking_id,
                                   Callback<BookingView> done) {
  bool posted = readers_.post([this, scope, booking_id, done] {
    if (auto st = caught_up(); !st) return done(std::move(st).error());
    auto r = models_.bookings.find(booking_id);
    if (!r || !scope.covers(r->confirmed.tenant))
      return done(Error::make(Errc::not_found, "no booking " + booking_id));
    done(view_of(*r));
  });
  if (!posted) done(shutting_down());
}

void ReadModelQueries::list_calls(CallQuery q, std::string caller, Callback<CallPage> done) {
  bool posted = readers_.post([this, q = std::move(q), caller, done]() mutable {
    if (!caller.empty()) {
      if (q.tenant_id.empty())
        return done(Error::invalid("caller", "filtering by caller needs one tenant"));
      auto streams = keys_.streams_of_caller(q.tenant_id, caller);
      if (!streams) return done(std::move(streams).error());
      std::set<std::string> sids;
      for (auto& s : *streams)
        if (s.starts_with("call-")) sids.insert(s.substr(5));
      q.call_sids = std::move(sids);
    }
    if (auto st = caught_up(); !st) return done(std::move(st).error());
    CallPage page = models_.calls.list(q);
    for (auto& s : page.calls) open(s);
    done(std::move(page));
  });
  if (!posted) done(shutting_down());
}

void ReadModelQueries::get_call(Scope scope, std::string call_sid, Callback<CallDetail> done) {
  bool posted = readers_.post([this, scope, call_sid, done] {
    if (auto st = caught_up(); !st) return done(std::move(st).error());
    auto d = models_.calls.get(call_sid);
    if (!d || !scope.covers(d->summary.tenant_id))
      return done(Error::make(Errc::not_found, "no call " + call_sid));
    open(*d);
    done(std::move(*d));
  });
  if (!posted) done(shutting_down());
}

void ReadModelQueries::stats(StatsQuery q, Callback<StatsView> done) {
  // No key to open: answered where the models catch up, usually at once on the caller's thread.
  projector_.after_latest([this, q = std::move(q), done](Status st) {
    if (!st) return done(std::move(st).error());
    done(models_.stats.query(q));
  });
}

void ReadModelQueries::billing(BillingQuery q, Callback<BillingView> done) {
  projector_.after_latest([this, q = std::move(q), done](Status st) {
    if (!st) return done(std::move(st).error());
    done(models_.billing.query(q));
  });
}

}  // namespace webox
