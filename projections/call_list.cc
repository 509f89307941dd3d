#include "projections/call_list.h"

#include <algorithm>
#include <charconv>
#include <mutex>

#include "projections/call_row.h"
#include "projections/time_zone.h"

namespace webox {

namespace {

constexpr std::string_view kErased = "[erased]";

bool is_missed_status(std::string_view s) {
  return s == "busy" || s == "no-answer" || s == "failed" || s == "canceled";
}

CallTurn& turn_of(CallDetail& d, std::int32_t turn) {
  for (auto& t : d.turns)
    if (t.turn == turn) return t;
  auto& t = d.turns.emplace_back();
  t.turn = turn;
  std::sort(d.turns.begin(), d.turns.end(),
            [](const CallTurn& a, const CallTurn& b) { return a.turn < b.turn; });
  for (auto& u : d.turns)
    if (u.turn == turn) return u;
  return d.turns.back();  // unreachable
}

void settle_latency(CallTurn& t) {
  std::int64_t waited = (t.caller_at && t.reply_at) ? t.reply_at - t.caller_at : 0;
  t.latency_micros = std::max<std::int64_t>(waited, t.brain_micros);
}

// What a call's first event says, whichever it is (CallStarted, or CallRejected for a call
// refused past the quota).
CallDetail first_event(const Envelope& e, const std::string& call_sid,
                       const std::string& assistant_id, const std::string& language) {
  CallDetail d;
  auto& s = d.summary;
  s.call_sid = call_sid;
  s.tenant_id = e.tenant;
  s.assistant_id = assistant_id;
  s.language = language;
  s.started_at = e.recorded_at;
  s.first_position = e.position;
  s.started_event_id = e.event_id.str();
  return d;
}

void refresh_outcome(CallDetail& d) {
  CallFacts f;
  f.booked = !d.bookings.empty();
  f.cancelled = !d.cancelled.empty();
  f.ticket = !d.tickets.empty();
  f.booking_started = d.booking_started;
  f.transferred = !d.transfer_to.empty() ||
                  std::any_of(d.turns.begin(), d.turns.end(),
                              [](const CallTurn& t) { return t.action == "transfer"; });
  f.answered_question = std::any_of(d.questions.begin(), d.questions.end(),
                                    [](const CallQuestion& q) { return q.answered; });
  // Turns are in order; the greeting (turn 0) is a reply that waits for the caller too.
  auto last = std::find_if(d.turns.rbegin(), d.turns.rend(),
                           [](const CallTurn& t) { return !t.action.empty(); });
  f.listening = last != d.turns.rend() && last->action == "listen";
  d.summary.outcome = call_outcome(d.summary, f);
}

void erase_personal(CallDetail& d) {
  d.summary.erased = true;
  d.summary.from = std::string(kErased);
  for (auto& t : d.turns) {
    if (!t.caller_text.empty()) t.caller_text = std::string(kErased);
    if (!t.reply_text.empty()) t.reply_text = std::string(kErased);
  }
  for (auto& b : d.bookings) b.name = std::string(kErased);
  for (auto& t : d.tickets) t.summary = std::string(kErased);
}

// Cursor: "<started_at>.<call_sid>" of the last call of the previous page.
std::optional<std::pair<Micros, std::string>> parse_cursor(std::string_view c) {
  auto dot = c.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  Micros at = 0;
  auto r = std::from_chars(c.data(), c.data() + dot, at);
  if (r.ec != std::errc() || r.ptr != c.data() + dot) return std::nullopt;
  return std::make_pair(at, std::string(c.substr(dot + 1)));
}

}  // namespace

std::string call_outcome(const CallSummary& s, const CallFacts& f) {
  if (s.end_reason == "quota-exceeded" || s.end_reason == "rejected") return "rejected";
  if (f.booked) return "booking_made";
  if (f.cancelled) return "booking_cancelled";
  if (f.ticket) return "ticket_opened";
  if (f.transferred) return "transferred";
  if (f.booking_started && s.ended_at != 0) return "booking_not_made";
  if (f.answered_question) return "question_answered";
  if (s.ended_at == 0) return "in_progress";
  if (is_missed_status(s.status) && s.turns == 0) return "missed";
  if (f.listening) return "abandoned";
  return "completed";
}

// -- folding --

CallList::Calls::value_type* CallList::find(const std::string& sid) {
  auto it = calls_.find(sid);
  return it == calls_.end() ? nullptr : &*it;
}

void CallList::index(const CallDetail& d) {
  Order o{d.summary.started_at, d.summary.call_sid};
  all_.insert(o);
  by_tenant_[d.summary.tenant_id].insert(std::move(o));
}

void CallList::fold(const Envelope& e) {
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, TenantCreated>) {
          zones_[ev.tenant_id] = ev.profile.time_zone;
          dirty_zones_.insert(ev.tenant_id);
        } else if constexpr (std::is_same_v<T, TenantUpdated>) {
          if (ev.time_zone) {
            zones_[ev.tenant_id] = *ev.time_zone;
            dirty_zones_.insert(ev.tenant_id);
          }
        } else if constexpr (std::is_same_v<T, CallStarted>) {
          if (calls_.count(ev.call_sid)) return;  // a stream starts once
          CallDetail d = first_event(e, ev.call_sid, ev.assistant_id, ev.language);
          auto& s = d.summary;
          s.from = ev.from;
          s.to = ev.to;
          s.direction = ev.direction;
          s.mode = ev.mode;
          index(d);
          touch(&*calls_.emplace(ev.call_sid, std::move(d)).first);
        } else if constexpr (std::is_same_v<T, CallRejected>) {
          // Refused past the quota, never answered: listed with outcome "rejected".
          if (calls_.count(ev.call_sid)) return;
          CallDetail d = first_event(e, ev.call_sid, ev.assistant_id, ev.language);
          d.summary.ended_at = e.recorded_at;
          d.summary.end_reason = "quota-exceeded";
          refresh_outcome(d);
          index(d);
          touch(&*calls_.emplace(ev.call_sid, std::move(d)).first);
        } else if constexpr (std::is_same_v<T, UtteranceTranscribed>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          auto& t = turn_of(*d, ev.turn);
          t.caller_at = e.recorded_at;
          t.caller_text = d->summary.erased ? std::string(kErased) : ev.text;
          t.confidence = ev.confidence;
          t.caller_event_id = e.event_id.str();
          settle_latency(t);
          d->summary.turns = static_cast<std::int32_t>(std::count_if(
              d->turns.begin(), d->turns.end(), [](const CallTurn& x) { return x.turn > 0; }));
          touch(c);
        } else if constexpr (std::is_same_v<T, ReplyGenerated>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          auto& t = turn_of(*d, ev.turn);
          t.reply_at = e.recorded_at;
          t.reply_text = d->summary.erased ? std::string(kErased) : ev.text;
          t.action = ev.action;
          t.brain_micros = ev.brain_micros;
          t.reply_event_id = e.event_id.str();
          settle_latency(t);
          if (ev.action == "transfer") d->transfer_to = ev.transfer_to;
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, AudioSent>) {
          auto* c = find(ev.call_sid);
          if (!c || ev.channel != "media-stream") return;
          turn_of(c->second, ev.turn).played_ms = ev.duration_ms;
          touch(c);
        } else if constexpr (std::is_same_v<T, ReplyInterrupted>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          turn_of(c->second, ev.turn).interrupted = true;
          touch(c);
        } else if constexpr (std::is_same_v<T, TurnTimed>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          auto& t = turn_of(c->second, ev.turn);
          t.silence_ms = ev.silence_ms;
          t.stt_micros = ev.stt_micros;
          t.tts_micros = ev.tts_micros;
          t.engine_micros = ev.engine_micros;
          t.answer_micros = ev.total_micros;
          touch(c);
        } else if constexpr (std::is_same_v<T, CallEnded>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          d->summary.ended_at = e.recorded_at;
          d->summary.status = ev.status;
          d->summary.duration_seconds = ev.duration_seconds;
          d->summary.end_reason = ev.reason;
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, BookingConfirmed>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          d->bookings.push_back(CallBooking{ev.booking_id, ev.kind, ev.date, ev.time,
                                            d->summary.erased ? std::string(kErased) : ev.name,
                                            ev.party_size, e.event_id.str(), e.stream});
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, QuestionAnswered>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          d->questions.push_back(CallQuestion{ev.turn, ev.tool, ev.topic, ev.answered});
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, TicketOpened>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          d->tickets.push_back(CallTicket{ev.turn, ev.ticket_id, ev.topic, ev.order_number,
                                          d->summary.erased ? std::string(kErased) : ev.summary,
                                          e.event_id.str()});
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, BookingCancelled>) {
          auto* c = ev.call_sid.empty() ? nullptr : find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          if (std::find(d->cancelled.begin(), d->cancelled.end(), ev.booking_id) !=
              d->cancelled.end())
            return;
          d->cancelled.push_back(ev.booking_id);
          refresh_outcome(*d);
          touch(c);
        } else if constexpr (std::is_same_v<T, AvailabilityChecked> ||
                             std::is_same_v<T, BookingRequested>) {
          auto* c = find(ev.call_sid);
          if (!c || c->second.booking_started) return;
          c->second.booking_started = true;
          refresh_outcome(c->second);
          touch(c);
        } else if constexpr (std::is_same_v<T, CallErased>) {
          auto* c = find(ev.call_sid);
          if (!c) return;
          CallDetail* d = &c->second;
          erase_personal(*d);
          touch(c);
        }
      },
      e.data);
}

