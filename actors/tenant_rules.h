// What makes a tenant and an API key valid, checked before any event is written.
//
//   validate_tenant_spec(TenantSpec{.id = "bistro-lyon", .name = "Bistro", .plan = "pro"})  -> {}
//   validate_tenant_spec(TenantSpec{.name = "x", .time_zone = "Mars/Olympus"})
//       -> Error::invalid("time_zone", "unknown time zone \"Mars/Olympus\" ...")
//   validate_role("admin") -> Error::invalid("role", "must be \"owner\" or \"viewer\"")
//
// Tenant ids are slugs (they become NATS subjects and URL segments): 1..40 of [a-z0-9-], not
// starting or ending with '-'. Time zones are IANA names known to this machine's tzdata.
// Twilio credentials: an account SID is "AC" + 32 hex digits; an auth token is 8..128 visible
// ASCII characters (Twilio's are 32 hex digits; test accounts and the official vectors differ).
#pragma once

#include <string_view>

#include "actors/engine.h"
#include "events/result.h"

namespace webox {

inline constexpr std::string_view kPlans[] = {"starter", "pro", "business"};

Status validate_tenant_id(std::string_view id);
Status validate_tenant_spec(const TenantSpec& spec);
Status validate_tenant_patch(const TenantPatch& patch);
Status validate_role(std::string_view role);
Status validate_key_name(std::string_view name);

}  // namespace webox
