// Which handler serves a request: path, then method, then Content-Type. Socket-free, so tests
// drive it with plain structs and a fake Engine.
//
//   handle(engine, Request{.method = "GET", .target = "/healthz"}, [](Response r) {
//     // r.status == 200, r.body == {"status":"ok","calls_in_progress":0}
//   });
//   handle(engine, Request{.method = "GET", .target = "/twilio/voice"}, respond);
//   // 405 problem with Allow: POST
//
// Contract: `respond` is called exactly once, maybe before handle() returns (4xx, health),
// maybe later on an engine thread. Checks run in this order, each answering a problem:
//   unknown path -> 404; method not served there -> 405 with Allow;
//   /twilio/* whose Content-Type is not application/x-www-form-urlencoded -> 415;
//   /api/* POST or PATCH whose Content-Type is given and is not JSON (application/json or
//   any +json type) -> 415 (a missing one is accepted: curl users forget it).
// The query string is ignored; path segments are matched as sent (ids and CallSids never need
// escaping). Body size limits are the server's (413 before routing).
#pragma once

#include "actors/engine.h"
#include "http/message.h"

namespace webox::http {

void handle(Engine& engine, Request request, Respond respond);

}  // namespace webox::http
