// Shape rules for identifiers the HTTP layer accepts, shared by the Twilio and REST handlers.
//
//   is_e164("+33123456789") -> true     is_e164("0612345678") -> false
//   is_call_sid("CA0123abcd") -> true   is_call_sid("../x") -> false
//
// A CallSid becomes part of a stream name ("call-<CallSid>") and of a URL path, so only
// letters, digits, '-' and '_' are accepted, 1 to 64 of them (Twilio's are "CA" + 32 hex).
#pragma once

#include <string_view>

namespace webox::http {

// '+' then 8 to 15 digits.
bool is_e164(std::string_view phone);
bool is_call_sid(std::string_view sid);

}  // namespace webox::http
