// The billing API's JSON: the PUT /api/v1/billing/plan body, and the GET /api/v1/billing answer.
//
//   parse_plan_change("t1", R"({"plan":"pro","overage_policy":"reject"})")
//   // -> PlanChange{"t1", "pro", "reject"}
//   parse_plan_change("t1", R"({"plan":"gold"})")   // Error::invalid("plan", ...)
//   render_billing(view)
//   // {"tenant_id":"t1","month":"2026-12","time_zone":"Europe/Paris","currency":"EUR",
//   //  "plan":"pro","overage_policy":"reject","quota":500,"used":400,"percent":80,
//   //  "overage_calls":0,"rejected_calls":0,"warnings":1,"plan_price_micros":150000000,
//   //  "overage_revenue_micros":0,"revenue_micros":150000000,"cost_micros":40000000,
//   //  "margin_micros":110000000,
//   //  "assistants":[{"assistant_id":"a-1","calls":400,"overage_calls":0,"costed_calls":398,
//   //                 "cost_micros":40000000,"revenue_micros":120000000,"margin_micros":80000000}]}
//
// "plan" is required; "overage_policy" may be left out (the tenant keeps its policy). Any other
// member, or a member of the wrong type, is a 400 naming it. percent is the integer part of
// used * 100 / quota.
#pragma once

#include <string>
#include <string_view>

#include "actors/engine.h"
#include "events/result.h"

namespace webox::http {

[[nodiscard]] Result<PlanChange> parse_plan_change(std::string tenant_id, std::string_view json);
std::string render_billing(const BillingView& view);

}  // namespace webox::http
