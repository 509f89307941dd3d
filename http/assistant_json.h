// JSON bodies of the assistants API: parsing what clients send, rendering what they get back.
//
//   auto p = parse_assistant_profile(R"({"name":"Chez Marcel","phone_number":"+33123456789",
//                                        "context_data":{"hours":"12-14h"}})");
//   p->language      -> "fr" (the default)   p->context_data -> R"({"hours":"12-14h"})"
//   parse_assistant_profile(R"({"name":"x","phone_number":"0612"})")
//       -> Error{invalid_argument, field "phone_number", "must be E.164: '+' then 8 to 15 digits"}
//   auto patch = parse_assistant_patch("a-1", R"({"is_active":false})");
//   patch->is_active -> false, every other member empty
//   render_assistant(view)  -> {"id":"a-1","name":"Chez Marcel",...,"context_data":{"hours":"12-14h"},
//                               "is_active":true,"created_at":"2026-...Z","updated_at":"...","version":1}
//
// Contract:
// - The body must be one JSON object. Malformed JSON is Error::invalid with an empty field and a
//   message starting "malformed JSON"; every other error names the field at fault: an unknown
//   field, a field given twice, a wrong JSON type, a value the rules refuse. Null is a wrong type
//   (for PATCH it would be ambiguous between "clear" and "leave alone").
// - Rules: name 1..255 characters; phone_number '+' then 8..15 digits; language "fr" or "en"
//   with an optional two-letter region, normalised to "fr" / "en-GB" casing; ai_model and
//   voice_type non-empty; mode "twiml" or "stream"; end_silence_ms and barge_in_ms whole
//   milliseconds (their ranges are the assistant rules', actors/assistant_rules.h), interruptible
//   true or false (these three shape how a stream call listens); context_data a JSON object, kept as JSON text (minified: whitespace
//   dropped, numbers as simdjson prints them). POST requires name and phone_number; the other
//   fields default as AssistantProfile says.
// - Rendering writes context_data verbatim (it is JSON already) and times with format_utc();
//   event lists embed each envelope exactly as events/codec.h encode() writes it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/engine.h"
#include "events/result.h"

namespace webox::http {

// The refusal of a `mode` string other than "twiml" or "stream": well-formed, but not a mode,
// so the API answers it 422 (like context_data's content), where shape errors are 400.
inline constexpr std::string_view kModeRule = "must be \"twiml\" or \"stream\"";

Result<AssistantProfile> parse_assistant_profile(std::string_view json);
Result<AssistantUpdated> parse_assistant_patch(std::string id, std::string_view json);

// True when a patch carries no change at all ({}).
bool is_empty_patch(const AssistantUpdated& patch);

std::string render_assistant(const AssistantView& view);
std::string render_assistant_list(const std::vector<AssistantView>& views);  // {"assistants":[...]}
std::string render_call_events(std::string_view call_sid, const std::vector<Envelope>& events);

}  // namespace webox::http
