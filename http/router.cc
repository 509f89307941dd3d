#include "http/router.h"

#include "http/api_routes.h"
#include "http/problem.h"
#include "http/twilio_routes.h"

namespace webox::http {
namespace {

constexpr std::string_view kAssistants = "/api/v1/assistants";
constexpr std::string_view kCalls = "/api/v1/calls/";
constexpr std::string_view kEvents = "/events";

Response not_allowed(const Request& req, std::string_view allow) {
  Response r = problem(405, req.method + " is not served here; use " + std::string(allow));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

bool is_form(const Request& req) {
  const std::string* ct = req.header("Content-Type");
  return ct && iequals(media_type(*ct), "application/x-www-form-urlencoded");
}

bool is_json_or_absent(const Request& req) {
  const std::string* ct = req.header("Content-Type");
  if (!ct) return true;
  auto type = media_type(*ct);
  if (iequals(type, "application/json")) return true;
  return type.size() > 5 && iequals(type.substr(type.size() - 5), "+json");
}

// One path segment: non-empty, no '/'. Anything else is a path we do not serve.
bool is_segment(std::string_view s) { return !s.empty() && s.find('/') == std::string_view::npos; }

void twilio(Engine& engine, const Request& req, Respond& respond,
            void (*handler)(Engine&, const Request&, Respond)) {
  if (req.method != "POST") return respond(not_allowed(req, "POST"));
  if (!is_form(req))
    return respond(problem(415, "Twilio webhooks are application/x-www-form-urlencoded"));
  handler(engine, req, std::move(respond));
}

Response not_json() { return problem(415, "the body must be application/json"); }

}  // namespace

void handle(Engine& engine, Request req, Respond respond) {
  const std::string_view path = req.path();
  const std::string& m = req.method;

  if (path == "/twilio/voice") return twilio(engine, req, respond, &twilio_voice);
  if (path == "/twilio/gather") return twilio(engine, req, respond, &twilio_gather);
  if (path == "/twilio/status") return twilio(engine, req, respond, &twilio_status);

  if (path == "/healthz") {
    if (m != "GET") return respond(not_allowed(req, "GET"));
    return healthz(engine, std::move(respond));
  }

  if (path == kAssistants) {
    if (m == "GET") return list_assistants(engine, std::move(respond));
    if (m != "POST") return respond(not_allowed(req, "GET, POST"));
    if (!is_json_or_absent(req)) return respond(not_json());
    return create_assistant(engine, req, std::move(respond));
  }

  if (path.starts_with(kAssistants) && path.size() > kAssistants.size() &&
      path[kAssistants.size()] == '/' && is_segment(path.substr(kAssistants.size() + 1))) {
    std::string id(path.substr(kAssistants.size() + 1));
    if (m == "GET") return get_assistant(engine, std::move(id), std::move(respond));
    if (m == "DELETE") return delete_assistant(engine, std::move(id), std::move(respond));
    if (m != "PATCH") return respond(not_allowed(req, "GET, PATCH, DELETE"));
    if (!is_json_or_absent(req)) return respond(not_json());
    return update_assistant(engine, std::move(id), req, std::move(respond));
  }

  if (path.starts_with(kCalls) && path.ends_with(kEvents) &&
      path.size() > kCalls.size() + kEvents.size()) {
    auto sid = path.substr(kCalls.size(), path.size() - kCalls.size() - kEvents.size());
    if (is_segment(sid)) {
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return call_events(engine, std::string(sid), std::move(respond));
    }
  }

  respond(problem(404, "no route for " + std::string(path)));
}

}  // namespace webox::http
