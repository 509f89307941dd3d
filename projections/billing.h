// The billing read model ("billing"): per tenant and calendar month (tenant's zone) the plan,
// its quota, calls used, overage and rejected calls, quota warnings, revenue, cost and margin;
// per assistant and per call, cost and margin.
//
//   Billing billing;                                  // folded by the projector
//   BillingView v = billing.query({.tenant_id = "t1", .month = "2026-12"});
//   v.calls_used; v.revenue_micros;                   // plan price + overage calls
//   v.by_assistant["a-1"].margin_micros();
//   billing.call("CA01")->cost_micros;                // from its CallCosted
//
// Folding, in log order:
//   TenantCreated, TenantUpdated.plan|time_zone, PlanChanged  the tenant's plan, policy, zone;
//                  a plan set during a month is that month's plan
//   CallStarted    +1 used in the month (local month of recorded_at) and its assistant; the call
//                  earns the plan's included-call share
//   CallOverage    the call becomes an overage call, earning its recorded price
//   CallRejected   +1 rejected in the month it names
//   QuotaWarning   +1 warning in the month it names
//   CallCosted     the call's cost, once, in the month and assistant it started in
// A month's revenue is its plan's price plus its overage calls' prices; margin = revenue - cost.
//
// Rows (tab-separated fields, private to this model):
//   "t/" tenant                             -> plan, policy, time zone
//   "m/" tenant "/" month                   -> the month's counters
//   "a/" tenant "/" month "/" assistant     -> the assistant's line
//   "c/" call_sid                           -> the call's line
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "projections/billing_views.h"
#include "projections/read_model.h"
#include "projections/time_zone.h"

namespace webox {

class Billing final : public ReadModel {
 public:
  // -- queries (any thread) --
  BillingView query(const BillingQuery& q) const;
  std::optional<CallBilling> call(const std::string& call_sid) const;

  // -- ReadModel --
  std::string_view name() const override { return "billing"; }
  void fold(const Envelope& e) override;
  void flush(RowSink& out) override;
  Status load(std::string_view key, std::string_view value) override;
  void reset() override;

  struct TenantRow {
    std::string plan = "starter", policy = "overage", zone = "UTC";
  };
  struct MonthRow {
    std::string plan;
    std::int64_t calls = 0, overage_calls = 0, rejected = 0, warnings = 0;
    std::int64_t overage_revenue = 0, cost = 0;
  };
  using MonthKey = std::pair<std::string, std::string>;                           // tenant, month
  using LineKey = std::tuple<std::string, std::string, std::string>;  // tenant, month, assistant

 private:
  MonthRow& month_row(const std::string& tenant, const std::string& month);
  BillingLine& line(const CallBilling& c);
  std::string month_of(const std::string& tenant, Micros at);

  std::map<std::string, TenantRow> tenants_;
  std::map<MonthKey, MonthRow> months_;
  std::map<LineKey, BillingLine> lines_;
  std::unordered_map<std::string, CallBilling> calls_;
  std::map<std::string, TimeZone> zones_;  // folding thread only
  std::set<std::string> dirty_tenants_, dirty_calls_;
  std::set<MonthKey> dirty_months_;
  std::set<LineKey> dirty_lines_;
};

}  // namespace webox
