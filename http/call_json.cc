#include "http/call_json.h"

#include <charconv>

#include "events/clock.h"
#include "events/codec.h"

namespace webox::http {

namespace {

class Json {
 public:
  explicit Json(std::string& out) : out_(out) {}
  Json& open() { out_ += '{'; first_ = true; return *this; }
  Json& close() { out_ += '}'; first_ = false; return *this; }
  Json& key(std::string_view k) {  // k is one of this file's literals: nothing to escape
    if (!first_) out_ += ',';
    first_ = true;
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return *this;
  }
  Json& data_key(std::string_view k) {  // a key that comes from the data
    if (!first_) out_ += ',';
    first_ = true;
    append_json_string(out_, k);
    out_ += ':';
    return *this;
  }
  Json& str(std::string_view k, std::string_view v) {
    key(k);
    append_json_string(out_, v);
    first_ = false;
    return *this;
  }
  Json& num(std::string_view k, std::uint64_t v) { return key(k).value(v); }
  Json& inum(std::string_view k, std::int64_t v) { return key(k).value(v); }
  template <class Int>
  Json& value(Int v) {  // after key(): an integer, with no string built
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, static_cast<std::size_t>(r.ptr - buf));
    first_ = false;
    return *this;
  }
  Json& dbl(std::string_view k, double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    return raw(k, std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  }
  Json& time(std::string_view k, Micros t) {
    if (!t) return raw(k, "null");
    key(k);
    out_ += '"';
    append_utc(out_, t);
    out_ += '"';
    first_ = false;
    return *this;
  }
  Json& boolean(std::string_view k, bool v) { return raw(k, v ? "true" : "false"); }
  Json& raw(std::string_view k, std::string_view v) {
    key(k);
    out_ += v;
    first_ = false;
    return *this;
  }
  Json& array(std::string_view k) { key(k); out_ += '['; first_ = true; return *this; }
  Json& end_array() { out_ += ']'; first_ = false; return *this; }
  Json& item(std::string_view v) {  // a bare value in an array
    if (!first_) out_ += ',';
    out_ += v;
    first_ = false;
    return *this;
  }
  Json& element() {
    if (!first_) out_ += ',';
    first_ = true;
    return *this;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

double ms(std::int64_t micros) { return static_cast<double>(micros) / 1000.0; }

void summary_fields(Json& j, const CallSummary& s) {
  j.str("call_sid", s.call_sid)
      .str("tenant_id", s.tenant_id)
      .str("assistant_id", s.assistant_id)
      .str("from", s.from)
      .str("to", s.to)
      .str("direction", s.direction)
      .str("language", s.language)
      .str("mode", s.mode)
      .time("started_at", s.started_at)
      .time("ended_at", s.ended_at)
      .str("status", s.status)
      .str("end_reason", s.end_reason)
      .inum("duration_seconds", s.duration_seconds)
      .inum("turns", s.turns)
      .str("outcome", s.outcome)
      .boolean("erased", s.erased);
}

}  // namespace

std::string render_call_page(const CallPage& page) {
  std::string out;
  out.reserve(64 + 420 * page.calls.size());
  Json j(out);
  j.open().array("calls");
  for (const auto& s : page.calls) {
    j.element().open();
    summary_fields(j, s);
    j.close();
  }
  j.end_array();
  if (page.next_cursor.empty()) j.raw("next_cursor", "null");
  else j.str("next_cursor", page.next_cursor);
  j.close();
  return out;
}

std::string render_call_detail(const CallDetail& d) {
  std::string out;
  Json j(out);
  j.open();
  summary_fields(j, d.summary);
  j.str("transfer_to", d.transfer_to).array("transcript");
  for (const auto& t : d.turns) {
    j.element().open().inum("turn", t.turn);
    if (t.turn > 0)
      j.time("caller_at", t.caller_at).str("caller_text", t.caller_text).dbl("confidence",
                                                                                t.confidence);
    j.time("reply_at", t.reply_at)
        .str("reply_text", t.reply_text)
        .str("action", t.action)
        .dbl("brain_ms", ms(t.brain_micros));
    if (t.turn > 0) j.dbl("latency_ms", ms(t.latency_micros));
    if (t.played_ms > 0 || t.interrupted)  // a stream call: what was heard of the reply
      j.inum("played_ms", t.played_ms).boolean("interrupted", t.interrupted);
    if (t.answer_micros > 0)  // and where the turn's time went
      j.key("timing")
          .open()
          .inum("silence_ms", t.silence_ms)
          .dbl("answer_ms", ms(t.answer_micros))
          .dbl("stt_ms", ms(t.stt_micros))
          .dbl("brain_ms", ms(t.brain_micros))
          .dbl("tts_ms", ms(t.tts_micros))
          .dbl("engine_ms", ms(t.engine_micros))
          .close();
    j.close();
  }
  j.end_array().array("bookings");
  for (const auto& b : d.bookings) {
    j.element()
        .open()
        .str("booking_id", b.booking_id)
        .str("kind", b.kind)
        .str("date", b.date)
        .str("time", b.time)
        .inum("party_size", b.party_size)
        .str("name", b.name)
        .close();
  }
  j.end_array().array("questions");
  for (const auto& q : d.questions) {
    j.element()
        .open()
        .inum("turn", q.turn)
        .str("tool", q.tool)
        .str("topic", q.topic)
        .boolean("answered", q.answered)
        .close();
  }
  j.end_array().array("tickets");
  for (const auto& t : d.tickets) {
    j.element()
        .open()
        .inum("turn", t.turn)
        .str("ticket_id", t.ticket_id)
        .str("topic", t.topic)
        .str("order_number", t.order_number)
        .str("summary", t.summary)
        .close();
  }
  j.end_array().array("cancelled_bookings");
  for (const auto& id : d.cancelled) {
    std::string quoted;
    append_json_string(quoted, id);
    j.item(quoted);
  }
  j.end_array().close();
  return out;
}

void render_stats_totals(std::string& out, const StatsTotals& t) {
  Json j(out);
  j.open()
      .num("calls", t.calls)
      .num("ended", t.ended)
      .num("answered", t.answered)
      .num("duration_seconds", t.duration_seconds)
      .dbl("average_duration_seconds", t.average_duration_seconds)
      .num("turns", t.turns)
      .dbl("average_turns", t.average_turns)
      .num("bookings", t.bookings)
      .key("outcomes")
      .open();
  for (const auto& [k, v] : t.outcomes) j.data_key(k).value(v);
  j.close().array("calls_by_hour");
  int busiest = -1;
  for (int h = 0; h < 24; ++h) {
    j.element().value(t.calls_by_hour[h]);
    if (t.calls_by_hour[h] && (busiest < 0 || t.calls_by_hour[h] > t.calls_by_hour[busiest]))
      busiest = h;
  }
  j.end_array();
  if (busiest < 0) j.raw("busiest_hour", "null");
  else j.inum("busiest_hour", busiest);
  j.key("turn_latency")
      .open()
      .num("samples", t.turn_latency.samples)
      .dbl("p50_ms", ms(t.turn_latency.p50_micros))
      .dbl("p95_ms", ms(t.turn_latency.p95_micros))
      .dbl("p99_ms", ms(t.turn_latency.p99_micros))
      .close()
      .close();
}

void render_stats_view(std::string& out, const StatsView& v, bool with_days) {
  out += "{\"total\":";
  render_stats_totals(out, v.total);
  out += ",\"by_assistant\":{";
  bool first = true;
  for (const auto& [id, t] : v.by_assistant) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, id);
    out += ':';
    render_stats_totals(out, t);
  }
  out += '}';
  if (with_days) {
    out += ",\"by_day\":{";
    first = true;
    for (const auto& [day, t] : v.by_day) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, day);
      out += ':';
      render_stats_totals(out, t);
    }
    out += '}';
  }
  out += '}';
}

}  // namespace webox::http
