#include "http/tenant_json.h"

#include <simdjson.h>

#include <map>
#include <optional>

#include "events/clock.h"
#include "events/codec.h"
#include "http/json_body.h"
#include "http/json_members.h"

namespace webox::http {
namespace {

namespace dom = simdjson::dom;

using Fields = std::map<std::string, std::string, std::less<>>;

// A JSON object whose members are all strings named in `allowed`.
// `integers`: the allowed keys whose value is a JSON integer instead (kept as its decimal text).
Result<Fields> string_fields(std::string_view json, std::initializer_list<std::string_view> allowed,
                             std::initializer_list<std::string_view> integers = {}) {
  auto object = parse_json_object(json);
  if (!object) return std::move(object).error();
  Fields out;
  for (auto [key, value] : *object) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    bool integer = false;
    for (auto a : integers) integer = integer || a == key;
    if (!known && !integer) return Error::invalid(std::string(key), "unknown field");
    if (integer) {
      std::int64_t n = 0;
      if (value.get(n)) return Error::invalid(std::string(key), "must be an integer");
      if (!out.emplace(std::string(key), std::to_string(n)).second)
        return Error::invalid(std::string(key), "given more than once");
      continue;
    }
    std::string_view s;
    if (value.get(s)) return Error::invalid(std::string(key), "must be a string");
    if (!out.emplace(std::string(key), std::string(s)).second)
      return Error::invalid(std::string(key), "given more than once");
  }
  return out;
}

std::optional<std::string> take(Fields& f, std::string_view key) {
  auto it = f.find(key);
  if (it == f.end()) return std::nullopt;
  return std::move(it->second);
}


void append_tenant(std::string& out, const TenantView& v) {
  out += '{';
  json_str(out, "id", v.id);
  json_str(out, "name", v.name);
  json_str(out, "time_zone", v.time_zone);
  json_str(out, "plan", v.plan);
  json_str(out, "overage_policy", v.overage_policy);
  json_str(out, "twilio_account_sid", v.twilio_account_sid);
  out += "\"retention_days\":" + std::to_string(v.retention_days) + ",";
  out += "\"has_twilio_auth_token\":";
  out += v.has_twilio_auth_token ? "true," : "false,";
  json_str(out, "created_at", format_utc(v.created_at));
  json_str(out, "updated_at", format_utc(v.updated_at));
  out += "\"version\":" + std::to_string(v.version) + "}";
}

void append_key(std::string& out, const KeyView& v) {
  out += '{';
  json_str(out, "id", v.id);
  if (!v.secret.empty()) json_str(out, "key", v.secret);
  json_str(out, "tenant_id", v.tenant_id);
  json_str(out, "role", v.role);
  json_str(out, "name", v.name);
  json_str(out, "created_at", format_utc(v.created_at));
  out += "\"revoked_at\":";
  if (v.revoked_at == 0) {
    out += "null";
  } else {
    append_json_string(out, format_utc(v.revoked_at));
  }
  out += '}';
}

template <class V, class F>
std::string render_list(std::string_view name, const std::vector<V>& views, F append) {
  std::string out = "{\"" + std::string(name) + "\":[";
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (i) out += ',';
    append(out, views[i]);
  }
  return out + "]}";
}

}  // namespace

Result<TenantSpec> parse_tenant_spec(std::string_view json) {
  auto f = string_fields(json, {"id", "name", "time_zone", "plan", "twilio_account_sid",
                                "twilio_auth_token"});
  if (!f) return std::move(f).error();
  TenantSpec s;
  auto name = take(*f, "name");
  if (!name) return Error::invalid("name", "is required");
  s.name = std::move(*name);
  if (auto v = take(*f, "id")) s.id = std::move(*v);
  if (auto v = take(*f, "time_zone")) s.time_zone = std::move(*v);
  if (auto v = take(*f, "plan")) s.plan = std::move(*v);
  if (auto v = take(*f, "twilio_account_sid")) s.twilio_account_sid = std::move(*v);
  if (auto v = take(*f, "twilio_auth_token")) s.twilio_auth_token = std::move(*v);
  return s;
}

Result<TenantPatch> parse_tenant_patch(std::string tenant_id, std::string_view json) {
  auto f = string_fields(json, {"name", "time_zone", "plan", "twilio_account_sid",
                                "twilio_auth_token"}, {"retention_days"});
  if (!f) return std::move(f).error();
  TenantPatch p;
  p.tenant_id = std::move(tenant_id);
  p.name = take(*f, "name");
  p.time_zone = take(*f, "time_zone");
  p.plan = take(*f, "plan");
  p.twilio_account_sid = take(*f, "twilio_account_sid");
  p.twilio_auth_token = take(*f, "twilio_auth_token");
  if (auto days = take(*f, "retention_days")) {
    long long n = std::stoll(*days);  // an integer: string_fields checked it
    if (n < 0 || n > 36500) return Error::invalid("retention_days", "must be 0 (keep forever) to 36500");
    p.retention_days = std::int32_t(n);
  }
  return p;
}

Result<KeyRequest> parse_key_request(std::string_view json) {
  auto f = string_fields(json, {"role", "name"});
  if (!f) return std::move(f).error();
  auto role = take(*f, "role");
  if (!role) return Error::invalid("role", "is required (\"owner\" or \"viewer\")");
  return KeyRequest{std::move(*role), take(*f, "name").value_or("")};
}

std::string render_tenant(const TenantView& view) {
  std::string out;
  append_tenant(out, view);
  return out;
}

std::string render_tenant_list(const std::vector<TenantView>& views) {
  return render_list("tenants", views, append_tenant);
}

std::string render_new_tenant(const NewTenant& made) {
  std::string out = "{\"tenant\":";
  append_tenant(out, made.tenant);
  out += ",\"owner_key\":";
  append_key(out, made.owner_key);
  return out + "}";
}

std::string render_key(const KeyView& view) {
  std::string out;
  append_key(out, view);
  return out;
}

std::string render_key_list(const std::vector<KeyView>& views) {
  return render_list("keys", views, append_key);
}

}  // namespace webox::http
