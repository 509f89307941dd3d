// The OpenAPI document (http/openapi.json) against the router: it parses, it describes every
// route the router serves, and every path it describes is one the router serves.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <algorithm>
#include <string>
#include <vector>

#include "http/openapi.h"
#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;

namespace {

// Every route of http/router.cc, as the document spells it. A new route goes here and there.
const std::vector<std::string> kRoutes = {
    "/twilio/voice", "/twilio/gather", "/twilio/status", "/twilio/stream-ended", "/healthz",
    "/metrics",
    "/api/v1/openapi.json", "/api/v1/assistants", "/api/v1/assistants/{id}", "/api/v1/tenants",
    "/api/v1/tenants/{id}", "/api/v1/keys", "/api/v1/keys/{id}", "/api/v1/calls",
    "/api/v1/calls/{sid}", "/api/v1/calls/{sid}/events", "/api/v1/callers/{number}",
    "/api/v1/stats", "/api/v1/billing", "/api/v1/billing/plan", "/api/v1/bookings",
    "/api/v1/bookings/{id}", "/api/v1/bookings/{id}/cancel", "/api/v1/templates",
    "/api/v1/templates/{trade}"};

// "/api/v1/calls/{sid}/events" -> "/api/v1/calls/x1/events": a concrete path for the router.
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{'))
    path.replace(open, path.find('}', open) - open + 1, "x1");
  return path;
}

}  // namespace

TEST_CASE("the OpenAPI document describes exactly the router's routes", "[openapi]") {
  simdjson::dom::parser parser;
  const std::string_view doc = http::openapi_document();
  simdjson::dom::object paths;
  REQUIRE_FALSE(parser.parse(doc.data(), doc.size())["paths"].get(paths));

  for (const auto& route : kRoutes) {
    INFO(route);
    simdjson::dom::element e;
    CHECK_FALSE(paths.at_key(route).get(e));
  }
  FakeEngine engine;
  for (auto [path, item] : paths) {
    const std::string target = concrete(std::string(path));
    INFO(target);
    CHECK(std::find(kRoutes.begin(), kRoutes.end(), std::string(path)) != kRoutes.end());
    // Whatever the method or the answer, a served path is never "no route".
    auto res = drive(engine, http::Request{"OPTIONS", target, {}, {}});
    CHECK(json_string(res.body, "detail").find("no route") == std::string::npos);
  }
}
