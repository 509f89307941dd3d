#include "http/billing_routes.h"

#include "adapters/twilio/form.h"
#include "http/billing_json.h"
#include "http/problem.h"
#include "http/tenant_json.h"

namespace webox::http {
namespace {

bool needs_tenant(const Access& access, Respond& respond) {
  if (!access.scope.all()) return false;
  respond(problem(400, "name the tenant with the X-Webox-Tenant header", "X-Webox-Tenant"));
  return true;
}

bool valid_month(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6})
    if (m[i] < '0' || m[i] > '9') return false;
  int month = (m[5] - '0') * 10 + (m[6] - '0');
  return month >= 1 && month <= 12;
}

}  // namespace

void put_plan(Engine& engine, const Access& access, const Request& request, Respond respond) {
  // Plans are what the engine's operator sells: a tenant's own keys cannot change theirs.
  if (access.who.role != Role::admin)
    return respond(problem(403, "only the engine's admin changes a tenant's plan"));
  if (needs_tenant(access, respond)) return;
  auto change = parse_plan_change(access.scope.tenant_id, request.body);
  if (!change) return respond(problem(change.error()));
  engine.change_plan(std::move(*change), [respond = std::move(respond)](Result<TenantView> v) {
    if (!v) return respond(problem(v.error()));
    respond(json_response(200, render_tenant(*v)));
  });
}

void get_billing(Engine& engine, const Access& access, const Request& request, Respond respond) {
  if (needs_tenant(access, respond)) return;
  auto q = request.target.find('?');
  auto form = twilio::parse_form(q == std::string::npos ? std::string_view()
                                                        : std::string_view(request.target).substr(q + 1));
  if (!form) return respond(problem(form.error()));
  for (const auto& [k, v] : form->pairs)
    if (k != "month") return respond(problem(400, "unknown query parameter", k));
  if (form->all("month").size() > 1) return respond(problem(400, "given more than once", "month"));
  BillingQuery query{.tenant_id = access.scope.tenant_id, .month = form->value_or("month")};
  if (form->get("month") && !valid_month(query.month))
    return respond(problem(400, "expected a month YYYY-MM", "month"));
  engine.billing(std::move(query), [respond = std::move(respond)](Result<BillingView> v) {
    if (!v) return respond(problem(v.error()));
    respond(json_response(200, render_billing(*v)));
  });
}

}  // namespace webox::http
