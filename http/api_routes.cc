#include "http/api_routes.h"

#include "http/assistant_json.h"
#include "http/problem.h"

namespace webox::http {
namespace {

// The view as JSON with `status` on success, the engine's error as a problem otherwise.
Callback<AssistantView> view_answer(Respond respond, int status = 200) {
  return [respond = std::move(respond), status](Result<AssistantView> view) {
    if (!view) return respond(problem(view.error()));
    respond(json_response(status, render_assistant(*view)));
  };
}

}  // namespace

void create_assistant(Engine& engine, const Scope& scope, const Request& request,
                      Respond respond) {
  auto profile = parse_assistant_profile(request.body);
  if (!profile) return respond(problem(profile.error()));
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
  if (!patch) return respond(problem(patch.error()));
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

void healthz(Engine& engine, Respond respond) {
  respond(json_response(200, R"({"status":"ok","calls_in_progress":)" +
                                 std::to_string(engine.calls_in_progress()) + "}"));
}

}  // namespace webox::http
