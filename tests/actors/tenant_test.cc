// Tenants and keys through the engine's facade: a real RocksDB log and real actors.
// What is checked: the default tenant at first start, keys that authenticate until revoked,
// tokens sealed at rest (never in the raw files), everything surviving a restart, and calls
// that belong to their tenant (another tenant's webhooks and reads find nothing).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

#include "actors/engine.h"
#include "tests/support/await.h"
#include "tests/support/raw_files.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::raw_bytes;
using webox::testing::TempDir;
using webox::testing::await;

namespace {

constexpr const char* kAdmin = "admin-key-for-the-tests-0123456789";

std::unique_ptr<Engine> start(const TempDir& dir, std::string token = "") {
  auto e = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2,
                                      .admin_key = kAdmin,
                                      .default_twilio_auth_token = std::move(token)});
  REQUIRE(e.ok());
  return std::move(*e);
}

NewTenant make_tenant(Engine& e, std::string id, std::string token) {
  auto r = await<NewTenant>([&](auto cb) {
    e.create_tenant(TenantSpec{.id = std::move(id), .name = "Garage", .time_zone = "Europe/Paris",
                               .plan = "pro", .twilio_auth_token = std::move(token)},
                    cb);
  });
  REQUIRE(r.ok());
  return *r;
}

}  // namespace

