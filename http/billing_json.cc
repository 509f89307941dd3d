#include "http/billing_json.h"

#include "events/codec.h"
#include "events/plans.h"
#include "http/json_body.h"

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

namespace {

void str(std::string& out, std::string_view key, std::string_view value) {
  out += '"';
  out += key;
  out += "\":";
  append_json_string(out, value);
  out += ',';
}

void num(std::string& out, std::string_view key, std::int64_t value, bool last = false) {
  out += '"';
  out += key;
  out += "\":";
  out += std::to_string(value);
  if (!last) out += ',';
}

}  // namespace

std::string render_billing(const BillingView& v) {
  std::string out = "{";
  str(out, "tenant_id", v.tenant_id);
  str(out, "month", v.month);
  str(out, "time_zone", v.time_zone);
  str(out, "currency", v.currency);
  str(out, "plan", v.plan);
  str(out, "overage_policy", v.overage_policy);
  num(out, "quota", v.quota);
  num(out, "used", v.calls_used);
  num(out, "percent", v.quota > 0 ? v.calls_used * 100 / v.quota : 0);
  num(out, "overage_calls", v.overage_calls);
  num(out, "rejected_calls", v.rejected_calls);
  num(out, "warnings", v.warnings);
  num(out, "plan_price_micros", v.plan_price_micros);
  num(out, "overage_revenue_micros", v.overage_revenue_micros);
  num(out, "revenue_micros", v.revenue_micros);
  num(out, "cost_micros", v.cost_micros);
  num(out, "margin_micros", v.margin_micros);
  out += "\"assistants\":[";
  bool first = true;
  for (const auto& [id, line] : v.by_assistant) {
    if (!first) out += ',';
    first = false;
    out += '{';
    str(out, "assistant_id", id);
    num(out, "calls", line.calls);
    num(out, "overage_calls", line.overage_calls);
    num(out, "costed_calls", line.costed_calls);
    num(out, "cost_micros", line.cost_micros);
    num(out, "revenue_micros", line.revenue_micros);
    num(out, "margin_micros", line.margin_micros(), true);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace webox::http
