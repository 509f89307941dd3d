// The billing API. The router has already authenticated the caller (http/auth.h); these
// handlers apply who may do what:
//
//   PUT /api/v1/billing/plan   admin only, naming the tenant with X-Webox-Tenant
//       {"plan":"pro","overage_policy":"reject"}     -> 200 the tenant (engine.change_plan)
//       owner or viewer: 403; admin without X-Webox-Tenant: 400; bad body: 400 naming the field
//   GET /api/v1/billing[?month=YYYY-MM]   owner and viewer of the tenant; admin naming it
//       -> 200 the month's billing (http/billing_json.h); the current month in the tenant's
//          zone by default; read-your-writes like every read model answer
//
// A key only ever sees its own tenant's billing: the tenant is the key's, never a parameter.
#pragma once

#include "actors/engine.h"
#include "http/auth.h"
#include "http/message.h"

namespace webox::http {

void put_plan(Engine& engine, const Access& access, const Request& request, Respond respond);
void get_billing(Engine& engine, const Access& access, const Request& request, Respond respond);

}  // namespace webox::http
