#include "http/router.h"

#include <optional>

#include "http/api_routes.h"
#include "http/billing_routes.h"
#include "http/booking_routes.h"
#include "http/call_routes.h"
#include "http/openapi.h"
#include "http/admission.h"
#include "http/auth.h"
#include "http/template_routes.h"
#include "http/tenant_routes.h"
#include "http/problem.h"
#include "http/twilio_routes.h"

namespace webox::http {
namespace {

constexpr std::string_view kAssistants = "/api/v1/assistants";
constexpr std::string_view kTenants = "/api/v1/tenants";
constexpr std::string_view kKeys = "/api/v1/keys";
constexpr std::string_view kCalls = "/api/v1/calls/";
constexpr std::string_view kEvents = "/events";
constexpr std::string_view kCallsCollection = "/api/v1/calls";
constexpr std::string_view kCallers = "/api/v1/callers";
constexpr std::string_view kStats = "/api/v1/stats";
constexpr std::string_view kBilling = "/api/v1/billing";
constexpr std::string_view kBillingPlan = "/api/v1/billing/plan";
constexpr std::string_view kBookings = "/api/v1/bookings";
constexpr std::string_view kCancel = "/cancel";
constexpr std::string_view kTemplates = "/api/v1/templates";

Response not_allowed(const Request& req, std::string_view allow) {
  Response r = problem(405, req.method + " is not served here; use " + std::string(allow));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

bool is_form(const Request& req) {
  const std::string* ct = req.header("Content-Type");
  return ct && iequals(media_type(*ct), "application/x-www-form-urlencoded");
}

bool is_json_or_absent(const Request& req) {
  const std::string* ct = req.header("Content-Type");
  if (!ct) return true;
  auto type = media_type(*ct);
  if (iequals(type, "application/json")) return true;
  return type.size() > 5 && iequals(type.substr(type.size() - 5), "+json");
}

// One path segment: non-empty, no '/'. Anything else is a path we do not serve.
bool is_segment(std::string_view s) { return !s.empty() && s.find('/') == std::string_view::npos; }

void twilio(RouteContext& ctx, const Request& req, Respond& respond,
            void (*handler)(RouteContext&, const Request&, Respond)) {
  if (req.method != "POST") return respond(not_allowed(req, "POST"));
  if (!is_form(req))
    return respond(problem(415, "Twilio webhooks are application/x-www-form-urlencoded"));
  handler(ctx, req, std::move(respond));
}

Response not_json() { return problem(415, "the body must be application/json"); }

// What a method needs: reads are open to viewers, everything else is a write.
Need need_for(const std::string& method) { return method == "GET" ? Need::read : Need::write; }

// Authenticates the API caller; on refusal answers (401/403), counts it and returns nullopt.
std::optional<Access> admit(RouteContext& ctx, const Request& req, Respond& respond, Need need) {
  auto access = authorize(ctx.engine, req, need);
  if (access) {
    // The per-key rate (http/admission.h); the admin key counts as one key of its own.
    const std::string_view key =
        access->who.key_id.empty() ? std::string_view("admin") : access->who.key_id;
    if (req.admission)
      if (auto refused = req.admission->check_api_key(key)) {
        respond(std::move(*refused));
        return std::nullopt;
      }
    return std::move(*access);
  }
  auto& counter = access.error().code == Errc::unauthenticated ? ctx.metrics.api_unauthenticated
                                                                : ctx.metrics.api_forbidden;
  counter.fetch_add(1, std::memory_order_relaxed);
  respond(problem(access.error()));
  return std::nullopt;
}

// "/api/v1/things/{id}": the id when `path` is one segment below `collection`, else empty.
std::string_view item_of(std::string_view path, std::string_view collection) {
  if (!path.starts_with(collection) || path.size() <= collection.size() + 1 ||
      path[collection.size()] != '/')
    return {};
  auto id = path.substr(collection.size() + 1);
  return is_segment(id) ? id : std::string_view();
}

void assistants(RouteContext& ctx, const Access& a, const Request& req, Respond& respond) {
  if (req.method == "GET") return list_assistants(ctx.engine, a.scope, std::move(respond));
  if (req.method != "POST") return respond(not_allowed(req, "GET, POST"));
  if (!is_json_or_absent(req)) return respond(not_json());
  create_assistant(ctx.engine, a.scope, req, std::move(respond));
}

void assistant(RouteContext& ctx, const Access& a, std::string id, const Request& req,
               Respond& respond) {
  const std::string& m = req.method;
  if (m == "GET") return get_assistant(ctx.engine, a.scope, std::move(id), std::move(respond));
  if (m == "DELETE")
    return delete_assistant(ctx.engine, a.scope, std::move(id), std::move(respond));
  if (m != "PATCH") return respond(not_allowed(req, "GET, PATCH, DELETE"));
  if (!is_json_or_absent(req)) return respond(not_json());
  update_assistant(ctx.engine, a.scope, std::move(id), req, std::move(respond));
}

void tenants(RouteContext& ctx, const Access& a, const Request& req, Respond& respond) {
  if (req.method == "GET") return list_tenants(ctx.engine, a, std::move(respond));
  if (req.method != "POST") return respond(not_allowed(req, "GET, POST"));
  if (a.who.role != Role::admin) {
    ctx.metrics.api_forbidden.fetch_add(1, std::memory_order_relaxed);
    return respond(problem(403, "only the engine's admin key creates tenants"));
  }
  if (!is_json_or_absent(req)) return respond(not_json());
  create_tenant(ctx.engine, a, req, std::move(respond));
}

void tenant(RouteContext& ctx, const Access& a, std::string id, const Request& req,
            Respond& respond) {
  if (req.method == "GET") return get_tenant(ctx.engine, a, std::move(id), std::move(respond));
  if (req.method != "PATCH") return respond(not_allowed(req, "GET, PATCH"));
  if (!is_json_or_absent(req)) return respond(not_json());
  update_tenant(ctx.engine, a, std::move(id), req, std::move(respond));
}

void keys(RouteContext& ctx, const Access& a, const Request& req, Respond& respond) {
  if (req.method == "GET") return list_keys(ctx.engine, a, std::move(respond));
  if (req.method != "POST") return respond(not_allowed(req, "GET, POST"));
  if (!is_json_or_absent(req)) return respond(not_json());
  create_key(ctx.engine, a, req, std::move(respond));
}

// Which API resource a path names, and the methods it serves (for 404 before 401: a path we
// do not serve is 404 whoever asks).
enum class Api {
  none, assistants, assistant, tenants, tenant, keys, key, call_events, calls, call, caller, stats,
  billing, billing_plan, bookings, booking, booking_cancel, templates, template_of_trade
};

Api api_of(std::string_view path, std::string_view& id) {
  if (path == kAssistants) return Api::assistants;
  if (!(id = item_of(path, kAssistants)).empty()) return Api::assistant;
  if (path == kTenants) return Api::tenants;
  if (!(id = item_of(path, kTenants)).empty()) return Api::tenant;
  if (path == kKeys) return Api::keys;
  if (!(id = item_of(path, kKeys)).empty()) return Api::key;
  if (path.starts_with(kCalls) && path.ends_with(kEvents) &&
      path.size() > kCalls.size() + kEvents.size()) {
    id = path.substr(kCalls.size(), path.size() - kCalls.size() - kEvents.size());
    if (is_segment(id)) return Api::call_events;
  }
  if (path == kCallsCollection) return Api::calls;
  if (!(id = item_of(path, kCallsCollection)).empty()) return Api::call;
  if (path == kStats) return Api::stats;
  if (path == kBilling) return Api::billing;
  if (path == kBillingPlan) return Api::billing_plan;
  if (!(id = item_of(path, kCallers)).empty()) return Api::caller;
  if (path == kBookings) return Api::bookings;
  if (!(id = item_of(path, kBookings)).empty()) return Api::booking;
  if (path.starts_with(kBookings) && path.ends_with(kCancel) &&
      path.size() > kBookings.size() + 1 + kCancel.size() && path[kBookings.size()] == '/') {
    id = path.substr(kBookings.size() + 1, path.size() - kBookings.size() - 1 - kCancel.size());
    if (is_segment(id)) return Api::booking_cancel;
  }
  if (path == kTemplates) return Api::templates;
  if (!(id = item_of(path, kTemplates)).empty()) return Api::template_of_trade;
  return Api::none;
}

}  // namespace

void handle(RouteContext& ctx, Request req, Respond respond) {
  const std::string_view path = req.path();
  const std::string& m = req.method;

  if (path == "/twilio/voice") return twilio(ctx, req, respond, &twilio_voice);
  if (path == "/twilio/gather") return twilio(ctx, req, respond, &twilio_gather);
  if (path == "/twilio/status") return twilio(ctx, req, respond, &twilio_status);
  if (path == "/twilio/stream-ended") return twilio(ctx, req, respond, &twilio_stream_ended);

  if (path == "/healthz") {
    if (m != "GET") return respond(not_allowed(req, "GET"));
    return healthz(ctx.engine, std::move(respond));
  }
  if (path == "/metrics") {
    if (m != "GET") return respond(not_allowed(req, "GET"));
    std::optional<LimitsSnapshot> limits;
    if (ctx.limits) limits = ctx.limits->snapshot();
    Response r = text_response(200, "text/plain; version=0.0.4",
                               render_metrics(ctx.metrics, ctx.engine, limits ? &*limits : nullptr));
    return respond(std::move(r));
  }

  if (path == "/api/v1/openapi.json") {  // the API's description is public, like /healthz
    if (m != "GET") return respond(not_allowed(req, "GET"));
    return respond(json_response(200, std::string(openapi_document())));
  }
  std::string_view id;
  Api api = api_of(path, id);
  if (api == Api::none) return respond(problem(404, "no route for " + std::string(path)));
  auto access = admit(ctx, req, respond, need_for(m));
  if (!access) return;
  switch (api) {
    case Api::assistants: return assistants(ctx, *access, req, respond);
    case Api::assistant: return assistant(ctx, *access, std::string(id), req, respond);
    case Api::tenants: return tenants(ctx, *access, req, respond);
    case Api::tenant: return tenant(ctx, *access, std::string(id), req, respond);
    case Api::keys: return keys(ctx, *access, req, respond);
    case Api::key:
      if (m != "DELETE") return respond(not_allowed(req, "DELETE"));
      return revoke_key(ctx.engine, *access, std::string(id), std::move(respond));
    case Api::call_events:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return call_events(ctx.engine, access->scope, std::string(id), std::move(respond));
    case Api::calls:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return list_calls(ctx.engine, access->scope, req, std::move(respond));
    case Api::call:
      if (m == "GET") return get_call(ctx.engine, access->scope, std::string(id), std::move(respond));
      if (m != "DELETE") return respond(not_allowed(req, "GET, DELETE"));
      return erase_call(ctx.engine, access->scope, std::string(id), std::move(respond));
    case Api::stats:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return call_stats(ctx.engine, access->scope, req, std::move(respond));
    case Api::billing:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return get_billing(ctx.engine, *access, req, std::move(respond));
    case Api::billing_plan:
      if (m != "PUT") return respond(not_allowed(req, "PUT"));
      if (access->who.role != Role::admin) {
        ctx.metrics.api_forbidden.fetch_add(1, std::memory_order_relaxed);
        return respond(problem(403, "only the engine's admin changes a tenant's plan"));
      }
      if (!is_json_or_absent(req)) return respond(not_json());
      return put_plan(ctx.engine, *access, req, std::move(respond));
    case Api::caller:
      if (m != "DELETE") return respond(not_allowed(req, "DELETE"));
      return erase_caller(ctx.engine, access->scope, std::string(id), std::move(respond));
    case Api::bookings:
      if (m == "GET") return list_bookings(ctx.engine, *access, req, std::move(respond));
      if (m != "POST") return respond(not_allowed(req, "GET, POST"));
      if (!is_json_or_absent(req)) return respond(not_json());
      return create_booking(ctx.engine, *access, req, std::move(respond));
    case Api::booking:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return get_booking(ctx.engine, *access, std::string(id), std::move(respond));
    case Api::booking_cancel:
      if (m != "POST") return respond(not_allowed(req, "POST"));
      return cancel_booking(ctx.engine, *access, std::string(id), std::move(respond));
    case Api::templates:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return list_templates(req, std::move(respond));
    case Api::template_of_trade:
      if (m != "GET") return respond(not_allowed(req, "GET"));
      return get_template(id, req, std::move(respond));
    case Api::none: break;
  }
}

}  // namespace webox::http
