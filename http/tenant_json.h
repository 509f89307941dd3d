// JSON bodies of the tenants and keys API.
//
//   parse_tenant_spec(R"({"name":"Bistro","time_zone":"Europe/Paris","plan":"pro",
//                         "twilio_auth_token":"..."})")         -> TenantSpec
//   parse_tenant_patch("t1", R"({"plan":"business"})")           -> TenantPatch{.plan = "business"}
//   parse_key_request(R"({"role":"viewer","name":"CRM"})")       -> KeyRequest
//   render_tenant(view)   -> {"id":"t1","name":"Bistro",...,"has_twilio_auth_token":true,...}
//   render_key(view)      -> {"id":"3f2a...","tenant_id":"t1","role":"viewer","name":"CRM",
//                             "created_at":"...","revoked_at":null}   (+ "key" when just made)
//
// Bodies are one JSON object of string fields; unknown fields, fields given twice and
// non-strings are refused naming the field (the engine checks the values' rules). Rendering
// never writes a Twilio auth token: only whether there is one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/engine.h"
#include "events/result.h"

namespace webox::http {

struct KeyRequest {
  std::string role, name;
};

Result<TenantSpec> parse_tenant_spec(std::string_view json);
Result<TenantPatch> parse_tenant_patch(std::string tenant_id, std::string_view json);
Result<KeyRequest> parse_key_request(std::string_view json);

std::string render_tenant(const TenantView& view);
std::string render_tenant_list(const std::vector<TenantView>& views);  // {"tenants":[...]}
std::string render_new_tenant(const NewTenant& made);  // {"tenant":{...},"owner_key":{...}}
std::string render_key(const KeyView& view);
std::string render_key_list(const std::vector<KeyView>& views);  // {"keys":[...]}

}  // namespace webox::http
