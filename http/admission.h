// Which fully read requests the server refuses before routing them, and the per-API-key hook.
// Socket-free: http/server.cc asks, tests call it directly.
//
//   Admission admission(options, counters);                  // HttpOptions, LimitCounters
//   if (auto refused = admission.admit(req.path(), "203.0.113.7", in_flight, RateLimiter::now()))
//     return write(std::move(*refused));                     // 503 or 429, problem+json
//   req.admission = &admission;                              // for the auth code, then:
//   http::handle(engine, std::move(req), respond);
//
//   // In the auth code, once "Authorization: Bearer KEY" resolved to a key id:
//   if (req.admission)
//     if (auto refused = req.admission->check_api_key(key_id))
//       return respond(std::move(*refused));                 // 429 with Retry-After
//
// admit() checks, in order:
//   /healthz            always admitted: a load balancer must see a live server even while it
//                       sheds work, and health costs no engine time;
//   in-flight cap       in_flight >= max_in_flight -> 503, Retry-After: 1 (no queue: a client
//                       told at once can go elsewhere or retry; a queue only adds latency);
//   rate per address    /twilio/* against twilio_rate_per_address, any other path against
//                       api_rate_per_address -> 429, Retry-After = the wait rounded up.
// Every refusal is counted in the LimitCounters it was given.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

#include "http/message.h"
#include "http/rate_limiter.h"
#include "http/server.h"

namespace webox::http {

// The server's refusal counters, bumped from any thread (relaxed: they are statistics).
struct LimitCounters {
  std::atomic<std::uint64_t> body_too_large{0}, url_too_long{0}, rate_limited{0},
      header_too_large{0}, overloaded{0}, connections_refused_total{0},
      connections_refused_per_address{0}, header_timeouts{0}, body_timeouts{0};

  static void bump(std::atomic<std::uint64_t>& c) { c.fetch_add(1, std::memory_order_relaxed); }
  // The counters; the caller fills the gauges.
  LimitsSnapshot snapshot() const;
};

// 429 problem+json for a refused take: Retry-After in whole seconds, rounded up, at least 1.
// `who` ends the detail: "too many requests from 203.0.113.7".
Response too_many_requests(const RateLimiter::Decision& d, std::string_view who);

// The general form of the per-key hook, for any limiter and key: nullopt when allowed.
std::optional<Response> check_rate(RateLimiter& limiter, std::string_view key,
                                   std::string_view who, std::int64_t now_ns = RateLimiter::now());

class Admission {
 public:
  Admission(const HttpOptions& options, LimitCounters& counters);

  std::optional<Response> admit(std::string_view path, std::string_view address,
                                std::size_t in_flight, std::int64_t now_ns);

  // The per-API-key limit (api_rate_per_key): nullopt when allowed, else a counted 429.
  std::optional<Response> check_api_key(std::string_view key_id,
                                        std::int64_t now_ns = RateLimiter::now());

  std::size_t keys_held() const;

 private:
  const std::size_t max_in_flight_;
  LimitCounters& counters_;
  RateLimiter twilio_by_address_, api_by_address_, api_by_key_;
};

}  // namespace webox::http
