// A stream call's reply as its actor keeps it: the actor answers every request with a string
// (the TwiML of a webhook; for a stream, this encoding) and keeps it by request id, so a
// repeated request is answered from memory exactly as for webhooks. The engine decodes it
// before the HTTP side sees it.
//
//   std::string kept = encode_stream_reply({.turn = 2, .text = "À quel nom ?", .action = "listen",
//                                           .language = "fr-FR", .brain_micros = 41});
//   Result<StreamReply> r = decode_stream_reply(kept);   // the same fields back
//
// Layout: turn, action, language, brain_micros and text joined by the unit separator (0x1F),
// text last so it may hold anything.
#pragma once

#include <string>
#include <string_view>

#include "actors/engine.h"
#include "events/result.h"

namespace webox {

[[nodiscard]] std::string encode_stream_reply(const StreamReply& reply);
[[nodiscard]] Result<StreamReply> decode_stream_reply(std::string_view kept);

}  // namespace webox
