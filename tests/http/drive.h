// Drives the router without sockets, for the HTTP tests.
//
//   FakeEngine engine;
//   auto res = drive(engine, form_post("/twilio/voice", "CallSid=CA01&From=%2B336&To=%2B3312345678"));
//   CHECK(res.status == 200);
//   auto p = json_of(res.body);            // simdjson DOM of the body
//   CHECK(field(res, "field") == "CallSid");
//   drive(engine, anonymous(get("/api/v1/assistants"))).status   -> 401
#pragma once

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <optional>
#include <string>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "http/message.h"
#include "http/router.h"
#include "tests/http/fake_engine.h"

namespace webox::testing {

// The public URL the routes' tests pretend Twilio calls (what signatures are made over).
inline constexpr const char* kPublicUrl = "https://voice.example.com";

inline bool has_header(const http::Request& r, std::string_view name) {
  return r.header(name) != nullptr;
}

// A request as an authorised caller sends it: /api/* with `key` as its bearer key, /twilio/*
// signed with `token` over kPublicUrl + target. Headers already there are left alone, so a test
// that sets its own (or none: see anonymous()) decides.
inline http::Request as_caller(http::Request r, const char* key = kOwnerKey,
                               const char* token = kAuthToken) {
  if (r.target.starts_with("/api/") && !has_header(r, "Authorization"))
    r.headers.emplace_back("Authorization", std::string("Bearer ") + key);
  if (r.target.starts_with("/twilio/") && !has_header(r, "X-Twilio-Signature")) {
    if (auto form = twilio::parse_form(r.body))  // an unreadable body is refused before signing
      r.headers.emplace_back("X-Twilio-Signature",
                             twilio::compute_signature(token, kPublicUrl + r.target, *form));
  }
  return r;
}

// Marks a request as deliberately unauthenticated: drive() adds nothing to it.
inline http::Request anonymous(http::Request r) {
  r.headers.emplace_back("X-Test-Anonymous", "1");
  return r;
}

// The router's one answer; fails the test if it answers twice or never (with a synchronous fake).
// Requests are made as_caller() (owner key of "t1", signed webhooks) unless anonymous().
inline http::Response drive(Engine& engine, http::Request request,
                            http::HttpMetrics* metrics = nullptr) {
  http::HttpMetrics own;
  http::RouteContext ctx{engine, http::TwilioSecurity{true, kPublicUrl}, metrics ? *metrics : own};
  if (!has_header(request, "X-Test-Anonymous")) request = as_caller(std::move(request));
  std::optional<http::Response> out;
  int calls = 0;
  http::handle(ctx, std::move(request), [&](http::Response r) {
    ++calls;
    out = std::move(r);
  });
  REQUIRE(calls == 1);
  return *out;
}

inline http::Request form_post(std::string target, std::string body) {
  return {"POST", std::move(target), {{"Content-Type", "application/x-www-form-urlencoded"}},
          std::move(body)};
}

inline http::Request json_request(std::string method, std::string target, std::string body = {}) {
  return {std::move(method), std::move(target), {{"Content-Type", "application/json"}},
          std::move(body)};
}

inline http::Request get(std::string target) { return {"GET", std::move(target), {}, {}}; }

// A top-level string member of a JSON body ("" when absent or not a string).
inline std::string json_string(const std::string& body, const char* key) {
  simdjson::dom::parser parser;
  std::string_view v;
  if (parser.parse(body)[key].get(v)) return {};
  return std::string(v);
}

inline std::string problem_field(const http::Response& r) {
  CHECK(r.content_type == "application/problem+json");
  return json_string(r.body, "field");
}

inline const std::string* header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (http::iequals(k, name)) return &v;
  return nullptr;
}

}  // namespace webox::testing
