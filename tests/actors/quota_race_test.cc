// Calls racing for the last included calls of a month, through the engine's facade: however
// the webhooks interleave on the actor threads, exactly the quota is answered under "reject",
// the rest refused, and each quota threshold is recorded once.
#include <catch2/catch.hpp>

#include <future>
#include <mutex>

#include "actors/engine.h"
#include "tests/support/await.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;
using webox::testing::await;

TEST_CASE("quota: 130 simultaneous calls on a Starter plan with policy reject") {
  TempDir dir;
  auto started = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2});
  REQUIRE(started.ok());
  auto& e = **started;
  auto made = await<AssistantView>([&](auto cb) {
    e.create_assistant(Scope{"default"}, webox::testing::restaurant("+33123456789", "en"), cb);
  });
  REQUIRE(made.ok());
  REQUIRE(await<TenantView>([&](auto cb) {
            e.change_plan(PlanChange{"default", "starter", "reject"}, cb);
          }).ok());

  constexpr int kCalls = 130;
  std::mutex mu;
  int answered = 0, refused = 0, failed = 0;
  std::promise<void> all;
  int pending = kCalls;
  for (int i = 0; i < kCalls; ++i) {
    std::string sid = "CArace" + std::to_string(i);
    e.on_incoming_call(VoiceWebhook{.call_sid = sid, .from = "+33611111111",
                                    .to = "+33123456789", .call_status = "ringing",
                                    .request_digest = sid + "-voice"},
                       [&](Result<std::string> twiml) {
                         std::lock_guard lock(mu);
                         if (!twiml) ++failed;
                         else if (twiml->find("<Gather") != std::string::npos) ++answered;
                         else if (twiml->find("<Hangup />") != std::string::npos) ++refused;
                         if (--pending == 0) all.set_value();
                       });
  }
  REQUIRE(all.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
  CHECK(failed == 0);
  CHECK(answered == 100);
  CHECK(refused == 30);

  auto month = await<BillingView>([&](auto cb) { e.billing(BillingQuery{.tenant_id = "default"}, cb); });
  REQUIRE(month.ok());
  CHECK(month->calls_used == 100);
  CHECK(month->rejected_calls == 30);
  CHECK(month->warnings == 2);  // 80 % and 100 %, once each
  e.shutdown();
}