void CallList::flush(RowSink& out) {
  for (auto* c : dirty_) out.put("c/" + c->first, encode_call_row(c->second));
  for (const auto& t : dirty_zones_) out.put("z/" + t, zones_[t]);
  dirty_.clear();
  dirty_zones_.clear();
}

Status CallList::load(std::string_view key, std::string_view value) {
  if (key.starts_with("z/")) {
    zones_[std::string(key.substr(2))] = std::string(value);
    return {};
  }
  if (!key.starts_with("c/")) return Error::make(Errc::corrupt, "calls: unknown row");
  auto d = decode_call_row(value);
  if (!d) return std::move(d).error();
  index(*d);
  std::string sid = d->summary.call_sid;
  calls_.emplace(std::move(sid), std::move(*d));
  return {};
}

void CallList::reset() {
  calls_.clear();
  all_.clear();
  by_tenant_.clear();
  zones_.clear();
  dirty_.clear();
  dirty_zones_.clear();
}

// -- queries --

std::size_t CallList::size() const {
  std::shared_lock lock(mutex());
  return calls_.size();
}

std::optional<CallDetail> CallList::get(const std::string& call_sid) const {
  std::shared_lock lock(mutex());
  auto it = calls_.find(call_sid);
  if (it == calls_.end()) return std::nullopt;
  return it->second;
}

