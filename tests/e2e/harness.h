// The engine and its HTTP server in this process, on a data directory the test owns, and a
// client that talks to it as Twilio and API clients do: /twilio/* signed with the default
// tenant's auth token over the URL requested, /api/* with a bearer key.
//
//   TempDir dir;
//   Server s(dir);                                   // first start: s.key is the owner key
//   s.form("/twilio/voice", params);                 // signed
//   s.api("GET", "/api/v1/calls/CA01/events");       // Authorization: Bearer <s.key>
//   s.api("POST", "/api/v1/tenants", body, kAdminKey);  // as someone else
//
// A restart is a second Server on the same directory; pass it the owner key, which a later
// start no longer prints.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "actors/engine.h"
#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "http/server.h"
#include "tests/support/temp_dir.h"
#include "tools/http_client.h"

namespace webox::testing::e2e {

inline constexpr const char* kAuthToken = "e2e-twilio-auth-token";
inline constexpr const char* kAdminKey = "e2e-admin-key-0123456789abcdef";

struct Server {
  std::unique_ptr<Engine> engine;
  std::unique_ptr<HttpServer> server;
  tools::HttpClient client;
  std::string key;  // the default tenant's owner key: what /api requests carry unless told

  // `clock`: the engine's time source (EngineOptions::clock), e.g. a month's last evening.
  // `http`: the server's options (a fixed port and a public URL for Media Streams tests).
  // `speech`: what stream calls hear and speak with (none: keys only, silent).
  explicit Server(const TempDir& dir, std::string owner_key = "",
                  std::function<Micros()> clock = {},
                  HttpOptions http = HttpOptions{.host = "127.0.0.1", .port = 0},
                  StreamSpeech speech = {})
      : key(std::move(owner_key)) {
    auto e = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2,
                                        .admin_key = kAdminKey,
                                        .default_twilio_auth_token = kAuthToken,
                                        .clock = std::move(clock),
                                        .speech = std::move(speech)});
    REQUIRE(e.ok());
    engine = std::move(*e);
    if (auto fs = engine->first_start()) key = fs->owner_key;
    REQUIRE_FALSE(key.empty());
    auto s = HttpServer::start(*engine, std::move(http));
    REQUIRE(s.ok());
    server = std::move(*s);
  }
  ~Server() {
    server->stop(1000);
    engine->shutdown();
  }

  std::string base() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

  // `as`: the bearer key for /api/*, the auth token for /twilio/* (default: the owner's key,
  // the default tenant's token).
  // `headers`: more request headers, e.g. {"X-Webox-Tenant", "t2"} for the admin.
  tools::HttpResponse send(const std::string& method, const std::string& target,
                           const std::string& body, std::string_view type,
                           std::optional<std::string> as = std::nullopt,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto url = tools::parse_url(base() + target);
    REQUIRE(url.ok());
    if (target.starts_with("/api/"))
      headers.emplace_back("Authorization", "Bearer " + as.value_or(key));
    if (target.starts_with("/twilio/"))
      if (auto form = twilio::parse_form(body))  // an unreadable body is refused before signing
        headers.emplace_back("X-Twilio-Signature",
                             twilio::compute_signature(as.value_or(kAuthToken), url->str(), *form));
    auto r = client.request(method, *url, body, type, headers);
    REQUIRE(r.ok());
    return *r;
  }
  tools::HttpResponse form(const std::string& target, const twilio::FormParams& params) {
    return send("POST", target, twilio::form_encode(params), tools::kFormContentType);
  }
  tools::HttpResponse api(const std::string& method, const std::string& target,
                          const std::string& body = "",
                          std::optional<std::string> as = std::nullopt) {
    return send(method, target, body, "application/json", std::move(as));
  }
};

// How many times `what` occurs in `text` (events in a body, by their JSON fragments).
inline std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The call's events once `what` is among them (appends are asynchronous to a stream's socket);
// fails the test after 10 s.
inline std::string events_once(Server& s, const std::string& sid, const std::string& what,
                               const std::string& suffix = "/events") {
  std::string body;
  for (int i = 0; i < 1000; ++i) {
    auto r = s.api("GET", "/api/v1/calls/" + sid + suffix);
    body = r.body;
    if (r.status == 200 && body.find(what) != std::string::npos) return body;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("never saw " << what << " in " << body);
  return body;
}

// The call's detail (the read model, folded after the append) once `what` is in it.
inline std::string detail_once(Server& s, const std::string& sid, const std::string& what) {
  return events_once(s, sid, what, "");
}

}  // namespace webox::testing::e2e
