// The Boost.Beast HTTP server: Twilio webhooks, the REST API, health.
//
//   auto server = HttpServer::start(engine, HttpOptions{.host = "127.0.0.1", .port = 8080});
//   (*server)->port();          // the bound port (useful with port 0 in tests)
//   (*server)->stop();          // stop accepting, let in-flight requests finish, join threads
//
// Routes:
//   POST /twilio/voice   incoming call            -> TwiML (text/xml)
//   POST /twilio/gather  speech result            -> TwiML
//   POST /twilio/status  status callback          -> empty TwiML
//   POST /twilio/stream-ended  a stream call's <Connect action> -> <Dial> after a transfer,
//        else <Hangup/> (actors/call_actor.h)
//   POST|GET /api/v1/assistants, GET|PATCH|DELETE /api/v1/assistants/{id}
//   GET  /api/v1/calls/{CallSid}/events
//   POST|GET /api/v1/tenants, GET|PATCH /api/v1/tenants/{id}
//   POST|GET /api/v1/keys, DELETE /api/v1/keys/{id}
//   GET  /healthz, GET /metrics (Prometheus text)
//   GET  /twilio/stream/<number digits>  Media Streams WebSocket (mode "stream" assistants):
//        signed handshake (http/twilio_gate.h), then frames to http/media_stream_call.h
// /api/* needs `Authorization: Bearer KEY` (http/auth.h); /twilio/* needs a valid
// X-Twilio-Signature (http/twilio_gate.h).
// Errors are application/problem+json: {"type","title","status","detail","field"}.
//
// Limits (HttpOptions, all configurable; answers are problem+json):
//   body > max_body_bytes 413, header block > max_header_bytes 431, target > max_url_bytes 414;
//   header not in within header_timeout, body within body_timeout, keep-alive silence over
//   idle_timeout: the connection is dropped (each io thread serves many connections; nothing
//   waits for a slow client on a thread);
//   over max_connections: closed at once; over max_connections_per_address: 503 + Retry-After;
//   max_in_flight requests waiting for the engine: 503 + Retry-After: 1 (never /healthz);
//   per-address and per-API-key token buckets: 429 + Retry-After (whole seconds, rounded up).
//   limits_snapshot() counts every refusal for /metrics.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/engine.h"
#include "events/result.h"

namespace webox {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;        // 0: any free port
  // 0: one per hardware thread. Two threads on two cores took the read API from 19,200 to
  // 24,900 requests/s (docs/BENCHMARKS.md section 7): a single thread serialised every response.
  std::size_t threads = 0;

  // -- limits (docs/CONFIGURATION.md says why each default; 0 means "no limit" where noted) --
  // Sizes, answered 413, 431 and 414 (problem+json), then the connection closes.
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_url_bytes = 4 * 1024;        // the request target, query included
  // Largest Media Streams message on /twilio/stream/<number>; a larger one drops the socket
  // (and so ends its call).
  std::size_t max_ws_message_bytes = 64 * 1024;

  // Slow clients. Each deadline covers a whole phase, not the gap between two bytes, so a
  // client trickling one byte a second is dropped as surely as a silent one.
  std::chrono::milliseconds header_timeout{10'000};  // accept (or a request's first byte) -> header
  std::chrono::milliseconds body_timeout{30'000};    // header -> body; also to take the answer
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive: answer -> next request's first byte

  // Connections: over max_total a new connection is closed at once; over max_per_address it is
  // answered 503 with Retry-After and closed. 0: no limit.
  std::size_t max_connections = 10'000;
  std::size_t max_connections_per_address = 256;

  // Requests read and not yet answered; beyond it new requests get 503 + Retry-After: 1 at once
  // (/healthz never does).
  std::size_t max_in_flight = 4096;

  // Token buckets (http/rate_limiter.h), 429 + Retry-After when empty; rates are requests per
  // second, 0: no limit. Per client address: /twilio/* against the first, every other path but
  // /healthz against the second. Per API key: checked by the auth code (http/admission.h).
  double twilio_rate_per_address = 50'000;
  double api_rate_per_address = 1'000;
  double api_rate_per_key = 1'000;
  double rate_burst_seconds = 2;         // a bucket holds this many seconds of its rate
  std::size_t rate_limit_keys = 100'000; // buckets per limiter before idle ones are forgotten

  // Twilio webhooks: the base URL Twilio calls ("https://voice.example.com"; empty: the Host
  // header over http), and whether X-Twilio-Signature is checked (off only for development).
  std::string public_url;
  bool verify_twilio_signatures = true;
};

// What the limits refused or dropped since start, and the gauges beside them: a plain copy for
// /metrics. Counters only grow.
struct LimitsSnapshot {
  std::uint64_t body_too_large = 0;        // 413
  std::uint64_t url_too_long = 0;          // 414
  std::uint64_t rate_limited = 0;          // 429, per address and per key
  std::uint64_t header_too_large = 0;      // 431
  std::uint64_t overloaded = 0;            // 503: max_in_flight reached
  std::uint64_t connections_refused_total = 0;         // max_connections reached: closed
  std::uint64_t connections_refused_per_address = 0;   // max_connections_per_address: 503
  std::uint64_t header_timeouts = 0;       // slow clients dropped before their header was in
  std::uint64_t body_timeouts = 0;         // ... before their body was in, or while not reading
  // gauges
  std::uint64_t connections_open = 0;
  std::uint64_t requests_in_flight = 0;
  std::uint64_t rate_limit_keys = 0;       // buckets held by the three limiters together
};

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> start(Engine& engine, HttpOptions options);
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;
  // Stops accepting, lets in-flight requests finish (up to `grace_ms`), joins the threads.
  virtual void stop(int grace_ms = 5000) = 0;
  // Thread-safe; cheap enough to call on every /metrics scrape.
  virtual LimitsSnapshot limits_snapshot() const = 0;
};

}  // namespace webox
