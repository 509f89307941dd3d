#include "http/api_routes.h"

#include "http/assistant_json.h"
#include "http/problem.h"

#include <optional>

#include "adapters/brain/local/context.h"
#include "events/codec.h"

namespace webox::http {
namespace {

// The view as JSON with `status` on success, the engine's error as a problem otherwise.
Callback<AssistantView> view_answer(Respond respond, int status = 200) {
  return [respond = std::move(respond), status](Result<AssistantView> view) {
    if (!view) return respond(problem(view.error()));
    respond(json_response(status, render_assistant(*view)));
  };
}

// context_data read as a call will read it, but strictly: a field a call would skip is refused
// while the business can still fix it. 422: the JSON is well-formed, its content is not.
std::optional<Response> context_problem(const std::string& context_data) {
  auto c = brain::parse_context(context_data);
  if (c) return std::nullopt;
  const std::string& f = c.error().field;
  return problem(422, c.error().message,
                 f.empty() || f == "context_data" ? "context_data" : "context_data." + f);
}

// A body refused: 400, except a `mode` that is a string but no mode, which is 422.
Response refusal(const Error& e) {
  if (e.field == "mode" && e.message == kModeRule) return problem(422, e.message, "mode");
  return problem(e);
}

}  // namespace

void create_assistant(Engine& engine, const Scope& scope, const Request& request,
                      Respond respond) {
  auto profile = parse_assistant_profile(request.body);
  if (!profile) return respond(refusal(profile.error()));
  if (!profile->context_data.empty())
    if (auto refused = context_problem(profile->context_data)) return respond(std::move(*refused));
  engine.create_assistant(scope, std::move(profile).value(),
                          [respond = std::move(respond)](Result<AssistantView> view) {
                            if (!view) return respond(problem(view.error()));
                            Response r = json_response(201, render_assistant(*view));
                            r.headers.emplace_back("Location", "/api/v1/assistants/" + view->id);
                            respond(std::move(r));
                          });
}

void list_assistants(Engine& engine, const Scope& scope, Respond respond) {
  engine.list_assistants(scope, [respond = std::move(respond)](Result<std::vector<AssistantView>> list) {
    if (!list) return respond(problem(list.error()));
    respond(json_response(200, render_assistant_list(*list)));
  });
}

void get_assistant(Engine& engine, const Scope& scope, std::string id, Respond respond) {
  engine.get_assistant(scope, std::move(id), view_answer(std::move(respond)));
}

void update_assistant(Engine& engine, const Scope& scope, std::string id, const Request& request,
                      Respond respond) {
  auto patch = parse_assistant_patch(id, request.body);
  if (!patch) return respond(refusal(patch.error()));
  if (patch->context_data)
    if (auto refused = context_problem(*patch->context_data)) return respond(std::move(*refused));
  // An empty patch would still append an event that changes nothing.
  if (is_empty_patch(*patch))
    return get_assistant(engine, scope, std::move(id), std::move(respond));
  engine.update_assistant(scope, std::move(patch).value(), view_answer(std::move(respond)));
}

void delete_assistant(Engine& engine, const Scope& scope, std::string id, Respond respond) {
  engine.delete_assistant(scope, std::move(id), view_answer(std::move(respond)));
}

void call_events(Engine& engine, const Scope& scope, std::string call_sid, Respond respond) {
  engine.call_events(scope, call_sid, [respond = std::move(respond), call_sid](
                                   Result<std::vector<Envelope>> events) {
    if (!events) return respond(problem(events.error()));
    if (events->empty()) return respond(problem(404, "no events for call " + call_sid));
    respond(json_response(200, render_call_events(call_sid, *events)));
  });
}

namespace {

Callback<ErasedCalls> erased_answer(Respond respond) {
  return [respond = std::move(respond)](Result<ErasedCalls> r) {
    if (!r) return respond(problem(r.error()));
    std::string body = "{\"erased\":" + std::to_string(r->call_sids.size()) + ",\"call_sids\":[";
    for (std::size_t i = 0; i < r->call_sids.size(); ++i) {
      if (i) body += ',';
      append_json_string(body, r->call_sids[i]);
    }
    body += "]}";
    respond(json_response(200, std::move(body)));
  };
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// E.164 from a path segment: "%2B33..." or "+33...". Anything else is refused without being
// repeated (a phone number is personal data: it stays out of error messages).
std::optional<std::string> e164_of(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      int hi = hex_digit(raw[i + 1]), lo = hex_digit(raw[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(char(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(raw[i]);
    }
  }
  if (out.size() < 4 || out.size() > 16 || out[0] != '+') return std::nullopt;
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i] < '0' || out[i] > '9') return std::nullopt;
  return out;
}

}  // namespace

void erase_call(Engine& engine, const Scope& scope, std::string call_sid, Respond respond) {
  engine.erase_call(scope, std::move(call_sid), "api", erased_answer(std::move(respond)));
}

void erase_caller(Engine& engine, const Scope& scope, std::string number, Respond respond) {
  auto e164 = e164_of(number);
  if (!e164)
    return respond(problem(Error::invalid("number", "expected an E.164 number, e.g. +33612345678")));
  engine.erase_caller(scope, std::move(*e164), erased_answer(std::move(respond)));
}

void healthz(Engine& engine, Respond respond) {
  std::string body = R"({"status":"ok","calls_in_progress":)" +
                     std::to_string(engine.calls_in_progress());
  // NATS is a copy of the log, not a dependency of calls: its state never changes "status".
  if (auto n = engine.nats_status()) {
    body += R"(,"nats":{"connected":)" + std::string(n->connected ? "true" : "false") +
            R"(,"lag_events":)" + std::to_string(n->lag()) +
            R"(,"checkpoint":)" + std::to_string(n->checkpoint) +
            R"(,"published_total":)" + std::to_string(n->published_total) +
            R"(,"last_error":)";
    append_json_string(body, n->last_error);
    body += "}";
  }
  respond(json_response(200, body + "}"));
}

}  // namespace webox::http
