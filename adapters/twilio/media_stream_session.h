// The order of a Media Streams conversation, judged message by message: what the WebSocket
// handler asks before acting on a frame, so that malformed or out-of-order input, a dropped
// socket or a `stop` end the call once, cleanly, with a reason for CallEnded.
//
//   media_stream::Reader reader;
//   media_stream::Session session;
//   auto msg = reader.read(frame);
//   Verdict v = msg ? session.on_message(*msg) : session.on_error(msg.error());
//   switch (v.action) {
//     case Action::accept: act(*msg); break;              // audio to STT, dtmf, mark echoes
//     case Action::ignore: count(v.code); break;          // logged, the call goes on
//     case Action::end: end_call(v.code, v.detail); break;  // CallEnded, close the socket
//   }
//   // socket dropped:  session.on_close()  -> end "socket-closed" (or ignore once ended)
//
// Contract:
// - Exactly one `end` verdict per session, whatever comes: after it every message, error and
//   close is `ignore` with code "after-end". So CallEnded is written once and nothing a broken
//   peer sends afterwards is acted on.
// - Expected order: connected → start → (media | dtmf | mark)* → stop.
//   Tolerated (ignore): `connected` missing (start may come first; nothing is lost without it);
//   a repeated `connected`; a repeated `start` for the same streamSid; an event this build does
//   not know (Errc::unknown_type from the reader: Twilio may add one); a media, dtmf or mark
//   whose sequenceNumber is not above the last accepted one (a replay: acting twice would
//   duplicate audio or digits); media on a track `start` did not announce; a mark echo whose name
//   we never sent (or already received).
//   Ends the call: any other reader error ("malformed-message"); media, dtmf or mark before
//   start, or a stop before start ("before-start"); a second start with another streamSid, or
//   any message naming another stream than start's ("wrong-stream"); `stop` ("stopped", the
//   normal end); the socket closing before that ("socket-closed").
// - Sequence numbers may jump forward (counted in gaps(), accepted): losing a frame is
//   Twilio's business, and Twilio numbers every message, so a jump is how a loss shows.
// - Marks: mark_sent(name) when the writer sends one; its echo (played, or dropped by a
//   `clear`) is accepted once and removes it from pending_marks().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/twilio/media_stream_in.h"
#include "events/result.h"

namespace webox::twilio::media_stream {

enum class Action : std::uint8_t { accept, ignore, end };

struct Verdict {
  Action action = Action::accept;
  std::string_view code;  // stable, for CallEnded.reason and metrics: "stopped", "stale-sequence"
  std::string detail;     // for people: what exactly was wrong; empty on accept
};

class Session {
 public:
  enum class Phase : std::uint8_t { awaiting_connected, awaiting_start, streaming, ended };

  [[nodiscard]] Verdict on_message(const Inbound& message);
  [[nodiscard]] Verdict on_error(const Error& error);  // what Reader::read refused
  [[nodiscard]] Verdict on_close();                    // the socket closed or dropped

  void mark_sent(std::string name);

  // -- observers --
  Phase phase() const { return phase_; }
  const std::string& stream_sid() const { return stream_sid_; }
  const std::string& call_sid() const { return call_sid_; }
  std::uint64_t last_sequence() const { return last_seq_; }
  std::uint64_t gaps() const { return gaps_; }  // messages missing between accepted ones
  const std::vector<std::string>& pending_marks() const { return pending_marks_; }

 private:
  Verdict end(std::string_view code, std::string detail);
  Verdict check_stream(std::string_view event, std::string_view sid, std::uint64_t seq);
  Verdict on_start(const Start& start);
  Verdict on_mark(const Mark& mark);

  Phase phase_ = Phase::awaiting_connected;
  std::string stream_sid_;
  std::string call_sid_;
  bool inbound_ = false;
  bool outbound_ = false;
  std::uint64_t last_seq_ = 0;
  std::uint64_t gaps_ = 0;
  std::vector<std::string> pending_marks_;  // in the order sent; echoes come back in order
};

}  // namespace webox::twilio::media_stream
