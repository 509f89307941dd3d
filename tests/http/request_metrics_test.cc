// GET /metrics as a Prometheus scraper reads it: requests counted by route family and status
// class, latency histograms whose buckets are cumulative, the log and read-model gauges.
#include <catch2/catch.hpp>

#include "http/request_metrics.h"
#include "http/server.h"
#include "tests/http/fake_engine.h"
#include "tests/http/socket_client.h"

using namespace webox;
using namespace webox::http;
using namespace webox::testing;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {

// The value of one series line ("name{labels} value"), or -1 when it is not there.
double series(const std::string& text, const std::string& name_and_labels) {
  auto at = text.find("\n" + name_and_labels + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name_and_labels.size() + 2));
}

}  // namespace

TEST_CASE("request metrics: route families never carry an id", "[metrics]") {
  CHECK(route_family("POST", "/twilio/voice") == Route::twilio_voice);
  CHECK(route_family("POST", "/twilio/gather") == Route::twilio_gather);
  CHECK(route_family("POST", "/twilio/status") == Route::twilio_status);
  CHECK(route_family("GET", "/twilio/stream") == Route::twilio_other);
  CHECK(route_family("POST", "/twilio/stream-ended") == Route::twilio_stream_ended);
  CHECK(route_family("POST", "/twilio/stream-ended/x") == Route::twilio_other);
  CHECK(route_family("GET", "/api/v1/calls/CA123") == Route::api_read);
  CHECK(route_family("HEAD", "/api/v1/stats") == Route::api_read);
  CHECK(route_family("DELETE", "/api/v1/calls/CA123") == Route::api_write);
  CHECK(route_family("PUT", "/api/v1/billing/plan") == Route::api_write);
  CHECK(route_family("GET", "/healthz") == Route::healthz);
  CHECK(route_family("GET", "/metrics") == Route::metrics);
  CHECK(route_family("GET", "/") == Route::other);
  CHECK(route_family("GET", "/twilio") == Route::other);
}

TEST_CASE("request metrics: counts by class, cumulative buckets, sum in seconds", "[metrics]") {
  RequestMetrics m;
  m.record(Route::api_read, 200, 100us);     // first bucket (le 0.00025)
  m.record(Route::api_read, 200, 250us);     // on the bound: still the first
  m.record(Route::api_read, 404, 3000us);    // le 0.005
  m.record(Route::api_read, 503, 9s);        // past every bound: +Inf only
  m.record(Route::twilio_voice, 200, -5us);  // a clock that stepped back counts as 0
  CHECK(m.count(Route::api_read, 2) == 2);
  CHECK(m.count(Route::api_read, 4) == 1);
  CHECK(m.count(Route::api_read, 5) == 1);
  CHECK(m.count(Route::api_write, 2) == 0);

  std::string out;
  m.render(out);
  CHECK(series(out, R"(webox_http_requests_total{route="api_read",code="2xx"})") == 2);
  CHECK(series(out, R"(webox_http_requests_total{route="api_read",code="4xx"})") == 1);
  CHECK(series(out, R"(webox_http_requests_total{route="api_write",code="2xx"})") == -1);
  const std::string b = R"(webox_http_request_duration_seconds_bucket{route="api_read",le=")";
  CHECK(series(out, b + R"(0.000250"})") == 2);
  CHECK(series(out, b + R"(0.002500"})") == 2);
  CHECK(series(out, b + R"(0.005000"})") == 3);
  CHECK(series(out, b + R"(5.000000"})") == 3);
  CHECK(series(out, b + R"(+Inf"})") == 4);
  CHECK(series(out, R"(webox_http_request_duration_seconds_count{route="api_read"})") == 4);
  CHECK_THAT(out, Contains(R"(webox_http_request_duration_seconds_sum{route="api_read"} 9.003350)"));
  CHECK(series(out, R"(webox_http_request_duration_seconds_sum{route="twilio_voice"})") == 0);
  CHECK_THAT(out, Contains("# TYPE webox_http_request_duration_seconds histogram\n"));
}

TEST_CASE("server: /metrics counts the requests it answered, by route and class", "[metrics]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  engine.appended = 1234;
  auto server = start_server(engine);
  Client client(server->port());

  CHECK(client.request(bhttp::verb::get, "/healthz").result_int() == 200);
  CHECK(client.request(bhttp::verb::get, "/healthz").result_int() == 200);
  CHECK(client.request(bhttp::verb::get, "/nope").result_int() == 404);
  CHECK(client.request(bhttp::verb::post, "/twilio/voice", kVoiceBody).result_int() == 200);

  // The scrape itself is counted once it is answered: not in its own body.
  auto m = client.request(bhttp::verb::get, "/metrics");
  REQUIRE(m.result_int() == 200);
  const std::string body = "\n" + m.body();
  CHECK(series(body, R"(webox_http_requests_total{route="healthz",code="2xx"})") == 2);
  CHECK(series(body, R"(webox_http_requests_total{route="other",code="4xx"})") == 1);
  CHECK(series(body, R"(webox_http_requests_total{route="twilio_voice",code="2xx"})") == 1);
  CHECK(series(body, R"(webox_http_requests_total{route="metrics",code="2xx"})") == -1);
  CHECK(series(body, R"(webox_http_request_duration_seconds_count{route="healthz"})") == 2);
  CHECK(series(body, "webox_events_appended_total") == 1234);
  CHECK(series(body, "webox_projection_lag_events") == 0);

  auto again = "\n" + client.request(bhttp::verb::get, "/metrics").body();
  CHECK(series(again, R"(webox_http_requests_total{route="metrics",code="2xx"})") == 1);
  server->stop();
}
