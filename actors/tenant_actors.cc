#include "actors/tenant_actors.h"

#include <caf/all.hpp>

#include "actors/api_key.h"
#include "actors/messages.h"
#include "actors/tenant_rules.h"
#include "events/plans.h"

namespace webox {
namespace {

Envelope make_event(std::string stream, std::string tenant, EventData data) {
  Envelope e;
  e.stream = std::move(stream);
  e.tenant = std::move(tenant);
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = std::move(data);
  return e;
}

using Registry = caf::event_based_actor;

// Appends one event; on success folds it into the directory, then continues with `next`.
template <class Next>
void commit(Registry* self, caf::actor writer, TenantDirectory* dir, Envelope event,
            std::int64_t expected, std::function<void(Error)> fail, Next next) {
  AppendRequest req{event.stream, expected, {std::move(event)}};
  self->request(writer, caf::infinite, append_atom::value, std::move(req))
      .await([=](AppendOutcome& out) mutable {
        if (!out.result) return fail(std::move(out.result).error());
        const Envelope& stored = out.result->events.front();
        dir->apply(stored);
        next(stored);
      });
}

std::string fresh_tenant_id() { return "t-" + Uuid::random().str().substr(0, 8); }

KeyView key_view(const Envelope& stored, const ApiKeyCreated& k, std::string secret) {
  return KeyView{.id = k.key_id, .tenant_id = k.tenant_id, .role = k.role, .name = k.name,
                 .created_at = stored.recorded_at, .secret = std::move(secret)};
}

void create_key(Registry* self, caf::actor writer, TenantDirectory* dir, const KeyCommand& cmd,
                Callback<KeyView> done) {
  NewKey nk = make_api_key();
  ApiKeyCreated ev{nk.key_id, cmd.tenant_id, cmd.role, cmd.name, nk.sha256};
  auto fail = [done](Error e) { done(std::move(e)); };
  commit(self, writer, dir, make_event(api_key_stream(nk.key_id), cmd.tenant_id, ev), kNoStream,
         fail, [=](const Envelope& stored) { done(key_view(stored, ev, nk.secret)); });
}

caf::behavior tenant_registry(Registry* self, caf::actor writer, TenantDirectory* dir) {
  return {
      [=](create_atom, TenantSpec& spec, Callback<NewTenant>& done) {
        if (auto s = validate_tenant_spec(spec); !s) return done(s.error());
        std::string id = spec.id.empty() ? fresh_tenant_id() : spec.id;
        if (dir->get(id)) return done(Error{Errc::conflict, "tenant " + id + " exists", "id"});
        TenantProfile p{spec.name, spec.time_zone, spec.plan, spec.twilio_account_sid, ""};
        if (!spec.twilio_auth_token.empty())
          p.twilio_auth_token_sealed = seal(dir->master(), spec.twilio_auth_token, tenant_stream(id));
        auto fail = [done](Error e) { done(std::move(e)); };
        commit(self, writer, dir, make_event(tenant_stream(id), id, TenantCreated{id, p}),
               kNoStream, fail, [=](const Envelope&) {
                 create_key(self, writer, dir, KeyCommand{id, "owner", "first owner key"},
                            [=](Result<KeyView> key) {
                              if (!key) return done(std::move(key).error());
                              done(NewTenant{*dir->get(id), std::move(*key)});
                            });
               });
      },
      [=](update_atom, TenantPatch& patch, Callback<TenantView>& done) {
        auto current = dir->get(patch.tenant_id);
        if (!current) return done(Error::make(Errc::not_found, "no tenant " + patch.tenant_id));
        if (auto s = validate_tenant_patch(patch); !s) return done(s.error());
        const std::string& id = patch.tenant_id;
        TenantUpdated ev{id, patch.name, patch.time_zone, patch.plan, patch.twilio_account_sid, {}};
        if (patch.twilio_auth_token)
          ev.twilio_auth_token_sealed =
              patch.twilio_auth_token->empty()
                  ? std::string()
                  : seal(dir->master(), *patch.twilio_auth_token, tenant_stream(id));
        ev.retention_days = patch.retention_days;
        if (!ev.name && !ev.time_zone && !ev.plan && !ev.twilio_account_sid &&
            !ev.twilio_auth_token_sealed && !ev.retention_days)
          return done(*current);  // an empty patch writes nothing
        auto fail = [done](Error e) { done(std::move(e)); };
        commit(self, writer, dir, make_event(tenant_stream(id), id, std::move(ev)),
               std::int64_t(current->version), fail,
               [=](const Envelope&) { done(*dir->get(id)); });
      },
      [=](update_atom, PlanChange& change, Callback<TenantView>& done) {
        auto current = dir->get(change.tenant_id);
        if (!current) return done(Error::make(Errc::not_found, "no tenant " + change.tenant_id));
        if (!find_plan(change.plan))
          return done(Error::invalid("plan", "must be \"starter\", \"pro\" or \"business\""));
        std::string policy = change.overage_policy.value_or(current->overage_policy);
        if (!valid_overage_policy(policy))
          return done(Error::invalid("overage_policy", "must be \"overage\" or \"reject\""));
        if (change.plan == current->plan && policy == current->overage_policy)
          return done(*current);  // nothing changes: nothing to record
        const std::string& id = change.tenant_id;
        auto fail = [done](Error e) { done(std::move(e)); };
        commit(self, writer, dir,
               make_event(tenant_stream(id), id, PlanChanged{id, change.plan, policy}),
               std::int64_t(current->version), fail,
               [=](const Envelope&) { done(*dir->get(id)); });
      },
      [=](create_atom, KeyCommand& cmd, Callback<KeyView>& done) {
        if (!dir->get(cmd.tenant_id))
          return done(Error::make(Errc::not_found, "no tenant " + cmd.tenant_id));
        if (auto s = validate_role(cmd.role); !s) return done(s.error());
        if (auto s = validate_key_name(cmd.name); !s) return done(s.error());
        create_key(self, writer, dir, cmd, std::move(done));
      },
      [=](delete_atom, RevokeCommand& cmd, Callback<KeyView>& done) {
        auto key = dir->key(cmd.key_id);
        if (!key || key->tenant_id != cmd.tenant_id)
          return done(Error::make(Errc::not_found, "no key " + cmd.key_id));
        if (key->revoked_at != 0) return done(*key);  // revoking twice changes nothing
        auto fail = [done](Error e) { done(std::move(e)); };
        commit(self, writer, dir,
               make_event(api_key_stream(key->id), key->tenant_id,
                          ApiKeyRevoked{key->id, key->tenant_id}),
               1, fail, [=](const Envelope&) { done(*dir->key(cmd.key_id)); });
      },
  };
}

}  // namespace

caf::actor spawn_tenant_registry(caf::actor_system& sys, caf::actor log_writer,
                                 TenantDirectory& tenants) {
  return sys.spawn(tenant_registry, std::move(log_writer), &tenants);
}

}  // namespace webox
