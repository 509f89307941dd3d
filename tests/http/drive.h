// Drives the router without sockets, for the HTTP tests.
//
//   FakeEngine engine;
//   auto res = drive(engine, form_post("/twilio/voice", "CallSid=CA01&From=%2B336&To=%2B3312345678"));
//   CHECK(res.status == 200);
//   auto p = json_of(res.body);            // simdjson DOM of the body
//   CHECK(field(res, "field") == "CallSid");
#pragma once

#include <catch2/catch.hpp>
#include <simdjson.h>

#include <optional>
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "tests/http/fake_engine.h"

namespace webox::testing {

// The router's one answer; fails the test if it answers twice or never (with a synchronous fake).
inline http::Response drive(Engine& engine, http::Request request) {
  std::optional<http::Response> out;
  int calls = 0;
  http::handle(engine, std::move(request), [&](http::Response r) {
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
