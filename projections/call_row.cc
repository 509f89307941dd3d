#include "projections/call_row.h"

#include <simdjson.h>

#include <charconv>

#include "events/codec.h"

namespace webox {

namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void open() { out_ += '{'; first_ = true; }
  void close() { out_ += '}'; first_ = false; }
  void key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    append_json_string(out_, k);
    out_ += ':';
  }
  void str(std::string_view k, std::string_view v) { key(k); append_json_string(out_, v); }
  void num(std::string_view k, std::int64_t v) { key(k); out_ += std::to_string(v); }
  void dbl(std::string_view k, double v) {
    key(k);
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void boolean(std::string_view k, bool v) { key(k); out_ += v ? "true" : "false"; }
  void begin_array(std::string_view k) { key(k); out_ += '['; first_ = true; }
  void end_array() { out_ += ']'; first_ = false; }
  void element() { if (!first_) out_ += ','; first_ = true; }
  void quoted(std::string_view v) { append_json_string(out_, v); first_ = false; }  // an element

 private:
  std::string& out_;
  bool first_ = true;
};

void write_summary(Writer& w, const CallSummary& s) {
  w.str("call_sid", s.call_sid);
  w.str("tenant_id", s.tenant_id);
  w.str("assistant_id", s.assistant_id);
  w.str("from", s.from);
  w.str("to", s.to);
  w.str("direction", s.direction);
  w.str("language", s.language);
  w.str("mode", s.mode);
  w.num("started_at", s.started_at);
  w.num("ended_at", s.ended_at);
  w.str("status", s.status);
  w.str("end_reason", s.end_reason);
  w.num("duration_seconds", s.duration_seconds);
  w.num("turns", s.turns);
  w.str("outcome", s.outcome);
  w.boolean("erased", s.erased);
  w.num("first_position", static_cast<std::int64_t>(s.first_position));
  w.str("started_event_id", s.started_event_id);
}

using simdjson::dom::element;

Status get(element obj, const char* k, std::string& out) {
  std::string_view v;
  if (obj[k].get(v)) return Error::make(Errc::corrupt, std::string("call row: bad ") + k);
  out = std::string(v);
  return {};
}
template <class I>
Status get_int(element obj, const char* k, I& out) {
  std::int64_t v;
  if (obj[k].get(v)) return Error::make(Errc::corrupt, std::string("call row: bad ") + k);
  out = static_cast<I>(v);
  return {};
}

Status read_summary(element o, CallSummary& s) {
  for (auto st : {get(o, "call_sid", s.call_sid), get(o, "tenant_id", s.tenant_id),
                  get(o, "assistant_id", s.assistant_id), get(o, "from", s.from),
                  get(o, "to", s.to), get(o, "direction", s.direction),
                  get(o, "language", s.language), get(o, "mode", s.mode),
                  get_int(o, "started_at", s.started_at), get_int(o, "ended_at", s.ended_at),
                  get(o, "status", s.status), get(o, "end_reason", s.end_reason),
                  get_int(o, "duration_seconds", s.duration_seconds),
                  get_int(o, "turns", s.turns), get(o, "outcome", s.outcome),
                  get_int(o, "first_position", s.first_position),
                  get(o, "started_event_id", s.started_event_id)})
    if (!st) return st;
  bool erased;
  if (o["erased"].get(erased)) return Error::make(Errc::corrupt, "call row: bad erased");
  s.erased = erased;
  return {};
}

Status read_turn(element o, CallTurn& t) {
  for (auto st : {get_int(o, "turn", t.turn), get_int(o, "caller_at", t.caller_at),
                  get(o, "caller_text", t.caller_text), get_int(o, "reply_at", t.reply_at),
                  get(o, "reply_text", t.reply_text), get(o, "action", t.action),
                  get_int(o, "brain_micros", t.brain_micros),
                  get_int(o, "latency_micros", t.latency_micros),
                  get(o, "caller_event_id", t.caller_event_id),
                  get(o, "reply_event_id", t.reply_event_id),
                  get_int(o, "played_ms", t.played_ms), get_int(o, "silence_ms", t.silence_ms),
                  get_int(o, "stt_micros", t.stt_micros), get_int(o, "tts_micros", t.tts_micros),
                  get_int(o, "engine_micros", t.engine_micros),
                  get_int(o, "answer_micros", t.answer_micros)})
    if (!st) return st;
  bool interrupted;
  if (o["interrupted"].get(interrupted))
    return Error::make(Errc::corrupt, "call row: bad interrupted");
  t.interrupted = interrupted;
  double c;
  if (o["confidence"].get(c)) return Error::make(Errc::corrupt, "call row: bad confidence");
  t.confidence = c;
  return {};
}

Status read_booking(element o, CallBooking& b) {
  for (auto st : {get(o, "booking_id", b.booking_id), get(o, "kind", b.kind),
                  get(o, "date", b.date), get(o, "time", b.time), get(o, "name", b.name),
                  get_int(o, "party_size", b.party_size), get(o, "event_id", b.event_id),
                  get(o, "stream", b.stream)})
    if (!st) return st;
  return {};
}

