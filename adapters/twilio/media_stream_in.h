// Twilio Media Streams, Twilio → us: one WebSocket text frame in, one typed message out
// (shared protocol notes §4.1).
//
//   media_stream::Reader reader;                   // one per socket; reused for every frame
//   auto msg = reader.read(R"({"event":"media","sequenceNumber":"4","streamSid":"MZ01",
//       "media":{"track":"inbound","chunk":"2","timestamp":"20","payload":"/w=="}})");
//   if (!msg) return session.on_error(msg.error());   // Error{field "media.payload", ...}
//   if (auto* m = std::get_if<media_stream::Media>(&*msg)) {
//     m->chunk -> 2, m->timestamp_ms -> 20, m->audio -> {0xFF}   // μ-law bytes, decoded
//   }
//
// Contract:
// - Each message is one struct of the `Inbound` variant: Connected, Start, Media, Dtmf, Mark,
//   Stop. Start owns its strings (a call keeps them); in the others every string_view and the
//   audio span point into the reader and stay valid until its next read(): copy what you keep.
//   A media frame costs no allocation once the reader has seen a frame as large.
// - Errors are values naming the JSON path at fault: `field` is "frame" (not JSON, too large,
//   not an object), "event", "streamSid", "sequenceNumber", or "<object>.<key>" such as
//   "media.payload" or "start.mediaFormat.encoding"; `message` says what was wrong.
//   An `event` this build does not know is Errc::unknown_type (so a caller can tolerate a
//   message Twilio may add later); everything else is Errc::invalid_argument.
// - Strict, because a frame we cannot read exactly is one we must not act on: the whole frame
//   must be valid JSON (simdjson DOM) of at most kMaxFrame bytes; a known key given twice is
//   refused; counters (sequenceNumber, chunk, timestamp) are JSON strings of 1 to 19 decimal
//   digits; SIDs are 1 to 64 ASCII letters and digits; payloads are strict base64
//   (adapters/twilio/base64.h); start.mediaFormat is exactly audio/x-mulaw, 8000 Hz, 1 channel.
//   Keys nobody reads are ignored, so Twilio may add fields.
// - What each event requires: connected nothing (protocol and version are read when present);
//   start: sequenceNumber, streamSid, start.{accountSid, callSid, tracks, mediaFormat}, and
//   start.streamSid, when present, equal to streamSid; media: sequenceNumber, streamSid,
//   media.{track, chunk, timestamp, payload}; dtmf: sequenceNumber, streamSid, dtmf.digit (one
//   of 0-9 * # A-D); mark: sequenceNumber, streamSid, mark.name; stop: sequenceNumber,
//   streamSid (stop.accountSid and stop.callSid are read when present).
// - Order (connected before start, one stream per socket, ...) is not the reader's business:
//   media_stream_session.h judges it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "events/result.h"

namespace webox::twilio::media_stream {

enum class Track : std::uint8_t { inbound, outbound };

struct Connected {
  std::string_view protocol;  // "Call"; empty when absent
  std::string_view version;   // "1.0.0"; empty when absent
};

struct Start {
  std::uint64_t sequence_number = 0;
  std::string stream_sid;
  std::string account_sid;
  std::string call_sid;
  bool inbound_track = false;   // "inbound" in start.tracks
  bool outbound_track = false;  // "outbound" in start.tracks
  std::vector<std::pair<std::string, std::string>> custom_parameters;  // <Parameter>s, in order
};

struct Media {
  std::uint64_t sequence_number = 0;
  std::string_view stream_sid;
  Track track = Track::inbound;
  std::uint64_t chunk = 0;
  std::uint64_t timestamp_ms = 0;      // since the stream started
  std::span<const std::uint8_t> audio;  // μ-law, 8000 Hz, mono: 160 bytes per 20 ms
};

struct Dtmf {
  std::uint64_t sequence_number = 0;
  std::string_view stream_sid;
  std::string_view track;  // as sent ("inbound_track"); empty when absent
  char digit = 0;
};

struct Mark {
  std::uint64_t sequence_number = 0;
  std::string_view stream_sid;
  std::string_view name;  // the name we gave the mark
};

struct Stop {
  std::uint64_t sequence_number = 0;
  std::string_view stream_sid;
  std::string_view account_sid;  // empty when absent
  std::string_view call_sid;     // empty when absent
};

using Inbound = std::variant<Connected, Start, Media, Dtmf, Mark, Stop>;

// The `event` name of a message, e.g. "media".
std::string_view event_name(const Inbound& message);

class Reader {
 public:
  // Twilio's frames are a few hundred bytes; this bounds what one socket can make us hold.
  static constexpr std::size_t kMaxFrame = 64 * 1024;

  Reader();
  ~Reader();
  Reader(Reader&&) noexcept;
  Reader& operator=(Reader&&) noexcept;

  // Parses one text frame. The result's views stay valid until the next read().
  [[nodiscard]] Result<Inbound> read(std::string_view frame);

 private:
  struct State;  // simdjson's parser and the reused buffers; keeps simdjson out of this header
  std::unique_ptr<State> state_;
};

// "field: message", the form a CallEnded reason or a log line uses.
std::string describe(const Error& error);

}  // namespace webox::twilio::media_stream
