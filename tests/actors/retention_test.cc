// Retention: a tenant's retention_days, set by a patch, makes the sweep erase its calls older
// than that (reason "retention"), leaves younger calls and other tenants alone, and the setting
// survives a restart. A "day" is shortened to milliseconds through EngineOptions::retention_day.
#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "actors/engine.h"
#include "tests/support/await.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::await;
using webox::testing::TempDir;

namespace {

// Long enough that "CAyoung", made and swept right after the sleep, stays younger than a day
// on a loaded machine under sanitizers (200 ms was not: it failed there).
constexpr Micros kDay = 1'000'000;  // 1 s

std::unique_ptr<Engine> start(const TempDir& dir, Micros sweep_interval = 0) {
  auto e = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2,
                                      .create_default_tenant = true,
                                      .retention_sweep_interval = sweep_interval,
                                      .retention_day = kDay});
  REQUIRE(e.ok());
  return std::move(*e);
}

void make_call(Engine& e, const std::string& sid, const std::string& to) {
  auto hello = await<std::string>([&](auto cb) {
    e.on_incoming_call(VoiceWebhook{.call_sid = sid, .from = "+33611111111", .to = to,
                                    .request_digest = sid + "-voice"},
                       cb);
  });
  REQUIRE(hello.ok());
  auto end = await<std::string>([&](auto cb) {
    e.on_status(StatusWebhook{.call_sid = sid, .call_status = "completed", .call_duration = 12,
                              .request_digest = sid + "-end"},
                cb);
  });
  REQUIRE(end.ok());
}

std::string from_of(Engine& e, const std::string& tenant, const std::string& sid) {
  auto events = await<std::vector<Envelope>>([&](auto cb) { e.call_events(Scope{tenant}, sid, cb); });
  REQUIRE(events.ok());
  return std::get<CallStarted>(events->front().data).from;
}

std::string last_type(Engine& e, const std::string& tenant, const std::string& sid) {
  auto events = await<std::vector<Envelope>>([&](auto cb) { e.call_events(Scope{tenant}, sid, cb); });
  REQUIRE(events.ok());
  return std::string(events->back().type());
}

}  // namespace

TEST_CASE("retention: the sweep erases calls older than the tenant's retention_days") {
  TempDir dir;
  {
    auto e = start(dir);
    REQUIRE(await<NewTenant>([&](auto cb) {
              e->create_tenant(TenantSpec{.id = "keeper", .name = "Keeper"}, cb);
            }).ok());
    auto p = webox::testing::restaurant("+33123456789", "fr");
    REQUIRE(await<AssistantView>([&](auto cb) { e->create_assistant(Scope{"default"}, p, cb); }).ok());
    auto q = webox::testing::restaurant("+33198765432", "fr");
    REQUIRE(await<AssistantView>([&](auto cb) { e->create_assistant(Scope{"keeper"}, q, cb); }).ok());

    make_call(*e, "CAold", "+33123456789");
    make_call(*e, "CAkept", "+33198765432");  // tenant keeper: no retention
    // No retention set yet: a sweep erases nothing.
    auto none = await<ErasedCalls>([&](auto cb) { e->sweep_retention(cb); });
    REQUIRE(none.ok());
    CHECK(none->call_sids.empty());

    auto patched = await<TenantView>([&](auto cb) {
      e->update_tenant(TenantPatch{.tenant_id = "default", .retention_days = 1}, cb);
    });
    REQUIRE(patched.ok());
    CHECK(patched->retention_days == 1);
    auto bad = await<TenantView>([&](auto cb) {
      e->update_tenant(TenantPatch{.tenant_id = "default", .retention_days = -3}, cb);
    });
    CHECK(bad.error().code == Errc::invalid_argument);

    std::this_thread::sleep_for(std::chrono::microseconds(kDay + 50'000));
    make_call(*e, "CAyoung", "+33123456789");  // younger than a "day": kept

    auto swept = await<ErasedCalls>([&](auto cb) { e->sweep_retention(cb); });
    REQUIRE(swept.ok());
    CHECK(swept->call_sids == std::vector<std::string>{"CAold"});
    CHECK(from_of(*e, "default", "CAold") == "[erased]");
    auto events = await<std::vector<Envelope>>([&](auto cb) {
      e->call_events(Scope{"default"}, "CAold", cb);
    });
    REQUIRE(events.ok());
    auto* erased = std::get_if<CallErased>(&events->back().data);
    REQUIRE(erased);
    CHECK(erased->reason == "retention");
    bool ended = false;
    for (auto& ev : *events)
      if (auto* c = std::get_if<CallEnded>(&ev.data)) ended = c->duration_seconds == 12;
    CHECK(ended);  // billing facts stay
    CHECK(from_of(*e, "default", "CAyoung") == "+33611111111");
    CHECK(from_of(*e, "keeper", "CAkept") == "+33611111111");

    // Sweeping again finds nothing new to shred (the old call's key is gone).
    auto again = await<ErasedCalls>([&](auto cb) { e->sweep_retention(cb); });
    REQUIRE(again.ok());
    CHECK(again->call_sids.empty());
  }
  // The setting survives a restart, and the periodic sweep runs on its own.
  auto e = start(dir, /*sweep_interval=*/50'000);
  auto view = await<TenantView>([&](auto cb) { e->get_tenant("default", cb); });
  REQUIRE(view.ok());
  CHECK(view->retention_days == 1);
  std::string last;
  for (int i = 0; i < 100 && last != "CallErased"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    last = last_type(*e, "default", "CAyoung");
  }
  CHECK(last == "CallErased");
  CHECK(last_type(*e, "keeper", "CAkept") == "CallCosted");  // appended with CallEnded
}
