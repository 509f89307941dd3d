// The billing API's JSON: the plan body refused field by field, the month rendered.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "http/billing_json.h"

using namespace webox;

TEST_CASE("a plan change body: plan required, policy optional, anything else named") {
  auto ok = http::parse_plan_change("t1", R"({"plan":"pro","overage_policy":"reject"})");
  REQUIRE(ok);
  CHECK(ok->tenant_id == "t1");
  CHECK(ok->plan == "pro");
  CHECK(ok->overage_policy == "reject");
  auto kept = http::parse_plan_change("t1", R"({"plan":"business"})");
  REQUIRE(kept);
  CHECK_FALSE(kept->overage_policy);

  for (auto [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({})", "plan"},
           {R"({"plan":"free"})", "plan"},
           {R"({"plan":["pro"]})", "plan"},
           {R"({"plan":"pro","plan":"starter"})", "plan"},
           {R"({"plan":"pro","overage_policy":"block"})", "overage_policy"},
           {R"({"plan":"pro","overage_policy":false})", "overage_policy"},
           {R"({"plan":"pro","quota":1000})", "quota"}}) {
    auto r = http::parse_plan_change("t1", body);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::invalid_argument);
    CHECK(r.error().field == field);
  }
  CHECK_FALSE(http::parse_plan_change("t1", "not json"));
  CHECK_FALSE(http::parse_plan_change("t1", "[]"));
}

TEST_CASE("a billing month renders as JSON with its percent and assistants") {
  BillingView v{.tenant_id = "t1", .month = "2026-12", .time_zone = "Europe/Paris",
                .plan = "pro", .overage_policy = "reject", .quota = 500, .calls_used = 403,
                .rejected_calls = 2, .warnings = 1, .plan_price_micros = 150'000'000,
                .revenue_micros = 150'000'000, .cost_micros = 40'000'000,
                .margin_micros = 110'000'000};
  v.by_assistant["a-1"] = BillingLine{.calls = 403, .costed_calls = 400,
                                      .cost_micros = 40'000'000, .revenue_micros = 120'900'000};
  std::string json = http::render_billing(v);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(json).get(doc));
  CHECK(std::string_view(doc["month"]) == "2026-12");
  CHECK(std::int64_t(doc["percent"]) == 80);  // 403 of 500, rounded down
  CHECK(std::int64_t(doc["used"]) == 403);
  CHECK(std::string_view(doc["overage_policy"]) == "reject");
  CHECK(std::int64_t(doc["margin_micros"]) == 110'000'000);
  auto a = doc["assistants"].at(0);
  CHECK(std::string_view(a["assistant_id"]) == "a-1");
  CHECK(std::int64_t(a["margin_micros"]) == 80'900'000);
}
