// Twilio Media Streams, us → Twilio: the three messages of a bidirectional stream (shared
// protocol notes §4.2), written into one buffer the writer reuses.
//
//   media_stream::Writer out("MZ0123");                 // the streamSid from `start`
//   ws.write(out.media(mulaw_20ms));
//     // {"event":"media","streamSid":"MZ0123","media":{"payload":"/w=="}}  (for one byte 0xFF)
//   ws.write(out.mark("reply-3"));
//     // {"event":"mark","streamSid":"MZ0123","mark":{"name":"reply-3"}}
//   ws.write(out.clear());  // {"event":"clear","streamSid":"MZ0123"}   (barge-in)
//
// Contract:
// - Each call returns a view of the writer's buffer, valid until its next call: send it (or copy
//   it) before writing the next message. Once the buffer has held the largest message, writing
//   allocates nothing.
// - Keys in the order of Twilio's documentation; no whitespace. The payload is the base64 of
//   the bytes as given (raw μ-law, 8000 Hz, mono, no header: Twilio plays anything else as
//   noise). streamSid and the mark's name are JSON-escaped (events/codec.h append_json_string),
//   so any text makes valid JSON; a name in ill-formed UTF-8 is sent with U+FFFD in its place,
//   and its echo then carries that spelling.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace webox::twilio::media_stream {

class Writer {
 public:
  explicit Writer(std::string_view stream_sid);

  std::string_view media(std::span<const std::uint8_t> mulaw);
  std::string_view mark(std::string_view name);
  std::string_view clear();

 private:
  void open(std::string_view event);  // {"event":"<event>","streamSid":"<sid>"

  std::string sid_json_;  // the streamSid as a JSON string, quotes included
  std::string buf_;
};

}  // namespace webox::twilio::media_stream
