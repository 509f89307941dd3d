// The read-model API: the call list, one call, statistics.
//
//   GET /api/v1/calls?assistant_id=a-1&status=completed&outcome=booking_made&day=2026-11-25
//                    &caller=%2B33612345678&limit=20&cursor=...
//     200 {"calls":[...newest first...],"next_cursor":"..."|null}
//   GET /api/v1/calls/CA01
//     200 {"call_sid":"CA01",...,"transcript":[...],"bookings":[...]}   404 outside the scope
//   GET /api/v1/stats                      today, last 7 and last 30 days (tenant's zone)
//   GET /api/v1/stats?from=2026-11-01&to=2026-11-25&assistant_id=a-1   one range, by day
//
// Every answer reflects every command acknowledged before the request (actors/engine.h).
// Bad parameters are 400 with a problem naming the parameter; unknown parameters are refused
// too (a typo in a filter must not silently return everything).
#pragma once

#include <string>

#include "actors/engine.h"
#include "http/message.h"

namespace webox::http {

void list_calls(Engine& engine, const Scope& scope, const Request& request, Respond respond);
void get_call(Engine& engine, const Scope& scope, std::string call_sid, Respond respond);
void call_stats(Engine& engine, const Scope& scope, const Request& request, Respond respond);

}  // namespace webox::http
