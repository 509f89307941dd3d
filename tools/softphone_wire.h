// What crosses the wire in `webox call`, without sockets: the engine's TwiML answer read for
// its <Connect><Stream>, the frames the softphone sends as Twilio, the frames the engine sends
// back, and the reply texts read out of a call's events.
//
//   auto answer = read_stream_answer(twiml);   // Result<StreamAnswer>
//   answer->url        -> "wss://voice.example.com/twilio/stream/33123456789"  (what is signed)
//   answer->path       -> "/twilio/stream/33123456789"                         (what is asked)
//   answer->parameters -> {{"CallSid","CA01"},{"AssistantId","a-1"},{"TenantId","default"}}
//   answer->action     -> "https://voice.example.com/twilio/stream-ended"  (<Connect action>)
//   answer->action_path -> "/twilio/stream-ended"
//
//   auto next = read_stream_ended(action_twiml);  // Result<AfterStream>: {dial "+4477…"} or hangup
//
//   TwilioFrames out({.stream_sid = "MZ…", .account_sid = "AC…", .call_sid = "CA01",
//                     .parameters = answer->parameters});
//   ws.write(out.connected()); ws.write(out.start()); ws.write(out.media(frame160));
//   ws.write(out.mark_echo("turn-0")); ws.write(out.dtmf('4')); ws.write(out.stop());
//
//   auto in = read_engine_frame(text);         // Result<EngineFrame>: media (μ-law), mark, clear
//   auto texts = reply_texts(events_json);     // {turn -> ReplyGenerated.text}
//
// Contract:
// - read_stream_answer: the document must be TwiML whose first verb is <Connect> holding a
//   <Stream url="ws(s)://host/path">. Anything else is an Error whose message says what the
//   engine answered instead: a <Say> apology (no public URL), a <Reject/> (no assistant), a
//   <Gather> (the assistant is in TwiML mode: use `webox simulate`).
// - TwilioFrames writes what Twilio writes (shared protocol notes §4.1): counters as JSON
//   strings, sequenceNumber from 1 on every message after `connected`, media chunk from 1 and
//   timestamp += 20 ms per frame, tracks ["inbound"], audio/x-mulaw 8000 Hz mono. Its frames are
//   read back by adapters/twilio/media_stream_in.h (the tests check it). Each call returns a
//   fresh string: the sender keeps it until written.
// - read_engine_frame reads adapters/twilio/media_stream_out.h's three messages; `media` audio
//   is decoded strictly (base64.h). Another event is Errc::unknown_type; bad JSON or a missing
//   field is Error::invalid naming the field.
// - read_stream_ended reads what the <Connect action> answered: a <Dial> (its number, bare or in
//   <Number>) is a transfer; <Hangup/>, <Reject/> or an empty <Response> end the call. Another
//   first verb, or a document that is not TwiML, is an Error naming it.
// - reply_texts reads GET /api/v1/calls/{sid}/events: every ReplyGenerated's data.turn and
//   data.text (the last one recorded wins for a turn).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "events/result.h"

namespace webox::tools::softphone {

using Parameters = std::vector<std::pair<std::string, std::string>>;

struct StreamAnswer {
  std::string url;   // the Stream url as written: what Twilio connects to and signs
  std::string path;  // its path (and query): what the softphone asks of --url's host
  Parameters parameters;
  // <Connect action>: where Twilio posts once the stream is over (signed over it as written),
  // and its path (and query), asked of --url's host. Empty: the call ends with the stream.
  std::string action;
  std::string action_path;
};

[[nodiscard]] Result<StreamAnswer> read_stream_answer(std::string_view twiml);

// What the call does once its stream is over, as the <Connect action> answered.
struct AfterStream {
  std::string dial;  // the number the caller is put through to; empty: the call ends
};

[[nodiscard]] Result<AfterStream> read_stream_ended(std::string_view twiml);

struct StreamIdentity {
  std::string stream_sid;   // "MZ" + 32 hex
  std::string account_sid;  // "AC" + 32 hex
  std::string call_sid;
  Parameters parameters;    // start.customParameters, in order
};

class TwilioFrames {
 public:
  explicit TwilioFrames(StreamIdentity id) : id_(std::move(id)) {}

  std::string connected() const;
  std::string start();
  std::string media(std::span<const std::uint8_t> mulaw);  // 160 bytes: one 20 ms frame
  std::string dtmf(char digit);
  std::string mark_echo(std::string_view name);
  std::string stop();

  // -- observers --
  std::uint64_t sequence_number() const { return seq_; }  // the last one written
  std::uint64_t chunks() const { return chunk_; }         // media frames written
  const StreamIdentity& identity() const { return id_; }

 private:
  std::string open(std::string_view event);  // {"event":"<event>","sequenceNumber":"<n>"

  StreamIdentity id_;
  std::uint64_t seq_ = 0;
  std::uint64_t chunk_ = 0;
};

struct EngineMedia {
  std::vector<std::uint8_t> mulaw;
};
struct EngineMark {
  std::string name;
};
struct EngineClear {};
using EngineFrame = std::variant<EngineMedia, EngineMark, EngineClear>;

[[nodiscard]] Result<EngineFrame> read_engine_frame(std::string_view text);

[[nodiscard]] Result<std::map<int, std::string>> reply_texts(std::string_view events_json);

// "turn-3" -> 3; -1 for a name of another form.
int turn_of_mark(std::string_view name);

}  // namespace webox::tools::softphone
