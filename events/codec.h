// JSON codec for envelopes: what the log stores and what the API shows.
//
//   std::string json = encode(envelope);
//   // {"position":7,"stream":"call-CA01","version":2,"event_id":"...","type":"ReplyGenerated",
//   //  "schema_version":1,"tenant":"default","recorded_at":"2026-11-25T08:41:07.123456Z",
//   //  "data":{"call_sid":"CA01","turn":0,"text":"Bonjour ...",...}}
//   Result<Envelope> back = decode(json);   // simdjson; equal to `envelope`
//
// decode() refuses, with an Error naming the field: malformed JSON, a missing or mistyped field,
// an unknown type (Errc::unknown_type), a schema version newer than this build
// (Errc::unsupported_version). Nothing is ever silently dropped. Unknown extra fields inside
// `data` are ignored so that older builds read rows written by newer minor additions only when
// the schema version says they may.
//
// Decisions, in detail:
// - Bytes that are not JSON at all (syntax error, invalid UTF-8, truncated) -> Errc::corrupt,
//   field empty: the log only ever holds what encode() wrote. Well-formed JSON of the wrong
//   shape -> Errc::invalid_argument with `field` set to the path at fault ("event_id",
//   "data.turn", "data.profile.name"); message "missing", "expected a string", ...
// - The checks run in this order: JSON syntax, "type" (unknown_type), "schema_version"
//   (unsupported_version), then the other fields. Unknown fields (envelope or data) are ignored.
// - Every field is written, and every field is required on read, except AssistantUpdated's
//   optionals: absent means "not changed"; they are never written as null.
// - context_data is raw JSON text, written as a JSON value (not a string) in canonical form
//   (canonical_json below: minified, numbers re-printed). decode() gives back that canonical
//   text, so decode(encode(e)) == e whenever e's context_data is already canonical; it is
//   equal in meaning otherwise. Text that is not valid JSON is written as a JSON string
//   holding it, so what we write always parses; it then reads back as that string literal.
// - Doubles are written in the shortest form that reads back to the same value; NaN and
//   infinities (which JSON lacks) are written as null and read back as NaN.
// - recorded_at is written with format_utc() and read with parse_utc() (events/clock.h).
#pragma once

#include <string>
#include <string_view>

#include "events/envelope.h"
#include "events/result.h"

namespace webox {

std::string encode(const Envelope& e);
std::string encode_data(const EventData& d);  // the "data" object alone
Result<Envelope> decode(std::string_view json);

// JSON string escaping shared by every writer of JSON in the engine: appends `s` quoted, with
// '"' and '\\' backslash-escaped and control characters (< 0x20) as \u00XX. Valid UTF-8 (emoji
// included) passes through unchanged; each ill-formed sequence is replaced by U+FFFD so that
// what we write is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Validates raw JSON text and returns it in the canonical form the codec stores context_data in
// (minified by simdjson). Errc::invalid_argument (field "json") when `text` is not JSON. For the
// API layer: canonicalise context_data before building an event and it round-trips exactly.
Result<std::string> canonical_json(std::string_view text);

}  // namespace webox
