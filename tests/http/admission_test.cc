// Admission: which requests are refused before routing, with time passed in.
#include <catch2/catch.hpp>

#include "http/admission.h"
#include "tests/http/drive.h"

using namespace webox;
using namespace webox::http;
using webox::testing::header;
using webox::testing::json_string;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;

}  // namespace

TEST_CASE("admission: health always passes, then the in-flight cap, then the rates", "[limits]") {
  HttpOptions o;
  o.max_in_flight = 10;
  o.api_rate_per_address = 1;
  o.twilio_rate_per_address = 100;
  o.api_rate_per_key = 2;
  o.rate_burst_seconds = 1;
  LimitCounters counters;
  Admission admission(o, counters);

  auto full = admission.admit("/twilio/voice", "a", 10, 0);
  REQUIRE(full);
  CHECK(full->status == 503);
  CHECK(full->content_type == "application/problem+json");
  REQUIRE(header(*full, "Retry-After"));
  CHECK(*header(*full, "Retry-After") == "1");
  CHECK_FALSE(admission.admit("/healthz", "a", 10, 0));  // never shed
  CHECK(counters.overloaded == 1);

  // /api and everything else share the per-address API bucket; /twilio has its own.
  CHECK_FALSE(admission.admit("/api/v1/assistants", "a", 0, 0));
  auto limited = admission.admit("/nope", "a", 0, 0);
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(*header(*limited, "Retry-After") == "1");
  CHECK(json_string(limited->body, "title") == "Too Many Requests");
  CHECK_FALSE(admission.admit("/twilio/gather", "a", 0, 0));
  CHECK_FALSE(admission.admit("/api/v1/assistants", "b", 0, 0));  // another address
  CHECK_FALSE(admission.admit("/api/v1/assistants", "a", 0, kSecond));  // refilled

  // The per-key hook, for the auth code.
  CHECK_FALSE(admission.check_api_key("key-1", 0));
  CHECK_FALSE(admission.check_api_key("key-1", 0));
  auto by_key = admission.check_api_key("key-1", 0);
  REQUIRE(by_key);
  CHECK(by_key->status == 429);
  CHECK_FALSE(admission.check_api_key("key-2", 0));
  CHECK(counters.rate_limited == 2);
}
