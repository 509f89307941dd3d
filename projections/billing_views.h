// What the billing read model answers: plain structs shared by the engine facade
// (actors/engine.h) and the HTTP layer. Money is integer micro-units of `currency`.
//
//   BillingView v = billing.query({.tenant_id = "t1", .month = "2026-12"});
//   v.calls_used * 100 / v.quota      // the percent GET /api/v1/billing shows
//   v.margin_micros == v.revenue_micros - v.cost_micros
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace webox {

struct BillingQuery {
  std::string tenant_id;
  std::string month;  // "YYYY-MM" in the tenant's zone; empty: the engine fills in "now"
};

// Revenue of a call: an included call earns its share of the plan (price / quota), an overage
// call its overage price. Cost: its CallCosted total (0 until the call ended).
struct BillingLine {
  std::int64_t calls = 0, overage_calls = 0, costed_calls = 0;
  std::int64_t cost_micros = 0, revenue_micros = 0;
  std::int64_t margin_micros() const { return revenue_micros - cost_micros; }
  friend bool operator==(const BillingLine&, const BillingLine&) = default;
};

struct BillingView {
  std::string tenant_id, month, time_zone = "UTC", currency = "EUR";
  std::string plan = "starter", overage_policy = "overage";
  std::int64_t quota = 0, calls_used = 0, overage_calls = 0, rejected_calls = 0;
  std::int64_t warnings = 0;  // QuotaWarning events of the month (80 %, 100 %)
  // revenue = the plan's monthly price + every overage call's price
  std::int64_t plan_price_micros = 0, overage_revenue_micros = 0, revenue_micros = 0;
  std::int64_t cost_micros = 0, margin_micros = 0;
  std::map<std::string, BillingLine> by_assistant;
  friend bool operator==(const BillingView&, const BillingView&) = default;
};

// One call as billing sees it.
struct CallBilling {
  std::string call_sid, tenant_id, assistant_id, month;
  bool overage = false, costed = false;
  std::int64_t cost_micros = 0, revenue_micros = 0;
  std::int64_t margin_micros() const { return revenue_micros - cost_micros; }
  friend bool operator==(const CallBilling&, const CallBilling&) = default;
};

}  // namespace webox
