// Shape rules for identifiers the HTTP layer accepts, shared by the Twilio and REST handlers.
//
//   is_call_sid("CA0123abcd") -> true   is_call_sid("../x") -> false
// Phone numbers are checked with webox::is_e164 (actors/assistant_rules.h): one rule for the
// API, the webhooks and the assistant actors.
//
// A CallSid becomes part of a stream name ("call-<CallSid>") and of a URL path, so only
// letters, digits, '-' and '_' are accepted, 1 to 64 of them (Twilio's are "CA" + 32 hex).
#pragma once

#include <string_view>

#include "actors/assistant_rules.h"

namespace webox::http {

using webox::is_e164;
bool is_call_sid(std::string_view sid);

}  // namespace webox::http
