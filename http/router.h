// Which handler serves a request: path, then caller, then method, then Content-Type.
// Socket-free, so tests drive it with plain structs and a fake Engine.
//
//   HttpMetrics metrics;
//   RouteContext ctx{engine, TwilioSecurity{.public_url = "https://voice.example.com"}, metrics};
//   handle(ctx, Request{.method = "GET", .target = "/healthz"}, [](Response r) {
//     // r.status == 200, r.body == {"status":"ok","calls_in_progress":0}
//   });
//   handle(ctx, Request{.method = "GET", .target = "/api/v1/assistants"}, respond);
//   // 401 problem: no Authorization header
//
// Contract: `respond` is called exactly once, maybe before handle() returns (4xx, health),
// maybe later on an engine thread. Checks run in this order, each answering a problem:
//   unknown path -> 404 (whoever asks: a path is not a secret);
//   /api/*: no valid key -> 401; a role that may not use this method -> 403 (http/auth.h);
//   method not served there -> 405 with Allow;
//   /twilio/* whose Content-Type is not application/x-www-form-urlencoded -> 415, then the
//   X-Twilio-Signature check -> 403 (http/twilio_gate.h);
//   /api/* POST or PATCH whose Content-Type is given and is not JSON (application/json or
//   any +json type) -> 415 (a missing one is accepted: curl users forget it).
// /healthz and /metrics are open: they say nothing about any tenant.
// The query string is ignored; path segments are matched as sent (ids and CallSids never need
// escaping). Body size limits are the server's (413 before routing).
#pragma once

#include "http/message.h"
#include "http/route_context.h"

namespace webox::http {

void handle(RouteContext& ctx, Request request, Respond respond);

}  // namespace webox::http
