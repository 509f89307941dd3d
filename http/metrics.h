// Counters of the HTTP edge, rendered for Prometheus at GET /metrics.
//
//   HttpMetrics m;
//   m.twilio_refused[TwilioRefusal::bad_signature]++;
//   render_metrics(m, engine)
//   // # TYPE webox_twilio_webhooks_refused_total counter
//   // webox_twilio_webhooks_refused_total{reason="bad_signature"} 1
//   // ...
//   // webox_calls_in_progress 0
//
// Counters are relaxed atomics bumped from the io threads: a scrape may see one bump late,
// never a torn value.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "actors/engine.h"
#include "http/request_metrics.h"

namespace webox {
struct LimitsSnapshot;
}

namespace webox::http {

enum TwilioRefusal {
  missing_signature,  // no X-Twilio-Signature header
  bad_signature,      // it does not match the tenant's auth token
  unknown_number,     // no tenant answers the To number
  no_auth_token,      // the tenant has not given its Twilio auth token
  wrong_account,      // AccountSid is not the tenant's
  kTwilioRefusalCount
};
inline constexpr std::array<const char*, kTwilioRefusalCount> kTwilioRefusalNames = {
    "missing_signature", "bad_signature", "unknown_number", "no_auth_token", "wrong_account"};

struct HttpMetrics {
  std::array<std::atomic<std::uint64_t>, kTwilioRefusalCount> twilio_refused{};
  std::atomic<std::uint64_t> api_unauthenticated{0};  // 401
  std::atomic<std::uint64_t> api_forbidden{0};        // 403
  RequestMetrics requests;  // every answer: count and latency by route family
};

// `limits`: the server's refusals by the limits (413, 414, 429, 431, 503, connections), when
// there is a server (nullptr in socket-free tests).
std::string render_metrics(const HttpMetrics& metrics, const Engine& engine,
                           const LimitsSnapshot* limits = nullptr);

}  // namespace webox::http
