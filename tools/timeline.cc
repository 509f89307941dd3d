#include "tools/timeline.h"

#include <charconv>
#include <cstdio>

#include "actors/personal_data.h"
#include "events/codec.h"

namespace webox {
namespace {

// Everything printed comes from webhooks in the end: escaped, so control bytes cannot reach
// the terminal.
std::string quoted(std::string_view s) {
  if (s == kErased) return std::string(kErased);
  std::string out;
  append_json_string(out, s);
  return out;
}
std::string clean(std::string_view s) {
  std::string q = quoted(s);
  return q.size() >= 2 && q.front() == '"' ? q.substr(1, q.size() - 2) : q;
}
std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string number(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// Milliseconds with three decimals: "0.800 ms", "12.345 ms".
std::string millis(std::int64_t micros) {
  char buf[48];
  const char* sign = micros < 0 ? "-" : "";
  std::uint64_t m = micros < 0 ? std::uint64_t(-(micros + 1)) + 1 : std::uint64_t(micros);
  std::snprintf(buf, sizeof buf, "%s%llu.%03llu ms", sign, (unsigned long long)(m / 1000),
                (unsigned long long)(m % 1000));
  return buf;
}

// Micro-units as money with six decimals, the exact amount stored: "0.031000 EUR".
std::string money(std::int64_t micros, const std::string& currency = "") {
  char buf[64];
  const char* sign = micros < 0 ? "-" : "";
  std::uint64_t m = micros < 0 ? std::uint64_t(-(micros + 1)) + 1 : std::uint64_t(micros);
  std::snprintf(buf, sizeof buf, "%s%llu.%06llu", sign, (unsigned long long)(m / 1'000'000),
                (unsigned long long)(m % 1'000'000));
  return currency.empty() ? std::string(buf) : std::string(buf) + " " + clean(currency);
}

std::string booking_text(const BookingConfirmed& b) {
  return "booking " + clean(b.booking_id) + ": " + clean(b.kind) + " on " + clean(b.date) +
         " at " + clean(b.time) + " for " + std::to_string(b.party_size) + ", name " +
         quoted(b.name);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

}  // namespace

std::string format_offset(Micros offset) {
  const char* sign = offset < 0 ? "-" : "+";
  std::uint64_t m = offset < 0 ? std::uint64_t(-(offset + 1)) + 1 : std::uint64_t(offset);
  std::uint64_t ms = m / 1000, s = ms / 1000, min = s / 60, h = min / 60;
  char buf[48];
  if (h > 0)
    std::snprintf(buf, sizeof buf, "%s%llu:%02llu:%02llu.%03llu", sign, (unsigned long long)h,
                  (unsigned long long)(min % 60), (unsigned long long)(s % 60),
                  (unsigned long long)(ms % 1000));
  else
    std::snprintf(buf, sizeof buf, "%s%02llu:%02llu.%03llu", sign, (unsigned long long)min,
                  (unsigned long long)(s % 60), (unsigned long long)(ms % 1000));
  return buf;
}

Timeline::Timeline(std::string call_sid) : call_sid_(std::move(call_sid)) {}

std::string Timeline::add(const Envelope& e) {
  std::string out;
  if (events_.empty())
    out = "call " + clean(call_sid_) + "  tenant " + clean(e.tenant) + "  started " +
          format_utc(e.recorded_at) + "\n";
  events_.push_back(e);
  if (auto* end = std::get_if<CallEnded>(&e.data))
    ended_ = Ended{*end, e.recorded_at - origin()};
  if (auto* erased = std::get_if<CallErased>(&e.data)) erased_ = *erased;
  return out + line(events_.back());
}

std::map<std::int32_t, Timeline::Turn> Timeline::turns() const {
  std::map<std::int32_t, Turn> out;
  for (const auto& e : events_) {
    if (auto* u = std::get_if<UtteranceTranscribed>(&e.data)) {
      out[u->turn].heard = u;
      out[u->turn].heard_at = e.recorded_at;
    } else if (auto* r = std::get_if<ReplyGenerated>(&e.data)) {
      out[r->turn].reply = r;
      out[r->turn].reply_at = e.recorded_at;
    }
  }
  return out;
}

std::string Timeline::line(const Envelope& e) const {
  std::string what = std::visit(
      [&](const auto& d) -> std::string {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CallStarted>) {
          return "caller " + clean(d.from) + " to " + clean(d.to) + ", " + clean(d.direction) +
                 ", " + clean(d.language) + ", " + clean(d.mode) + ", assistant " +
                 clean(d.assistant_id);
        } else if constexpr (std::is_same_v<T, UtteranceTranscribed>) {
          return "turn " + std::to_string(d.turn) + " caller: " + quoted(d.text) +
                 " (confidence " + number(d.confidence) + ", " + clean(d.source) + ")";
        } else if constexpr (std::is_same_v<T, ReplyGenerated>) {
          std::string s = "turn " + std::to_string(d.turn) + " assistant: " + quoted(d.text) +
                          " (" + clean(d.action);
          if (!d.transfer_to.empty()) s += " to " + clean(d.transfer_to);
          s += "; brain " + clean(d.brain) + " " + millis(d.brain_micros);
          // The utterance of the same turn, if it came before: the reply's delay after it.
          for (auto it = events_.rbegin(); it != events_.rend(); ++it)
            if (auto* u = std::get_if<UtteranceTranscribed>(&it->data);
                u && u->turn == d.turn && it->position < e.position) {
              s += "; " + millis(e.recorded_at - it->recorded_at) + " after the caller";
              break;
            }
          return s + ")";
        } else if constexpr (std::is_same_v<T, AudioSent>) {
          std::string s = "turn " + std::to_string(d.turn) + " " + clean(d.channel) + " " +
                          clean(d.voice) + " " + clean(d.language) + ", " +
                          std::to_string(d.characters) + " characters";
          if (d.duration_ms > 0) s += ", " + std::to_string(d.duration_ms) + " ms of audio";
          return s;
        } else if constexpr (std::is_same_v<T, BookingConfirmed>) {
          return booking_text(d);
        } else if constexpr (std::is_same_v<T, BookingRequested>) {
          return "asked the calendar for " + booking_text(d.booking);
        } else if constexpr (std::is_same_v<T, BookingRefused>) {
          return "booking " + clean(d.booking_id) + " refused (" + clean(d.reason) + ")" +
                 (d.alternatives.empty() ? "" : ", free: " + clean(d.alternatives));
        } else if constexpr (std::is_same_v<T, BookingCancelled>) {
          return "booking " + clean(d.booking_id) + " cancelled (" + clean(d.reason) + ")";
        } else if constexpr (std::is_same_v<T, CallTransferred>) {
          return "transferred to " + clean(d.to) + " (" + clean(d.reason) + ")";
        } else if constexpr (std::is_same_v<T, AvailabilityChecked>) {
          std::string when = clean(d.date) + " " + clean(d.time);
          if (d.available) return "calendar: " + when + " is free";
          return "calendar: " + when + " refused (" + clean(d.reason) + ")" +
                 (d.alternatives.empty() ? "" : ", offers " + clean(d.alternatives));
        } else if constexpr (std::is_same_v<T, BookingLookedUp>) {
          if (!d.found) return "looked for the caller's booking: " + clean(d.reason);
          return "found booking " + clean(d.booking_id) + ": " + clean(d.kind) + " " +
                 clean(d.date) + " " + clean(d.time);
        } else if constexpr (std::is_same_v<T, TicketOpened>) {
          return "ticket " + clean(d.ticket_id) + " opened (" + clean(d.topic) + ")" +
                 (d.order_number.empty() ? "" : " about order " + clean(d.order_number)) + ": " +
                 quoted(d.summary);
        } else if constexpr (std::is_same_v<T, ReplyInterrupted>) {
          return "turn " + std::to_string(d.turn) + " interrupted by the caller after " +
                 std::to_string(d.heard_ms) + " of " + std::to_string(d.reply_ms) +
                 " ms; heard: " + quoted(d.heard_text);
        } else if constexpr (std::is_same_v<T, TurnTimed>) {
          return "turn " + std::to_string(d.turn) + " answered " + millis(d.total_micros) +
                 " after the caller stopped (+" + std::to_string(d.silence_ms) +
                 " ms of silence): speech-to-text " + millis(d.stt_micros) + ", brain " +
                 millis(d.brain_micros) + ", text-to-speech " + millis(d.tts_micros) +
                 ", engine " + millis(d.engine_micros);
        } else if constexpr (std::is_same_v<T, QuestionAnswered>) {
          return clean(d.tool) + " " + clean(d.topic) +
                 (d.answered ? ": answered" : ": no facts to answer with");
        } else if constexpr (std::is_same_v<T, CallEnded>) {
          return clean(d.status) + " after " + std::to_string(d.duration_seconds) + " s (" +
                 clean(d.reason) + ")";
        } else if constexpr (std::is_same_v<T, CallErased>) {
          return "personal data erased (" + clean(d.reason) + ") at " + format_utc(d.erased_at);
        } else if constexpr (std::is_same_v<T, CallRejected>) {
          return "refused (" + clean(d.reason) + ") in " + clean(d.month) + ", apology in " +
                 clean(d.language);
        } else if constexpr (std::is_same_v<T, CallOverage>) {
          return "past the quota: call " + std::to_string(d.calls_used) + " of " +
                 std::to_string(d.quota) + " in " + clean(d.month) + ", billed " +
                 money(d.price_micros, d.currency);
        } else if constexpr (std::is_same_v<T, CallCosted>) {
          return "cost " + money(d.total_micros, d.currency) + ": Twilio " +
                 std::to_string(d.billed_minutes) + " min " + money(d.twilio_micros) +
                 ", speech-to-text " + std::to_string(d.stt_units) + " x 15 s " +
                 money(d.stt_micros) + ", LLM " + std::to_string(d.llm_tokens) + " tokens " +
                 money(d.llm_micros) + ", text-to-speech " + std::to_string(d.tts_characters) +
                 " characters " + money(d.tts_micros);
        } else {
          return encode_data(e.data);  // not a call event: shown as stored
        }
      },
      e.data);
  return format_offset(e.recorded_at - origin()) + "  " +
         pad("#" + std::to_string(e.position), 5) + " " + pad(std::string(e.type()), 21) + " " +
         what + "\n";
}

std::string Timeline::summary() const {
  std::string out = "\nsummary\n";
  auto ts = turns();
  std::size_t heard = 0, replies = 0;
  for (const auto& [n, t] : ts) {
    heard += t.heard != nullptr;
    replies += t.reply != nullptr;
  }
  out += "  turns     " + std::to_string(heard) + " from the caller, " + std::to_string(replies) +
         " replies\n";
  bool first = true;
  for (const auto& [n, t] : ts) {
    if (!t.reply) continue;
    out += std::string(first ? "  latency   " : "            ") + "turn " + std::to_string(n) +
           ": brain " + millis(t.reply->brain_micros);
    if (t.heard) out += ", reply " + millis(t.reply_at - t.heard_at) + " after the caller";
    out += "\n";
    first = false;
  }
  first = true;
  for (const auto& e : events_)
    if (auto* b = std::get_if<BookingConfirmed>(&e.data)) {
      out += std::string(first ? "  booked    " : "            ") + booking_text(*b) + "\n";
      first = false;
    }
  if (first) out += "  booked    nothing\n";
  if (ended_)
    out += "  ended     " + clean(ended_->data.status) + " after " +
           std::to_string(ended_->data.duration_seconds) + " s (" + clean(ended_->data.reason) +
           "), at " + format_offset(ended_->offset) + "\n";
  else
    out += "  ended     not yet\n";
  if (erased_)
    out += "  erased    " + clean(erased_->reason) + " at " + format_utc(erased_->erased_at) +
           ": personal fields read [erased]\n";
  return out;
}

std::string Timeline::event_json(const Envelope& e) const {
  const Micros offset = e.recorded_at - origin();
  return "{\"offset\":" + json_string(format_offset(offset)) +
         ",\"offset_micros\":" + std::to_string(offset) +
         ",\"position\":" + std::to_string(e.position) + ",\"stream\":" + json_string(e.stream) +
         ",\"version\":" + std::to_string(e.version) +
         ",\"event_id\":" + json_string(e.event_id.str()) +
         ",\"type\":" + json_string(e.type()) +
         ",\"recorded_at\":" + json_string(format_utc(e.recorded_at)) +
         ",\"data\":" + encode_data(e.data) + "}";
}

std::string Timeline::json() const {
  std::string out = "{\"call_sid\":" + json_string(call_sid_) +
                    ",\"stream\":" + json_string(call_stream(call_sid_)) + ",\"tenant\":" +
                    (events_.empty() ? "null" : json_string(events_.front().tenant)) +
                    ",\"started_at\":" +
                    (events_.empty() ? "null" : json_string(format_utc(origin()))) +
                    ",\"erased\":" + (erased_ ? "true" : "false") + ",\n\"events\":[";
  const char* sep = "\n";
  for (const auto& e : events_) {
    out += sep + event_json(e);
    sep = ",\n";
  }
  out += "\n],\n\"turns\":[";
  sep = "\n";
  for (const auto& [n, t] : turns()) {
    out += sep;
    sep = ",\n";
    out += "{\"turn\":" + std::to_string(n);
    out += ",\"caller\":" + (t.heard ? json_string(t.heard->text) : "null");
    out += ",\"confidence\":" + (t.heard ? number(t.heard->confidence) : "null");
    out += ",\"assistant\":" + (t.reply ? json_string(t.reply->text) : "null");
    out += ",\"action\":" + (t.reply ? json_string(t.reply->action) : "null");
    out += ",\"brain\":" + (t.reply ? json_string(t.reply->brain) : "null");
    out += ",\"brain_micros\":" + (t.reply ? std::to_string(t.reply->brain_micros) : "null");
    out += ",\"reply_after_micros\":" +
           (t.heard && t.reply ? std::to_string(t.reply_at - t.heard_at) : "null") + "}";
  }
  out += "\n],\n\"bookings\":[";
  sep = "\n";
  for (const auto& e : events_)
    if (std::holds_alternative<BookingConfirmed>(e.data)) {
      out += sep + encode_data(e.data);
      sep = ",\n";
    }
  out += "\n],\n\"ended\":";
  if (ended_)
    out += "{\"status\":" + json_string(ended_->data.status) +
           ",\"duration_seconds\":" + std::to_string(ended_->data.duration_seconds) +
           ",\"reason\":" + json_string(ended_->data.reason) +
           ",\"offset_micros\":" + std::to_string(ended_->offset) + "}";
  else
    out += "null";
  out += ",\n\"erasure\":";
  if (erased_)
    out += "{\"reason\":" + json_string(erased_->reason) +
           ",\"erased_at\":" + json_string(format_utc(erased_->erased_at)) + "}";
  else
    out += "null";
  return out + "}\n";
}

}  // namespace webox
