// A call's timeline: from its events (personal fields already opened) to what `webox replay`
// prints, as text for people or JSON for machines. Pure: no log, no clock, no keys.
//
//   Timeline t("CA01");
//   std::string text;
//   for (const Envelope& e : events) text += t.add(e);   // one line per event (the first one
//                                                        // after a header line)
//   text += t.summary();                                 // turns, latency, bookings, end
//   std::string doc = t.json();                          // the same, as one JSON document
//
// A text line, offsets from the call's first event (minutes, or hours past the hour):
//   +00:03.412  #10   UtteranceTranscribed  turn 1 caller: "une table pour quatre" (confidence 0.92, twilio-gather)
//   +00:03.412  #12   ReplyGenerated        turn 1 assistant: "C'est noté." (listen; brain local 0.800 ms; 0.000 ms after the caller)
// Free text is quoted with JSON escapes, so a transcript cannot move the terminal's cursor or
// pass for another line; a field the call's erasure made unreadable reads [erased], unquoted.
//
// The JSON document (one element per line, so that diffs stay readable):
//   {"call_sid":"CA01","stream":"call-CA01","tenant":"default",
//    "started_at":"2026-11-25T08:41:07.000000Z","erased":false,
//   "events":[
//   {"offset":"+00:00.000","offset_micros":0,"position":7,"stream":"call-CA01","version":1,
//    "event_id":"…","type":"CallStarted","recorded_at":"…","data":{…as events/codec.h…}},
//   …],
//   "turns":[
//   {"turn":1,"caller":"…","confidence":0.92,"assistant":"…","action":"listen",
//    "brain":"local","brain_micros":800,"reply_after_micros":0},      (absent parts are null)
//   …],
//   "bookings":[{…BookingConfirmed data…}],
//   "ended":{"status":"completed","duration_seconds":57,"reason":"caller-hangup",
//            "offset_micros":57000000},                                   (null while live)
//   "erasure":{"reason":"api","erased_at":"…"}}                          (null unless erased)
// `webox replay --follow --json` prints event_json() lines instead, one per event as it comes.
//
// Per-turn latency is "reply_after": the ReplyGenerated's recorded_at minus the
// UtteranceTranscribed's, of the same turn. The engine stamps a webhook's events with one time,
// so today it is 0 and brain_micros (measured around the brain call) is the figure to watch;
// it becomes telling once utterances and replies are recorded apart (streaming mode).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "events/envelope.h"

namespace webox {

// "+MM:SS.mmm" below an hour, "+H:MM:SS.mmm" from there; "-" before the first event. Truncated
// to the millisecond.
std::string format_offset(Micros offset);

class Timeline {
 public:
  explicit Timeline(std::string call_sid);

  // Takes the next event (in position order) and returns its text line; the first event's line
  // comes after the header line.
  std::string add(const Envelope& e);
  // The closing block of the text: turns and latency, bookings, end, erasure.
  std::string summary() const;
  // The whole timeline as one JSON document (shape above), ending with a newline.
  std::string json() const;
  // One event as the object the document's "events" holds, without a newline.
  std::string event_json(const Envelope& e) const;

  bool empty() const { return events_.empty(); }
  bool ended() const { return ended_.has_value(); }
  const std::vector<Envelope>& events() const { return events_; }

 private:
  struct Turn {
    const UtteranceTranscribed* heard = nullptr;
    Micros heard_at = 0;
    const ReplyGenerated* reply = nullptr;
    Micros reply_at = 0;
  };
  struct Ended {
    CallEnded data;
    Micros offset = 0;
  };
  std::string line(const Envelope& e) const;
  std::map<std::int32_t, Turn> turns() const;
  Micros origin() const { return events_.empty() ? 0 : events_.front().recorded_at; }

  std::string call_sid_;
  std::vector<Envelope> events_;
  std::optional<Ended> ended_;
  std::optional<CallErased> erased_;
};

}  // namespace webox
