// The price table applied to what a call used: Twilio's rounding up to the minute, integer
// micro-units rounded up per line, and the defaults matching the original plan's estimate.
#include <catch2/catch.hpp>

#include "events/plans.h"
#include "events/pricing.h"

using namespace webox;

TEST_CASE("a call's cost: minutes rounded up, each line rounded up, total = sum of lines") {
  PriceTable p;
  auto c = cost_call("CA01", "a-1",
                     CallUsage{.duration_seconds = 61, .stt_units = 4, .llm_tokens = 0,
                               .tts_characters = 950},
                     p);
  CHECK(c.call_sid == "CA01");
  CHECK(c.assistant_id == "a-1");
  CHECK(c.currency == "EUR");
  CHECK(c.billed_minutes == 2);
  CHECK(c.twilio_micros == 8'000);
  CHECK(c.stt_micros == 4'000);
  CHECK(c.llm_micros == 0);
  CHECK(c.tts_micros == 19'000);
  CHECK(c.total_micros == 31'000);

  CHECK(cost_call("CA", "a", {.duration_seconds = 60}, p).billed_minutes == 1);
  CHECK(cost_call("CA", "a", {.duration_seconds = 0}, p).billed_minutes == 0);
  CHECK(cost_call("CA", "a", {.duration_seconds = -5}, p).total_micros == 0);
  // A fraction of a micro-unit is charged as a whole one: 1 token at 20,000 per 1,000 = 20;
  // 1 character at 1 per 1,000 = 0.001, charged 1.
  CHECK(cost_call("CA", "a", {.llm_tokens = 1}, p).llm_micros == 20);
  PriceTable tiny;
  tiny.tts_per_1k_characters_micros = 1;
  CHECK(cost_call("CA", "a", {.tts_characters = 1}, tiny).tts_micros == 1);
  CHECK(cost_call("CA", "a", {.tts_characters = 1000}, tiny).tts_micros == 1);
  CHECK(cost_call("CA", "a", {.tts_characters = 1001}, tiny).tts_micros == 2);
}

TEST_CASE("the default prices give the original plan's 0.10 EUR for a 5-minute call") {
  // 5 minutes, 20 blocks of 15 s heard, ~2,000 LLM tokens, ~1,000 characters spoken.
  auto c = cost_call("CA", "a",
                     {.duration_seconds = 300, .stt_units = 20, .llm_tokens = 2000,
                      .tts_characters = 1000},
                     PriceTable{});
  CHECK(c.twilio_micros == 20'000);
  CHECK(c.stt_micros == 20'000);
  CHECK(c.llm_micros == 40'000);
  CHECK(c.tts_micros == 20'000);
  CHECK(c.total_micros == 100'000);
}

TEST_CASE("the plans of the original plan") {
  REQUIRE(find_plan("starter"));
  CHECK(find_plan("starter")->price_micros == 50'000'000);
  CHECK(find_plan("starter")->quota == 100);
  CHECK(find_plan("pro")->quota == 500);
  CHECK(find_plan("pro")->included_call_micros() == 300'000);
  CHECK(find_plan("business")->price_micros == 500'000'000);
  CHECK(find_plan("business")->quota == 2000);
  CHECK(find_plan("gold") == nullptr);
  CHECK(find_plan("Starter") == nullptr);
  CHECK(valid_overage_policy("reject"));
  CHECK(valid_overage_policy("overage"));
  CHECK_FALSE(valid_overage_policy("block"));
}
