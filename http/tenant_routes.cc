#include "http/tenant_routes.h"

#include "http/problem.h"
#include "http/tenant_json.h"

namespace webox::http {
namespace {

template <class V>
Callback<V> answer(Respond respond, std::string (*render)(const V&), int status = 200) {
  return [respond = std::move(respond), render, status](Result<V> v) {
    if (!v) return respond(problem(v.error()));
    respond(json_response(status, render(*v)));
  };
}

Response not_found_tenant(const std::string& id) { return problem(404, "no tenant " + id); }

// Keys are managed within one tenant: an admin must say which.
bool needs_tenant(const Access& access, Respond& respond) {
  if (!access.scope.all()) return false;
  respond(problem(400, "name the tenant with the X-Webox-Tenant header", "X-Webox-Tenant"));
  return true;
}

bool owner_or_admin(const Access& access, Respond& respond) {
  if (access.who.role != Role::viewer) return true;
  respond(problem(403, "only an owner key may manage keys"));
  return false;
}

}  // namespace

void create_tenant(Engine& engine, const Access&, const Request& request, Respond respond) {
  auto spec = parse_tenant_spec(request.body);
  if (!spec) return respond(problem(spec.error()));
  engine.create_tenant(std::move(*spec), [respond = std::move(respond)](Result<NewTenant> made) {
    if (!made) return respond(problem(made.error()));
    Response r = json_response(201, render_new_tenant(*made));
    r.headers.emplace_back("Location", "/api/v1/tenants/" + made->tenant.id);
    r.headers.emplace_back("Cache-Control", "no-store");
    respond(std::move(r));
  });
}

void list_tenants(Engine& engine, const Access& access, Respond respond) {
  if (access.scope.all())
    return engine.list_tenants(answer<std::vector<TenantView>>(std::move(respond),
                                                               &render_tenant_list));
  engine.get_tenant(access.scope.tenant_id,
                    [respond = std::move(respond)](Result<TenantView> v) {
                      std::vector<TenantView> list;
                      if (v) list.push_back(std::move(*v));
                      respond(json_response(200, render_tenant_list(list)));
                    });
}

void get_tenant(Engine& engine, const Access& access, std::string id, Respond respond) {
  if (!access.scope.covers(id)) return respond(not_found_tenant(id));
  engine.get_tenant(std::move(id), answer<TenantView>(std::move(respond), &render_tenant));
}

void update_tenant(Engine& engine, const Access& access, std::string id, const Request& request,
                   Respond respond) {
  if (!access.scope.covers(id)) return respond(not_found_tenant(id));
  if (access.who.role == Role::viewer) return respond(problem(403, "a viewer key may only read"));
  auto patch = parse_tenant_patch(id, request.body);
  if (!patch) return respond(problem(patch.error()));
  if (patch->plan && access.who.role != Role::admin)
    return respond(problem(403, "only the engine's admin changes a tenant's plan", "plan"));
  engine.update_tenant(std::move(*patch), answer<TenantView>(std::move(respond), &render_tenant));
}

void create_key(Engine& engine, const Access& access, const Request& request, Respond respond) {
  if (!owner_or_admin(access, respond) || needs_tenant(access, respond)) return;
  auto req = parse_key_request(request.body);
  if (!req) return respond(problem(req.error()));
  engine.create_key(access.scope.tenant_id, std::move(req->role), std::move(req->name),
                    [respond = std::move(respond)](Result<KeyView> key) {
                      if (!key) return respond(problem(key.error()));
                      Response r = json_response(201, render_key(*key));
                      r.headers.emplace_back("Location", "/api/v1/keys/" + key->id);
                      // The secret is in this body only: no cache may keep it.
                      r.headers.emplace_back("Cache-Control", "no-store");
                      respond(std::move(r));
                    });
}

void list_keys(Engine& engine, const Access& access, Respond respond) {
  if (!owner_or_admin(access, respond) || needs_tenant(access, respond)) return;
  engine.list_keys(access.scope.tenant_id,
                   answer<std::vector<KeyView>>(std::move(respond), &render_key_list));
}

void revoke_key(Engine& engine, const Access& access, std::string id, Respond respond) {
  if (!owner_or_admin(access, respond) || needs_tenant(access, respond)) return;
  engine.revoke_key(access.scope.tenant_id, std::move(id),
                    answer<KeyView>(std::move(respond), &render_key));
}

}  // namespace webox::http
