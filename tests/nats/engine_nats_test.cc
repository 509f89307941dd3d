// The engine with NATS configured but down: it starts, answers calls, the lag grows; once
// nats-server is up the backlog drains, in order.
#include <catch2/catch.hpp>

#include "actors/engine.h"
#include "tests/nats/nats_harness.h"
#include "tests/support/await.h"
#include "tests/support/nats_server.h"
#include "tests/support/restaurant.h"

using namespace webox;
using namespace webox::testing;
using namespace std::chrono_literals;

namespace {

void call(Engine& engine, int n) {
  const std::string sid = "CA-nats-" + std::to_string(n);
  auto twiml = await<std::string>([&](auto cb) {
    engine.on_incoming_call(VoiceWebhook{.call_sid = sid, .account_sid = "AC1",
                                         .from = "+33611111111", .to = "+33123456789",
                                         .call_status = "ringing", .direction = "inbound",
                                         .request_digest = sid + "-voice"},
                            cb);
  });
  REQUIRE(twiml.ok());
  CHECK(twiml->find("<Gather") != std::string::npos);
  auto ended = await<std::string>([&](auto cb) {
    engine.on_status(StatusWebhook{.call_sid = sid, .call_status = "completed",
                                   .call_duration = 30, .request_digest = sid + "-end"},
                     cb);
  });
  REQUIRE(ended.ok());
}

}  // namespace

TEST_CASE("with NATS down the engine answers calls and the lag drains when NATS comes up",
          "[nats][engine]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats", NatsServer::stopped);
  auto started = start_engine(
      EngineOptions{.data_dir = dir.str(), .actor_threads = 2, .nats_url = nats.url()});
  REQUIRE(started.ok());
  Engine& engine = **started;
  auto made = await<AssistantView>([&](auto cb) {
    engine.create_assistant(Scope{"default"}, restaurant("+33123456789", "fr"), cb);
  });
  REQUIRE(made.ok());

  for (int i = 0; i < 10; ++i) call(engine, i);
  auto first = engine.nats_status();
  REQUIRE(first);
  CHECK_FALSE(first->connected);
  CHECK(first->checkpoint == 0);
  CHECK(first->lag() == first->last_position);
  CHECK(first->lag() > 10);

  for (int i = 10; i < 30; ++i) call(engine, i);
  auto later = engine.nats_status();
  CHECK(later->lag() > first->lag());

  nats.start();
  REQUIRE(wait_until([&] { return engine.nats_status()->lag() == 0; }));
  CHECK(engine.nats_status()->connected);
  const std::uint64_t total = engine.nats_status()->last_position;
  engine.shutdown();
  started->reset();

  auto log = open_log(dir);  // the engine closed it
  check_range(*log, read_stream(nats.url(), total), 1, total);
}

TEST_CASE("without a NATS URL the engine reports no NATS status", "[nats][engine]") {
  TempDir dir;
  auto started = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2});
  REQUIRE(started.ok());
  CHECK_FALSE((*started)->nats_status());
}
