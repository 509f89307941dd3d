// The NATS publisher against a real nats-server (tests/support/nats_server.h): every event once,
// in order, through server restarts and publisher restarts; the checkpoint only after the ack.
#include <catch2/catch.hpp>

#include "actors/nats_publisher.h"
#include "adapters/nats/jetstream.h"
#include "tests/nats/nats_harness.h"
#include "tests/support/nats_server.h"

using namespace webox;
using namespace webox::testing;
using namespace std::chrono_literals;

namespace {

NatsPublisherOptions quick(const NatsServer& nats) {
  // A short backoff ceiling keeps the restart tests quick; the default is 5 s.
  return {.url = nats.url(), .batch = 1000, .backoff_max = 200ms};
}

std::uint64_t checkpoint_of(const EventLog& log) {
  auto cp = log.load_checkpoint("nats");
  REQUIRE(cp.ok());
  return cp->value_or(0);
}

std::uint64_t stream_messages(const NatsServer& nats) {
  auto js = nats::JetStream::connect({.url = nats.url()});
  REQUIRE(js.ok());
  auto st = (*js)->stream_state("WEBOX");
  REQUIRE(st.ok());
  return st->messages;
}

}  // namespace

TEST_CASE("every event of 1000 calls reaches JetStream once and in order on its subject",
          "[nats]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats");
  auto log = open_log(dir);
  auto pub = NatsPublisher::start(*log, quick(nats));

  append_calls(*log, 0, 1000);
  const std::uint64_t total = 1000 * kEventsPerCall;
  REQUIRE(log->last_position() == total);
  REQUIRE(wait_until([&] { return pub->status().checkpoint == total; }));
  auto st = pub->status();
  CHECK(st.connected);
  CHECK(st.lag() == 0);
  CHECK(st.published_total == total);
  CHECK(checkpoint_of(*log) == total);

  check_range(*log, read_stream(nats.url(), total), 1, total);
  CHECK(stream_messages(nats) == total);
}

TEST_CASE("nats-server stopped mid-stream and started again loses nothing and duplicates nothing",
          "[nats]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats");
  auto log = open_log(dir);
  auto pub = NatsPublisher::start(*log, quick(nats));

  append_calls(*log, 0, 400);
  REQUIRE(wait_until([&] { return pub->status().checkpoint >= 1000; }));
  nats.stop();  // by pid, while the publisher may be between a publish and its ack
  append_calls(*log, 400, 300);
  REQUIRE(wait_until([&] { return !pub->status().connected; }));
  auto down = pub->status();
  CHECK(down.lag() > 0);
  CHECK_FALSE(down.last_error.empty());
  std::this_thread::sleep_for(300ms);
  CHECK(pub->status().checkpoint == down.checkpoint);  // no ack, no move

  nats.start();  // same port, same store
  append_calls(*log, 700, 300);
  const std::uint64_t total = 1000 * kEventsPerCall;
  REQUIRE(wait_until([&] { return pub->status().checkpoint == total; }));
  CHECK(pub->status().connected);

  check_range(*log, read_stream(nats.url(), total), 1, total);
  CHECK(stream_messages(nats) == total);
}

TEST_CASE("the checkpoint moves only after JetStream acknowledged and a restart resumes from it",
          "[nats]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats", NatsServer::stopped);
  auto log = open_log(dir);

  SECTION("no server: events wait and the checkpoint stays") {
    auto pub = NatsPublisher::start(*log, quick(nats));
    append_calls(*log, 0, 50);
    std::this_thread::sleep_for(500ms);
    CHECK(checkpoint_of(*log) == 0);
    CHECK(pub->status().lag() == 50 * kEventsPerCall);
    CHECK_FALSE(pub->status().connected);

    nats.start();
    REQUIRE(wait_until([&] { return checkpoint_of(*log) == 50 * kEventsPerCall; }));
    check_range(*log, read_stream(nats.url(), 50 * kEventsPerCall), 1, 50 * kEventsPerCall);
  }

  SECTION("a publisher that stopped before saving: the next one re-sends and JetStream drops copies") {
    nats.start();
    append_calls(*log, 0, 300);
    {
      auto first = NatsPublisher::start(*log, quick(nats));
      REQUIRE(wait_until([&] { return first->status().checkpoint == 300 * kEventsPerCall; }));
    }
    // As if the process died after the acks of positions 601.. but before saving them.
    REQUIRE(log->save_checkpoint("nats", 600).ok());
    append_calls(*log, 300, 200);
    const std::uint64_t total = 500 * kEventsPerCall;

    auto second = NatsPublisher::start(*log, quick(nats));
    CHECK(second->status().checkpoint == 600);  // read before it connects
    REQUIRE(wait_until([&] { return second->status().checkpoint == total; }));
    CHECK(second->status().published_total == total - 600);  // 1,200 copies + 1,200 new

    check_range(*log, read_stream(nats.url(), total), 1, total);
    CHECK(stream_messages(nats) == total);
  }
}
