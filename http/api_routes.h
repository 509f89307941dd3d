// The REST API: assistants, a call's events, health. JSON in, JSON or problem+json out.
//
//   create_assistant(engine, Scope{"t1"}, Request{.method = "POST", .target = "/api/v1/assistants",
//                    .body = R"({"name":"Chez Marcel","phone_number":"+33123456789"})"}, respond);
//   // engine.create_assistant(profile) -> 201, Location: /api/v1/assistants/<id>, the view
//   call_events(engine, Scope{"t1"}, "CA01", respond);
//   // 200 {"call_sid":"CA01","events":[{"position":1,...,"type":"CallStarted",...}, ...]}
//
// Contract:
// - Bodies are validated (http/assistant_json.h) before the engine is asked, so a 400 never
//   writes an event.
// - context_data given to POST or PATCH must pass brain::parse_context (the local engine's
//   strict reading, adapters/brain/local/context.h): else 422 with a problem naming the field
//   as "context_data.<path>" ("context_data.opening_hours.monday", "context_data.trade"), and
//   nothing is written. Unknown keys are not refused: the calendar and the caller's own tools
//   keep theirs in the same object.
// - PATCH applies only the fields given; an empty patch ({}) writes nothing and answers the
//   current view, as a GET would.
// - DELETE answers 200 with the view as it was just before deletion: the client sees what it
//   removed, and the status is the same as every other success that carries a body.
// - GET of a call with no events is 404: the log cannot tell "no such call" from "nothing yet".
// - Engine errors map as http/problem.h says (invalid 400, not_found 404, conflict 409, ...).
#pragma once

#include <string>

#include "actors/engine.h"
#include "http/message.h"

namespace webox::http {

// `scope` is the caller's (http/auth.h): objects outside it are 404.
void create_assistant(Engine& engine, const Scope& scope, const Request& request,
                      Respond respond);
void list_assistants(Engine& engine, const Scope& scope, Respond respond);
void get_assistant(Engine& engine, const Scope& scope, std::string id, Respond respond);
void update_assistant(Engine& engine, const Scope& scope, std::string id, const Request& request,
                      Respond respond);
void delete_assistant(Engine& engine, const Scope& scope, std::string id, Respond respond);
void call_events(Engine& engine, const Scope& scope, std::string call_sid, Respond respond);
// Crypto-shredding (actors/personal_data.h). Both answer 200
// {"erased":N,"call_sids":[...]}: every call whose personal data is now gone, those erased
// before included (erasing again is harmless and answers the same).
// DELETE /api/v1/calls/{sid}: 404 for a call outside the scope.
void erase_call(Engine& engine, const Scope& scope, std::string call_sid, Respond respond);
// DELETE /api/v1/callers/{number}: `number` as in the path (E.164, "+" or "%2B"); every call
// of that caller within the scope's tenant (admin names it with X-Webox-Tenant, else 400).
void erase_caller(Engine& engine, const Scope& scope, std::string number, Respond respond);
// {"status":"ok","calls_in_progress":N}, and with NATS on:
// ..."nats":{"connected":true,"lag_events":0,"checkpoint":N,"published_total":N,"last_error":""}
void healthz(Engine& engine, Respond respond);

}  // namespace webox::http
