#include "http/billing_json.h"

#include "events/codec.h"
#include "events/plans.h"
#include "http/json_body.h"
#include "http/json_members.h"

namespace webox::http {

Result<PlanChange> parse_plan_change(std::string tenant_id, std::string_view json) {
  auto object = parse_json_object(json);
  if (!object) return std::move(object).error();
  PlanChange c;
  c.tenant_id = std::move(tenant_id);
  bool has_plan = false;
  for (auto [key, value] : *object) {
    if (key != "plan" && key != "overage_policy")
      return Error::invalid(std::string(key), "unknown field");
    std::string_view s;
    if (value.get(s)) return Error::invalid(std::string(key), "must be a string");
    if (key == "plan") {
      if (has_plan) return Error::invalid("plan", "given more than once");
      if (!find_plan(s)) return Error::invalid("plan", "must be \"starter\", \"pro\" or \"business\"");
      c.plan = std::string(s);
      has_plan = true;
    } else {
      if (c.overage_policy) return Error::invalid("overage_policy", "given more than once");
      if (!valid_overage_policy(s))
        return Error::invalid("overage_policy", "must be \"overage\" or \"reject\"");
      c.overage_policy = std::string(s);
    }
  }
  if (!has_plan) return Error::invalid("plan", "is required (\"starter\", \"pro\" or \"business\")");
  return c;
}


std::string render_billing(const BillingView& v) {
  std::string out = "{";
  json_str(out, "tenant_id", v.tenant_id);
  json_str(out, "month", v.month);
  json_str(out, "time_zone", v.time_zone);
  json_str(out, "currency", v.currency);
  json_str(out, "plan", v.plan);
  json_str(out, "overage_policy", v.overage_policy);
  json_num(out, "quota", v.quota);
  json_num(out, "used", v.calls_used);
  json_num(out, "percent", v.quota > 0 ? v.calls_used * 100 / v.quota : 0);
  json_num(out, "overage_calls", v.overage_calls);
  json_num(out, "rejected_calls", v.rejected_calls);
  json_num(out, "warnings", v.warnings);
  json_num(out, "plan_price_micros", v.plan_price_micros);
  json_num(out, "overage_revenue_micros", v.overage_revenue_micros);
  json_num(out, "revenue_micros", v.revenue_micros);
  json_num(out, "cost_micros", v.cost_micros);
  json_num(out, "margin_micros", v.margin_micros);
  out += "\"assistants\":[";
  bool first = true;
  for (const auto& [id, line] : v.by_assistant) {
    if (!first) out += ',';
    first = false;
    out += '{';
    json_str(out, "assistant_id", id);
    json_num(out, "calls", line.calls);
    json_num(out, "overage_calls", line.overage_calls);
    json_num(out, "costed_calls", line.costed_calls);
    json_num(out, "cost_micros", line.cost_micros);
    json_num(out, "revenue_micros", line.revenue_micros);
    json_num(out, "margin_micros", line.margin_micros());
    out.back() = '}';
  }
  out += "]}";
  return out;
}

}  // namespace webox::http
