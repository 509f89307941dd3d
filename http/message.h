// HTTP requests and responses as plain structs, so the router and its handlers can be driven
// without sockets (tests) and without Beast (only http/server.cc converts to and from Beast).
//
//   Request req{.method = "POST", .target = "/twilio/voice",
//               .headers = {{"Content-Type", "application/x-www-form-urlencoded"}},
//               .body = "CallSid=CA01&From=%2B33612345678&To=%2B33123456789"};
//   req.header("content-type")   -> pointer to "application/x-www-form-urlencoded"
//   req.path()                   -> "/twilio/voice" (the target without its query string)
//   Response res = text_response(200, "text/xml", twiml);
//   res.headers.emplace_back("Retry-After", "1");
//
// A Respond is how a handler answers: called exactly once, from any thread (an engine thread
// when the answer comes from the engine), so whoever supplies it must hop back to its own
// executor.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace webox::http {

class Admission;  // http/admission.h

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // origin form, query included: "/api/v1/assistants?x=1"
  Headers headers;     // as sent, in order
  std::string body;
  // Set by the server: where the auth code applies the per-API-key rate limit once it knows
  // the key id (admission->check_api_key(id), http/admission.h). nullptr when a test drives
  // the router without a server.
  Admission* admission = nullptr;

  // The first header named `name`, compared case-insensitively (RFC 9110), or nullptr.
  const std::string* header(std::string_view name) const;
  std::string_view path() const;
};

struct Response {
  int status = 200;
  std::string content_type;  // empty: no Content-Type header (a 204)
  std::string body;
  Headers headers;           // extra ones: Location, Allow, Retry-After
};

using Respond = std::function<void(Response)>;

inline Response text_response(int status, std::string content_type, std::string body) {
  return Response{status, std::move(content_type), std::move(body), {}};
}
inline Response json_response(int status, std::string body) {
  return text_response(status, "application/json", std::move(body));
}

// ASCII case-insensitive equality, for header names and media types.
bool iequals(std::string_view a, std::string_view b);

// The media type of a Content-Type value, without parameters or surrounding blanks:
// "Application/JSON; charset=utf-8" -> "Application/JSON" (compare it with iequals).
std::string_view media_type(std::string_view content_type);

}  // namespace webox::http