CallPage CallList::list(const CallQuery& q) const {
  CallPage page;
  const std::size_t limit = std::clamp<std::size_t>(q.limit, 1, 500);
  std::shared_lock lock(mutex());
  const std::set<Order>* idx = &all_;
  if (!q.tenant_id.empty()) {
    auto it = by_tenant_.find(q.tenant_id);
    if (it == by_tenant_.end()) return page;
    idx = &it->second;
  }
  page.calls.reserve(std::min(limit, idx->size()));
  auto it = idx->rbegin();
  if (!q.cursor.empty()) {
    auto c = parse_cursor(q.cursor);
    if (!c) return page;
    // Strictly older than the cursor: the first element < c, walking down.
    it = std::make_reverse_iterator(idx->lower_bound(*c));
  }
  std::map<std::string, TimeZone, std::less<>> zones;  // per query: TimeZone caches
  auto day_of = [&](const CallSummary& s) {
    auto z = zones.find(s.tenant_id);
    if (z == zones.end()) {
      auto name = zones_.find(s.tenant_id);
      z = zones.emplace(s.tenant_id, TimeZone::find_or_utc(
                                         name == zones_.end() ? "UTC" : name->second)).first;
    }
    return z->second.local(s.started_at).day_key();
  };
  for (; it != idx->rend(); ++it) {
    const auto& s = calls_.at(it->second).summary;
    if (!q.assistant_id.empty() && s.assistant_id != q.assistant_id) continue;
    if (!q.status.empty() && s.status != q.status) continue;
    if (!q.outcome.empty() && s.outcome != q.outcome) continue;
    if (q.call_sids && !q.call_sids->count(s.call_sid)) continue;
    if (!q.day.empty() && day_of(s) != q.day) continue;
    if (page.calls.size() == limit) {
      const auto& last = page.calls.back();
      page.next_cursor = std::to_string(last.started_at) + "." + last.call_sid;
      break;
    }
    page.calls.push_back(s);
  }
  return page;
}

}  // namespace webox
