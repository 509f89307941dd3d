// RFC 9457 problem details, the body of every error this server answers.
//
//   Response r = problem(400, "CallSid is required", "CallSid");
//   // 400, Content-Type: application/problem+json,
//   // {"type":"about:blank","title":"Bad Request","status":400,
//   //  "detail":"CallSid is required","field":"CallSid"}
//   Response e = problem(Error::make(Errc::unavailable, "shutting down"));
//   // 503 with Retry-After: 1, so Twilio and API clients try again shortly
//
// The type is always "about:blank": the status and `field` already say what went wrong, and
// RFC 9457 then asks for the status's reason phrase as the title, which keeps titles stable.
// "field" is written only when known.
#pragma once

#include <string_view>

#include "events/result.h"
#include "http/message.h"

namespace webox::http {

// Errc -> status: invalid_argument 400, not_found 404, conflict 409, unavailable 503, else 500.
int http_status(Errc code);
// The status line's text for every status this server sends ("Not Found").
std::string_view reason_phrase(int status);

Response problem(int status, std::string_view detail, std::string_view field = {});
Response problem(const Error& error);

}  // namespace webox::http
