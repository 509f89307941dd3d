// Tenant and API-key commands: one registry actor that validates them, writes their events and
// folds them into the TenantDirectory before answering.
//
// KeyCommand and RevokeCommand are in actors/messages.h.
//
//   caf::actor reg = spawn_tenant_registry(sys, log_writer, tenants);
//   caf::anon_send(reg, create_atom::value, TenantSpec{.name = "Bistro"}, Callback<NewTenant>{...});
//   caf::anon_send(reg, update_atom::value, TenantPatch{.tenant_id = "t1", .plan = "pro"}, cb);
//   caf::anon_send(reg, create_atom::value, KeyCommand{"t1", "viewer", "CRM"}, Callback<KeyView>{...});
//   caf::anon_send(reg, delete_atom::value, RevokeCommand{"t1", key_id}, Callback<KeyView>{...});
//
// One actor for all tenants: these commands are rare (an admin creating a tenant, an owner
// making a key), and serialising them makes "tenant id already taken" a plain map lookup.
// Events: TenantCreated then ApiKeyCreated (the first owner key) for a new tenant, in two
// appends; a crash between them leaves a tenant the admin can give a key to.
// The Twilio auth token is sealed with the master key, bound to the tenant's stream, before it
// is written; answers carry views, never the token.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/tenant_directory.h"

namespace webox {

caf::actor spawn_tenant_registry(caf::actor_system& sys, caf::actor log_writer,
                                 TenantDirectory& tenants);

}  // namespace webox
