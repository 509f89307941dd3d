// What every answered request cost, for GET /metrics: a count by route family and status
// class, and a latency histogram by route family.
//
//   RequestMetrics m;
//   auto route = route_family("GET", "/api/v1/calls");           // Route::api_read
//   m.record(route, 200, std::chrono::microseconds(850));
//   std::string out;  m.render(out);
//   // webox_http_requests_total{route="api_read",code="2xx"} 1
//   // webox_http_request_duration_seconds_bucket{route="api_read",le="0.001"} 1
//   // ...
//   // webox_http_request_duration_seconds_sum{route="api_read"} 0.000850
//   // webox_http_request_duration_seconds_count{route="api_read"} 1
//
// Latency is measured from the moment the whole request was read to the moment its answer is
// handed to the socket: the engine's time and ours, not the network's.
//
// Families, not paths: a path label would grow with every CallSid and assistant id. Cost: one
// relaxed fetch_add for the count, one for the bucket, one for the sum (in microseconds, so an
// integer), all on the io thread that writes the answer.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace webox::http {

enum class Route : std::uint8_t {
  twilio_voice,
  twilio_gather,
  twilio_status,
  twilio_stream_ended,  // <Connect action>: a stream call's end, where a transfer gets its <Dial>
  twilio_other,  // another /twilio/ path: a stream's handshake, a 404, or a future one
  api_read,      // GET and HEAD under /api/
  api_write,     // any other method under /api/
  healthz,
  metrics,
  other,         // no route, or a request that could not be read whole
};
inline constexpr std::size_t kRouteCount = 10;
inline constexpr std::array<const char*, kRouteCount> kRouteNames = {
    "twilio_voice", "twilio_gather", "twilio_status", "twilio_stream_ended", "twilio_other",
    "api_read",     "api_write",     "healthz",       "metrics",             "other"};

// `path` without its query string.
Route route_family(std::string_view method, std::string_view path);

class RequestMetrics {
 public:
  // Upper bounds in microseconds; a last, implicit bucket is +Inf.
  static constexpr std::array<std::uint32_t, 12> kBoundsMicros = {
      250, 500, 1'000, 2'500, 5'000, 10'000, 25'000, 50'000, 100'000, 250'000, 1'000'000,
      5'000'000};

  // -- modifiers (any thread) --
  void record(Route route, int status, std::chrono::microseconds took);

  // -- observers --
  // Prometheus text: webox_http_requests_total and webox_http_request_duration_seconds. Series
  // with no request yet are left out, except the totals' HELP/TYPE lines.
  void render(std::string& out) const;
  std::uint64_t count(Route route, int status_class) const;  // status_class 1..5

 private:
  struct PerRoute {
    std::array<std::atomic<std::uint64_t>, 5> by_class{};  // 1xx..5xx
    std::array<std::atomic<std::uint64_t>, kBoundsMicros.size() + 1> buckets{};
    std::atomic<std::uint64_t> sum_micros{0};
  };
  std::array<PerRoute, kRouteCount> routes_{};
};

}  // namespace webox::http
