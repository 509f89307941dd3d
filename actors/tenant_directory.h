// Every tenant and API key as of the last committed event, shared by the actors and the HTTP
// threads; the same copy-on-write snapshot scheme as AssistantDirectory.
//
//   TenantDirectory dir(master_key, /*admin_key=*/"s3cret-admin-key-...");
//   dir.apply(envelope);                        // Tenant* and ApiKey* events
//   dir.authenticate("wbx_3f2a..._9c1d...")     // Result<Principal>{owner, "bistro-lyon", key id}
//   dir.authenticate("s3cret-admin-key-...")    // Result<Principal>{admin}
//   dir.auth_token("bistro-lyon")               // the Twilio auth token, unsealed, or nullopt
//
// Secrets: tokens are unsealed with the master key when folded and live only here, in memory;
// views (TenantView, KeyView) never carry them. A token that does not unseal (another master
// key) leaves the tenant without one: its webhooks are refused, nothing else breaks.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/engine.h"
#include "events/envelope.h"
#include "storage/sealed_box.h"

namespace webox {

class TenantDirectory {
 public:
  struct Tenant {
    TenantView view;
    std::string auth_token;  // unsealed; empty when none
  };
  struct Key {
    KeyView view;
    std::string sha256;
  };
  struct Snapshot {
    std::unordered_map<std::string, Tenant> tenants;
    std::unordered_map<std::string, Key> keys;
  };

  TenantDirectory(SecretKey master, const std::string& admin_key);

  // -- observers --
  std::shared_ptr<const Snapshot> snapshot() const { return snap_.load(); }
  std::optional<TenantView> get(const std::string& id) const;
  std::vector<TenantView> list() const;  // oldest first
  std::optional<std::string> auth_token(const std::string& tenant_id) const;
  std::optional<KeyView> key(const std::string& key_id) const;
  std::vector<KeyView> keys_of(const std::string& tenant_id) const;  // oldest first
  Result<Principal> authenticate(std::string_view bearer) const;
  const SecretKey& master() const { return master_; }

  // -- modifiers --
  static bool concerns(const Envelope& e);  // Tenant*, PlanChanged and ApiKey* events
  void apply(const Envelope& e);
  void fold(Snapshot& into, const Envelope& e) const;  // for a startup load built aside
  void publish(std::shared_ptr<const Snapshot> s) { snap_.store(std::move(s)); }

 private:
  SecretKey master_;
  std::string admin_sha256_;  // empty: no admin key configured
  std::atomic<std::shared_ptr<const Snapshot>> snap_;
};

}  // namespace webox
