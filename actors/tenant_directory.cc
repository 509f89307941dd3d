#include "actors/tenant_directory.h"

#include <algorithm>

#include "actors/api_key.h"

namespace webox {
namespace {

void set_token(const SecretKey& master, TenantDirectory::Tenant& t, const std::string& sealed) {
  t.auth_token.clear();
  if (!sealed.empty())
    if (auto token = unseal(master, sealed, tenant_stream(t.view.id))) t.auth_token = *token;
  t.view.has_twilio_auth_token = !t.auth_token.empty();
}

Error unauthenticated() {
  // One message for every failure: which part of a key was wrong is not the caller's business.
  return Error::make(Errc::unauthenticated, "missing, unknown or revoked API key");
}

template <class V>
void sort_by_creation(std::vector<V>& v) {
  std::sort(v.begin(), v.end(), [](const V& a, const V& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
}

}  // namespace

TenantDirectory::TenantDirectory(SecretKey master, const std::string& admin_key)
    : master_(master), admin_sha256_(admin_key.empty() ? "" : key_hash(admin_key)) {
  snap_.store(std::make_shared<const Snapshot>());
}

std::optional<TenantView> TenantDirectory::get(const std::string& id) const {
  auto s = snapshot();
  auto it = s->tenants.find(id);
  if (it == s->tenants.end()) return std::nullopt;
  return it->second.view;
}

std::vector<TenantView> TenantDirectory::list() const {
  auto s = snapshot();
  std::vector<TenantView> out;
  for (auto& [id, t] : s->tenants) out.push_back(t.view);
  sort_by_creation(out);
  return out;
}

std::optional<std::string> TenantDirectory::auth_token(const std::string& tenant_id) const {
  auto s = snapshot();
  auto it = s->tenants.find(tenant_id);
  if (it == s->tenants.end() || it->second.auth_token.empty()) return std::nullopt;
  return it->second.auth_token;
}

std::optional<KeyView> TenantDirectory::key(const std::string& key_id) const {
  auto s = snapshot();
  auto it = s->keys.find(key_id);
  if (it == s->keys.end()) return std::nullopt;
  return it->second.view;
}

std::vector<KeyView> TenantDirectory::keys_of(const std::string& tenant_id) const {
  auto s = snapshot();
  std::vector<KeyView> out;
  for (auto& [id, k] : s->keys)
    if (k.view.tenant_id == tenant_id) out.push_back(k.view);
  sort_by_creation(out);
  return out;
}

Result<Principal> TenantDirectory::authenticate(std::string_view bearer) const {
  if (bearer.empty()) return unauthenticated();
  if (auto id = key_id_of(bearer)) {
    auto s = snapshot();
    auto it = s->keys.find(*id);
    if (it == s->keys.end() || it->second.view.revoked_at != 0 ||
        !secret_matches(bearer, it->second.sha256) ||
        !s->tenants.count(it->second.view.tenant_id))
      return unauthenticated();
    const KeyView& k = it->second.view;
    return Principal{k.role == "owner" ? Role::owner : Role::viewer, k.tenant_id, k.id};
  }
  if (!admin_sha256_.empty() && secret_matches(bearer, admin_sha256_))
    return Principal{Role::admin, "", ""};
  return unauthenticated();
}

bool TenantDirectory::concerns(const Envelope& e) {
  return std::holds_alternative<TenantCreated>(e.data) ||
         std::holds_alternative<TenantUpdated>(e.data) ||
         std::holds_alternative<PlanChanged>(e.data) ||
         std::holds_alternative<ApiKeyCreated>(e.data) ||
         std::holds_alternative<ApiKeyRevoked>(e.data);
}

void TenantDirectory::fold(Snapshot& into, const Envelope& e) const {
  if (auto* c = std::get_if<TenantCreated>(&e.data)) {
    auto& t = into.tenants[c->tenant_id];
    t.view = TenantView{.id = c->tenant_id, .name = c->profile.name,
                        .time_zone = c->profile.time_zone, .plan = c->profile.plan,
                        .twilio_account_sid = c->profile.twilio_account_sid,
                        .created_at = e.recorded_at, .updated_at = e.recorded_at,
                        .version = e.version};
    set_token(master_, t, c->profile.twilio_auth_token_sealed);
  } else if (auto* u = std::get_if<TenantUpdated>(&e.data)) {
    auto it = into.tenants.find(u->tenant_id);
    if (it == into.tenants.end()) return;
    auto& t = it->second;
    if (u->name) t.view.name = *u->name;
    if (u->time_zone) t.view.time_zone = *u->time_zone;
    if (u->plan) t.view.plan = *u->plan;
    if (u->twilio_account_sid) t.view.twilio_account_sid = *u->twilio_account_sid;
    if (u->twilio_auth_token_sealed) set_token(master_, t, *u->twilio_auth_token_sealed);
    if (u->retention_days) t.view.retention_days = *u->retention_days;
    t.view.updated_at = e.recorded_at;
    t.view.version = e.version;
  } else if (auto* p = std::get_if<PlanChanged>(&e.data)) {
    auto it = into.tenants.find(p->tenant_id);
    if (it == into.tenants.end()) return;
    it->second.view.plan = p->plan;
    it->second.view.overage_policy = p->overage_policy;
    it->second.view.updated_at = e.recorded_at;
    it->second.view.version = e.version;
  } else if (auto* k = std::get_if<ApiKeyCreated>(&e.data)) {
    into.keys[k->key_id] = Key{KeyView{.id = k->key_id, .tenant_id = k->tenant_id,
                                       .role = k->role, .name = k->name,
                                       .created_at = e.recorded_at},
                               k->secret_sha256};
  } else if (auto* r = std::get_if<ApiKeyRevoked>(&e.data)) {
    auto it = into.keys.find(r->key_id);
    if (it != into.keys.end()) it->second.view.revoked_at = e.recorded_at;
  }
}

void TenantDirectory::apply(const Envelope& e) {
  if (!concerns(e)) return;
  auto next = std::make_shared<Snapshot>(*snapshot());
  fold(*next, e);
  snap_.store(std::move(next));
}

}  // namespace webox
