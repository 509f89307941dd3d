// Who is calling the REST API, what they may do, and on which tenant.
//
//   auto access = authorize(engine, request, Need::write);
//   if (!access) return respond(problem(access.error()));   // 401 or 403
//   engine.create_assistant(access->scope, profile, ...);
//
// Rules, in the order they are checked:
// - `Authorization: Bearer KEY` is required; a missing, malformed, unknown or revoked key is
//   401 (with WWW-Authenticate), and the answer never repeats the key.
// - Roles: admin (the configured admin key) may do anything on any tenant; owner may do
//   anything within its tenant; viewer may only read (Need::read). Need::admin is admin only.
//   A role that is not enough is 403.
// - Scope: a tenant key acts on its own tenant. Admin acts on the tenant named by the
//   `X-Webox-Tenant` header, or on every tenant without it (reads list everything; commands
//   that create something then need the header, the engine says so with a 400). A tenant key
//   that names another tenant in X-Webox-Tenant is 403: it asked for what it cannot have.
//   Objects of other tenants are not found (404) by the engine, never 403, so ids cannot be
//   probed.
#pragma once

#include "actors/engine.h"
#include "events/result.h"
#include "http/message.h"

namespace webox::http {

enum class Need { read, write, admin };

struct Access {
  Principal who;
  Scope scope;
};

[[nodiscard]] Result<Access> authorize(const Engine& engine, const Request& request, Need need);

}  // namespace webox::http
