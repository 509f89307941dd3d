// The erasure routes through the router with a fake engine: who may erase, what is 404, how a
// caller's number is read from the path, and the answer's shape. (The real erasure, sealed
// data and raw files are in tests/e2e/erasure_test.cc.)
#include <catch2/catch.hpp>

#include "http/tenant_json.h"
#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;

namespace {

http::Request del(std::string target) { return {"DELETE", std::move(target), {}, {}}; }

http::Request with_key(http::Request r, const char* key) {
  r.headers.emplace_back("Authorization", std::string("Bearer ") + key);
  return r;
}

}  // namespace

TEST_CASE("DELETE /api/v1/calls/{sid}: the owner erases its call, other tenants get 404") {
  FakeEngine engine;
  auto mine = drive(engine, del("/api/v1/calls/CAt1"));  // the fake's call of tenant t1
  CHECK(mine.status == 200);
  CHECK(mine.body == R"({"erased":1,"call_sids":["CAt1"]})");
  CHECK(drive(engine, del("/api/v1/calls/CAt2")).status == 404);
  CHECK(drive(engine, del("/api/v1/calls/CAt1/x")).status == 404);
  // GET reads the call (the read model; tests/e2e/read_models_test.cc), anything else is 405.
  CHECK(drive(engine, http::Request{"PUT", "/api/v1/calls/CAt1", {}, {}}).status == 405);
  CHECK(drive(engine, anonymous(del("/api/v1/calls/CAt1"))).status == 401);
}

TEST_CASE("a viewer cannot erase") {
  FakeEngine engine;
  CHECK(drive(engine, with_key(del("/api/v1/calls/CAt1"), kViewerKey)).status == 403);
  CHECK(drive(engine, with_key(del("/api/v1/callers/+33612345678"), kViewerKey)).status == 403);
}

TEST_CASE("DELETE /api/v1/callers/{number}: E.164 with + or %2B and never echoed when refused") {
  FakeEngine engine;
  auto plain = drive(engine, del("/api/v1/callers/+33612345678"));
  CHECK(plain.status == 200);
  CHECK(plain.body == R"({"erased":1,"call_sids":["CAt1"]})");
  auto encoded = drive(engine, del("/api/v1/callers/%2B33612345678"));
  CHECK(encoded.body == plain.body);
  auto nobody = drive(engine, del("/api/v1/callers/+33600000000"));
  CHECK(nobody.status == 200);
  CHECK(nobody.body == R"({"erased":0,"call_sids":[]})");
  for (auto bad : {"0612345678", "+33%ZZ1234", "+33 6 12", "+1234567890123456789"}) {
    auto res = drive(engine, del(std::string("/api/v1/callers/") + bad));
    CHECK(res.status == 400);
    CHECK(res.body.find(bad) == std::string::npos);
  }
}

TEST_CASE("a tenant patch takes retention_days as a JSON integer from 0 to 36500") {
  auto ok = http::parse_tenant_patch("t1", R"({"retention_days":30})");
  REQUIRE(ok.ok());
  CHECK(ok->retention_days == 30);
  CHECK_FALSE(ok->name);
  CHECK(http::parse_tenant_patch("t1", R"({"retention_days":0})")->retention_days == 0);
  for (auto bad : {R"({"retention_days":"30"})", R"({"retention_days":-1})",
                   R"({"retention_days":36501})", R"({"retention_days":1.5})"}) {
    auto r = http::parse_tenant_patch("t1", bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "retention_days");
  }
}
