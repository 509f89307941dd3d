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
//   POST|GET /api/v1/assistants, GET|PATCH|DELETE /api/v1/assistants/{id}
//   GET  /api/v1/calls/{CallSid}/events
//   POST|GET /api/v1/tenants, GET|PATCH /api/v1/tenants/{id}
//   POST|GET /api/v1/keys, DELETE /api/v1/keys/{id}
//   GET  /healthz, GET /metrics (Prometheus text)
// /api/* needs `Authorization: Bearer KEY` (http/auth.h); /twilio/* needs a valid
// X-Twilio-Signature (http/twilio_gate.h).
// Errors are application/problem+json: {"type","title","status","detail","field"}.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "actors/engine.h"
#include "events/result.h"

namespace webox {

struct HttpOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;        // 0: any free port
  std::size_t threads = 1;
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_header_bytes = 8 * 1024;
  int request_timeout_seconds = 30; // a client that sends nothing for this long is dropped
  // Twilio webhooks: the base URL Twilio calls ("https://voice.example.com"; empty: the Host
  // header over http), and whether X-Twilio-Signature is checked (off only for development).
  std::string public_url;
  bool verify_twilio_signatures = true;
};

class HttpServer {
 public:
  static Result<std::unique_ptr<HttpServer>> start(Engine& engine, HttpOptions options);
  virtual ~HttpServer() = default;
  virtual std::uint16_t port() const = 0;
  // Stops accepting, lets in-flight requests finish (up to `grace_ms`), joins the threads.
  virtual void stop(int grace_ms = 5000) = 0;
};

}  // namespace webox
