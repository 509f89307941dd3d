// JSON codec for envelopes: what the log stores and what the API shows.
//
//   std::string json = encode(envelope);
//   // {"position":7,"stream":"call-CA01","version":2,"event_id":"...","type":"ReplyGenerated",
//   //  "schema_version":1,"tenant":"default","recorded_at":"2026-11-25T08:41:07.123456Z",
//   //  "data":{"call_sid":"CA01","turn":0,"text":"Bonjour ..."}}
//   Result<Envelope> back = decode(json);   // simdjson; equal to `envelope`
//
// decode() refuses, with an Error naming the field: malformed JSON, a missing or mistyped field,
// an unknown type (Errc::unknown_type), a schema version newer than this build
// (Errc::unsupported_version). Nothing is ever silently dropped. Unknown extra fields inside
// `data` are ignored so that older builds read rows written by newer minor additions only when
// the schema version says they may.
#pragma once

#include <string>
#include <string_view>

#include "events/envelope.h"
#include "events/result.h"

namespace webox {

std::string encode(const Envelope& e);
std::string encode_data(const EventData& d);  // the "data" object alone
Result<Envelope> decode(std::string_view json);

// JSON string escaping shared by every writer of JSON in the engine. Invalid UTF-8 is replaced
// by U+FFFD so that what we write is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

}  // namespace webox
