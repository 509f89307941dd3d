// The tenants and keys API. The router has already authenticated the caller (http/auth.h);
// these handlers apply what each role may do with tenants and keys:
//
//   POST   /api/v1/tenants        admin              201 {"tenant":{...},"owner_key":{...,"key":"wbx_..."}}
//   GET    /api/v1/tenants        admin: every tenant (or the X-Webox-Tenant one); others: their own
//   GET    /api/v1/tenants/{id}   admin, or any key of that tenant
//   PATCH  /api/v1/tenants/{id}   admin; an owner for its own tenant, except `plan` (403)
//   POST   /api/v1/keys           owner, or admin naming the tenant    201 {...,"key":"wbx_..."}
//   GET    /api/v1/keys           owner, or admin naming the tenant    {"keys":[...]} (no secrets)
//   DELETE /api/v1/keys/{id}      owner, or admin naming the tenant    200 the key, revoked
//
// Another tenant's tenant or key is 404. A key's secret is in the answer that created it and
// nowhere else, ever.
#pragma once

#include <string>

#include "actors/engine.h"
#include "http/auth.h"
#include "http/message.h"

namespace webox::http {

void create_tenant(Engine& engine, const Access& access, const Request& request, Respond respond);
void list_tenants(Engine& engine, const Access& access, Respond respond);
void get_tenant(Engine& engine, const Access& access, std::string id, Respond respond);
void update_tenant(Engine& engine, const Access& access, std::string id, const Request& request,
                   Respond respond);
void create_key(Engine& engine, const Access& access, const Request& request, Respond respond);
void list_keys(Engine& engine, const Access& access, Respond respond);
void revoke_key(Engine& engine, const Access& access, std::string id, Respond respond);

}  // namespace webox::http
