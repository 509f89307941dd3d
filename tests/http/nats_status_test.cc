// The NATS publisher's state as the HTTP edge shows it: /metrics gauges and the /healthz
// "nats" object, present only when NATS is configured (Engine::nats_status()).
#include <catch2/catch.hpp>

#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;
using Catch::Matchers::Contains;

TEST_CASE("NATS off: no nats series in /metrics and no nats object in /healthz", "[nats]") {
  FakeEngine engine;
  auto m = drive(engine, anonymous(get("/metrics")));
  CHECK(m.status == 200);
  CHECK(m.body.find("webox_nats") == std::string::npos);
  auto h = drive(engine, anonymous(get("/healthz")));
  CHECK(h.body == R"({"status":"ok","calls_in_progress":0})");
}

TEST_CASE("NATS on: lag and published and connected in /metrics and /healthz", "[nats]") {
  FakeEngine engine;
  engine.nats = NatsStatus{.connected = false, .published_total = 40, .checkpoint = 40,
                           .last_position = 52, .last_error = "cannot connect to \"x\""};
  auto m = drive(engine, anonymous(get("/metrics")));
  CHECK_THAT(m.body, Contains("# TYPE webox_nats_lag_events gauge\nwebox_nats_lag_events 12\n"));
  CHECK_THAT(m.body, Contains("# TYPE webox_nats_published_total counter\n"
                              "webox_nats_published_total 40\n"));
  CHECK_THAT(m.body, Contains("# TYPE webox_nats_connected gauge\nwebox_nats_connected 0\n"));

  auto h = drive(engine, anonymous(get("/healthz")));
  CHECK(h.status == 200);
  CHECK(h.body == R"({"status":"ok","calls_in_progress":0,"nats":{"connected":false,)"
                  R"("lag_events":12,"checkpoint":40,"published_total":40,)"
                  R"("last_error":"cannot connect to \"x\""}})");
  simdjson::dom::parser parser;
  CHECK(parser.parse(h.body)["nats"]["lag_events"].get_uint64().value() == 12);

  engine.nats->connected = true;
  engine.nats->checkpoint = 52;
  CHECK_THAT(drive(engine, anonymous(get("/metrics"))).body,
             Contains("webox_nats_lag_events 0\n") && Contains("webox_nats_connected 1\n"));
}