TEST_CASE("first start: tenant default and an owner key that works, once") {
  TempDir dir;
  std::string owner_key;
  {
    auto e = start(dir, "configured-token-123");
    auto fs = e->first_start();
    REQUIRE(fs);
    CHECK(fs->tenant_id == "default");
    CHECK(fs->twilio_auth_token == "configured-token-123");
    CHECK_FALSE(fs->generated_auth_token);
    owner_key = fs->owner_key;
    auto who = e->authenticate(owner_key);
    REQUIRE(who.ok());
    CHECK(who->role == Role::owner);
    CHECK(who->tenant_id == "default");
    auto auth = e->twilio_auth_for_number("+33123456789");
    CHECK(auth.error().code == Errc::not_found);  // no assistant answers it yet
  }
  struct stat st {};
  REQUIRE(::stat((dir.path / "master.key").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto e = start(dir);
  CHECK_FALSE(e->first_start());  // printed once, never again
  CHECK(e->authenticate(owner_key).ok());
}

TEST_CASE("keys authenticate until revoked, wrong ones never do") {
  TempDir dir;
  auto e = start(dir);
  auto made = make_tenant(*e, "garage-dupont", "garage-token-123");
  CHECK(made.tenant.id == "garage-dupont");
  CHECK(made.tenant.has_twilio_auth_token);
  auto owner = made.owner_key.secret;
  REQUIRE(e->authenticate(owner).ok());
  CHECK(e->authenticate(kAdmin)->role == Role::admin);

  auto viewer = await<KeyView>([&](auto cb) { e->create_key("garage-dupont", "viewer", "CRM", cb); });
  REQUIRE(viewer.ok());
  CHECK(e->authenticate(viewer->secret)->role == Role::viewer);

  std::string tampered = owner;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  CHECK(e->authenticate(tampered).error().code == Errc::unauthenticated);
  CHECK(e->authenticate("").error().code == Errc::unauthenticated);
  CHECK(e->authenticate("wbx_").error().code == Errc::unauthenticated);

  auto revoked = await<KeyView>([&](auto cb) { e->revoke_key("garage-dupont", viewer->id, cb); });
  REQUIRE(revoked.ok());
  CHECK(revoked->revoked_at != 0);
  CHECK(e->authenticate(viewer->secret).error().code == Errc::unauthenticated);
  // Another tenant cannot revoke it, nor see it.
  CHECK(await<KeyView>([&](auto cb) { e->revoke_key("default", made.owner_key.id, cb); })
            .error()
            .code == Errc::not_found);
  auto keys = await<std::vector<KeyView>>([&](auto cb) { e->list_keys("garage-dupont", cb); });
  REQUIRE(keys.ok());
  CHECK(keys->size() == 2);
  for (auto& k : *keys) CHECK(k.secret.empty());

  // After a restart: the same answers, from the log.
  e.reset();
  e = start(dir);
  CHECK(e->authenticate(owner).ok());
  CHECK(e->authenticate(viewer->secret).error().code == Errc::unauthenticated);
}

TEST_CASE("tenant rules: ids, time zones, plans, duplicates") {
  TempDir dir;
  auto e = start(dir);
  auto bad = [&](TenantSpec s) {
    auto r = await<NewTenant>([&](auto cb) { e->create_tenant(std::move(s), cb); });
    REQUIRE_FALSE(r.ok());
    return r.error();
  };
  CHECK(bad(TenantSpec{.id = "Bad Id", .name = "x"}).field == "id");
  CHECK(bad(TenantSpec{.name = ""}).field == "name");
  CHECK(bad(TenantSpec{.name = "x", .time_zone = "Mars/Olympus"}).field == "time_zone");
  CHECK(bad(TenantSpec{.name = "x", .time_zone = "../../etc/passwd"}).field == "time_zone");
  CHECK(bad(TenantSpec{.name = "x", .plan = "gold"}).field == "plan");
  CHECK(bad(TenantSpec{.name = "x", .twilio_account_sid = "AC12"}).field == "twilio_account_sid");
  auto short_token = bad(TenantSpec{.name = "x", .twilio_auth_token = "abc"});
  CHECK(short_token.field == "twilio_auth_token");
  CHECK(short_token.message.find("abc") == std::string::npos);
  CHECK(bad(TenantSpec{.id = "default", .name = "x"}).code == Errc::conflict);
  auto generated = await<NewTenant>([&](auto cb) { e->create_tenant(TenantSpec{.name = "Hotel"}, cb); });
  REQUIRE(generated.ok());
  CHECK(generated->tenant.id.starts_with("t-"));
}

TEST_CASE("auth tokens are sealed: never in the events, never in the raw files") {
  TempDir dir;
  const std::string token = "sEcReT-tw1l10-t0ken-value";
  {
    auto e = start(dir);
    make_tenant(*e, "clinic", token);
    auto p = webox::testing::restaurant("+33198765432", "fr");
    REQUIRE(await<AssistantView>([&](auto cb) { e->create_assistant(Scope{"clinic"}, p, cb); }).ok());
    auto auth = e->twilio_auth_for_number("+33198765432");
    REQUIRE(auth.ok());
    CHECK(auth->tenant_id == "clinic");
    CHECK(auth->auth_token == token);
    auto updated = await<TenantView>([&](auto cb) {
      e->update_tenant(TenantPatch{.tenant_id = "clinic", .twilio_auth_token = "new-token-4567"}, cb);
    });
    REQUIRE(updated.ok());
    CHECK(e->twilio_auth_for_number("+33198765432")->auth_token == "new-token-4567");
  }
  auto raw = raw_bytes(dir.path / "events");
  CHECK(raw.find(token) == std::string::npos);
  CHECK(raw.find("new-token-4567") == std::string::npos);
  CHECK(raw.find("clinic") != std::string::npos);  // the scan does see the log's contents
  auto e = start(dir);
  CHECK(e->twilio_auth_for_number("+33198765432")->auth_token == "new-token-4567");
}

TEST_CASE("calls belong to their tenant: other tenants' webhooks and reads find nothing") {
  TempDir dir;
  auto e = start(dir, "default-token-123");
  make_tenant(*e, "other", "other-token-123");
  auto p = webox::testing::restaurant("+33123456789", "fr");
  REQUIRE(await<AssistantView>([&](auto cb) { e->create_assistant(Scope{"default"}, p, cb); }).ok());

  auto foreign_voice = await<std::string>([&](auto cb) {
    e->on_incoming_call(VoiceWebhook{.call_sid = "CA1", .from = "+33611111111",
                                     .to = "+33123456789", .request_digest = "d1",
                                     .tenant_id = "other"},
                        cb);
  });
  REQUIRE(foreign_voice.ok());
  CHECK(foreign_voice->find("<Reject") != std::string::npos);  // not answered for "other"

  auto hello = await<std::string>([&](auto cb) {
    e->on_incoming_call(VoiceWebhook{.call_sid = "CA1", .from = "+33611111111",
                                     .to = "+33123456789", .request_digest = "d2",
                                     .tenant_id = "default"},
                        cb);
  });
  REQUIRE(hello.ok());
  auto foreign_gather = await<std::string>([&](auto cb) {
    e->on_gather(GatherWebhook{.call_sid = "CA1", .has_speech = true, .speech_result = "bonjour",
                               .request_digest = "d3", .tenant_id = "other"},
                 cb);
  });
  CHECK(foreign_gather.error().code == Errc::not_found);

  auto mine = await<std::vector<Envelope>>([&](auto cb) { e->call_events(Scope{"default"}, "CA1", cb); });
  REQUIRE(mine.ok());
  CHECK(mine->size() == 3);  // CallStarted, ReplyGenerated, AudioSent: the foreign gather added nothing
  for (auto& ev : *mine) CHECK(ev.tenant == "default");
  auto theirs = await<std::vector<Envelope>>([&](auto cb) { e->call_events(Scope{"other"}, "CA1", cb); });
  CHECK(theirs.error().code == Errc::not_found);
  CHECK(await<std::vector<Envelope>>([&](auto cb) { e->call_events(Scope{}, "CA1", cb); }).ok());
}
