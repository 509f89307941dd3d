// The read models over real HTTP: a call made through the Twilio webhooks is in the call list,
// its detail and the statistics in the very next request (read-your-writes), personal fields
// in clear for the owner and "[erased]" after erasure, and a restart counts nothing twice.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using namespace webox::testing::e2e;
using webox::testing::TempDir;

namespace {

const std::string kSid = "CA00000000000000000000000000000001";
const std::vector<std::string> kLines = {
    "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
    "Au nom de Dupont", "Oui c'est parfait"};

struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  explicit Json(const std::string& body) { REQUIRE_FALSE(parser.parse(body).get(doc)); }
};

std::uint64_t stat(const std::string& body, const char* range, const char* field) {
  Json j(body);
  std::uint64_t v = 0;
  REQUIRE_FALSE(j.doc["ranges"][range]["total"][field].get(v));
  return v;
}

}  // namespace

TEST_CASE("a call is in the list, the detail and the statistics in the next request") {
  TempDir dir;
  Server s(dir);
  REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status ==
          201);
  run_booking_call(s, kSid, "+33123456789", kLines, "Chez Marcel");

  auto list = s.api("GET", "/api/v1/calls");
  REQUIRE(list.status == 200);
  {
    Json j(list.body);
    auto calls = j.doc["calls"].get_array();
    REQUIRE(calls.size() == 1);
    auto c = calls.at(0);
    CHECK(std::string_view(c["call_sid"]) == kSid);
    CHECK(std::string_view(c["from"]) == "+33611223344");  // opened for its owner
    CHECK(std::string_view(c["outcome"]) == "booking_made");
    CHECK(std::string_view(c["status"]) == "completed");
    CHECK(int64_t(c["duration_seconds"]) == 57);
    CHECK(int64_t(c["turns"]) == 3);
    CHECK(j.doc["next_cursor"].is_null());
  }

  auto detail = s.api("GET", "/api/v1/calls/" + kSid);
  REQUIRE(detail.status == 200);
  INFO(detail.body);
  {
    Json j(detail.body);
    auto turns = j.doc["transcript"].get_array();
    REQUIRE(turns.size() == 4);  // the greeting and three exchanges
    CHECK(std::string_view(turns.at(1)["caller_text"]) == kLines[0]);
    CHECK(std::string_view(turns.at(0)["reply_text"]).find("Chez Marcel") != std::string::npos);
    CHECK(double(turns.at(1)["latency_ms"]) >= 0);
    auto bookings = j.doc["bookings"].get_array();
    REQUIRE(bookings.size() == 1);
    CHECK(int64_t(bookings.at(0)["party_size"]) == 4);
    CHECK(std::string_view(bookings.at(0)["name"]).find("Dupont") != std::string::npos);
  }

  auto stats = s.api("GET", "/api/v1/stats");
  REQUIRE(stats.status == 200);
  CHECK(stat(stats.body, "today", "calls") == 1);
  CHECK(stat(stats.body, "last_7_days", "bookings") == 1);
  CHECK(stat(stats.body, "last_30_days", "turns") == 3);

  // Filters: a status no call has, a caller no call has, the caller who did call.
  CHECK(s.api("GET", "/api/v1/calls?status=busy").body.find(kSid) == std::string::npos);
  CHECK(s.api("GET", "/api/v1/calls?caller=%2B33700000000").body.find(kSid) == std::string::npos);
  CHECK(s.api("GET", "/api/v1/calls?caller=%2B33611223344").body.find(kSid) != std::string::npos);

  // Erasure reaches the read model in the next request too.
  REQUIRE(s.api("DELETE", "/api/v1/calls/" + kSid).status == 200);
  auto erased = s.api("GET", "/api/v1/calls/" + kSid);
  CHECK(erased.body.find("Dupont") == std::string::npos);
  CHECK(erased.body.find("+33611223344") == std::string::npos);
  CHECK(erased.body.find("\"erased\":true") != std::string::npos);
  CHECK(erased.body.find("[erased]") != std::string::npos);
}

TEST_CASE("a restart resumes the read models without counting a call twice") {
  TempDir dir;
  std::string key;
  {
    Server s(dir);
    key = s.key;
    REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr"))
                .status == 201);
    run_booking_call(s, kSid, "+33123456789", kLines, "Chez Marcel");
  }
  Server again(dir, key);
  auto stats = again.api("GET", "/api/v1/stats");
  REQUIRE(stats.status == 200);
  CHECK(stat(stats.body, "today", "calls") == 1);
  CHECK(stat(stats.body, "today", "bookings") == 1);
  run_booking_call(again, "CA00000000000000000000000000000002", "+33123456789", kLines,
                   "Chez Marcel");
  CHECK(stat(again.api("GET", "/api/v1/stats").body, "today", "calls") == 2);
}

TEST_CASE("read-model queries refuse bad parameters by name, and hide other tenants' calls") {
  TempDir dir;
  Server s(dir);
  auto field = [&](const std::string& target) {
    auto r = s.api("GET", target);
    CHECK(r.status == 400);
    Json j(r.body);
    std::string_view f;
    return j.doc["field"].get(f) ? std::string() : std::string(f);
  };
  CHECK(field("/api/v1/calls?limit=0") == "limit");
  CHECK(field("/api/v1/calls?limit=abc") == "limit");
  CHECK(field("/api/v1/calls?day=2026-02-30") == "day");
  CHECK(field("/api/v1/calls?caller=0611") == "caller");
  CHECK(field("/api/v1/calls?outcome=great") == "outcome");
  CHECK(field("/api/v1/calls?assistant=a-1") == "assistant");
  CHECK(field("/api/v1/stats?from=2026-11-25&to=2026-11-01") == "from");
  CHECK(s.api("GET", "/api/v1/calls/CAnothere").status == 404);
  auto doc = s.send("GET", "/api/v1/openapi.json", "", "", std::nullopt);
  CHECK(doc.status == 200);
}