Status read_question(element o, CallQuestion& q) {
  for (auto st : {get_int(o, "turn", q.turn), get(o, "tool", q.tool), get(o, "topic", q.topic)})
    if (!st) return st;
  bool answered;
  if (o["answered"].get(answered)) return Error::make(Errc::corrupt, "call row: bad answered");
  q.answered = answered;
  return {};
}

Status read_ticket(element o, CallTicket& t) {
  for (auto st : {get_int(o, "turn", t.turn), get(o, "ticket_id", t.ticket_id),
                  get(o, "topic", t.topic), get(o, "order_number", t.order_number),
                  get(o, "summary", t.summary), get(o, "event_id", t.event_id)})
    if (!st) return st;
  return {};
}

}  // namespace

std::string encode_call_row(const CallDetail& d) {
  std::string out;
  out.reserve(512 + 256 * d.turns.size());
  Writer w(out);
  w.open();
  w.key("summary");
  w.open();
  write_summary(w, d.summary);
  w.close();
  w.str("transfer_to", d.transfer_to);
  w.begin_array("turns");
  for (const auto& t : d.turns) {
    w.element();
    w.open();
    w.num("turn", t.turn);
    w.num("caller_at", t.caller_at);
    w.str("caller_text", t.caller_text);
    w.dbl("confidence", t.confidence);
    w.num("reply_at", t.reply_at);
    w.str("reply_text", t.reply_text);
    w.str("action", t.action);
    w.num("brain_micros", t.brain_micros);
    w.num("latency_micros", t.latency_micros);
    w.str("caller_event_id", t.caller_event_id);
    w.str("reply_event_id", t.reply_event_id);
    w.num("played_ms", t.played_ms);
    w.boolean("interrupted", t.interrupted);
    w.num("silence_ms", t.silence_ms);
    w.num("stt_micros", t.stt_micros);
    w.num("tts_micros", t.tts_micros);
    w.num("engine_micros", t.engine_micros);
    w.num("answer_micros", t.answer_micros);
    w.close();
  }
  w.end_array();
  w.begin_array("bookings");
  for (const auto& b : d.bookings) {
    w.element();
    w.open();
    w.str("booking_id", b.booking_id);
    w.str("kind", b.kind);
    w.str("date", b.date);
    w.str("time", b.time);
    w.num("party_size", b.party_size);
    w.str("name", b.name);
    w.str("event_id", b.event_id);
    w.str("stream", b.stream);
    w.close();
  }
  w.end_array();
  w.begin_array("questions");
  for (const auto& q : d.questions) {
    w.element();
    w.open();
    w.num("turn", q.turn);
    w.str("tool", q.tool);
    w.str("topic", q.topic);
    w.boolean("answered", q.answered);
    w.close();
  }
  w.end_array();
  w.begin_array("tickets");
  for (const auto& t : d.tickets) {
    w.element();
    w.open();
    w.num("turn", t.turn);
    w.str("ticket_id", t.ticket_id);
    w.str("topic", t.topic);
    w.str("order_number", t.order_number);
    w.str("summary", t.summary);
    w.str("event_id", t.event_id);
    w.close();
  }
  w.end_array();
  w.begin_array("cancelled");
  for (const auto& id : d.cancelled) {
    w.element();
    w.quoted(id);
  }
  w.end_array();
  w.boolean("booking_started", d.booking_started);
  w.close();
  return out;
}

Result<CallDetail> decode_call_row(std::string_view row) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(row);
  element root;
  if (parser.parse(padded).get(root)) return Error::make(Errc::corrupt, "call row: not JSON");
  CallDetail d;
  element summary;
  if (root["summary"].get(summary)) return Error::make(Errc::corrupt, "call row: no summary");
  if (auto st = read_summary(summary, d.summary); !st) return std::move(st).error();
  if (auto st = get(root, "transfer_to", d.transfer_to); !st) return std::move(st).error();
  simdjson::dom::array turns, bookings, questions, tickets, cancelled;
  bool started = false;
  if (root["turns"].get(turns) || root["bookings"].get(bookings) ||
      root["questions"].get(questions) || root["tickets"].get(tickets) ||
      root["cancelled"].get(cancelled) || root["booking_started"].get(started))
    return Error::make(Errc::corrupt, "call row: bad turns, bookings, questions or tickets");
  d.booking_started = started;
  for (element t : tickets) {
    if (auto st = read_ticket(t, d.tickets.emplace_back()); !st) return std::move(st).error();
  }
  for (element c : cancelled) {
    std::string_view id;
    if (c.get(id)) return Error::make(Errc::corrupt, "call row: bad cancelled");
    d.cancelled.emplace_back(id);
  }
  for (element t : turns) {
    if (auto st = read_turn(t, d.turns.emplace_back()); !st) return std::move(st).error();
  }
  for (element b : bookings) {
    if (auto st = read_booking(b, d.bookings.emplace_back()); !st) return std::move(st).error();
  }
  for (element q : questions) {
    if (auto st = read_question(q, d.questions.emplace_back()); !st) return std::move(st).error();
  }
  return d;
}

}  // namespace webox
