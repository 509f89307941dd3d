#include "projections/billing.h"

#include <charconv>
#include <mutex>
#include <vector>

#include "events/plans.h"
#include "projections/row_fields.h"

namespace webox {
namespace {

std::string join(std::initializer_list<std::string> fields) {
  std::string out;
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += '\t';
    first = false;
    out += f;
  }
  return out;
}

std::string num(std::int64_t v) { return std::to_string(v); }

const Plan& plan_or_starter(std::string_view name) {
  const Plan* p = find_plan(name);
  return p ? *p : kBillingPlans[0];
}

}  // namespace

// -- folding --

std::string Billing::month_of(const std::string& tenant, Micros at) {
  auto it = zones_.find(tenant);
  if (it == zones_.end()) {
    auto t = tenants_.find(tenant);
    it = zones_.emplace(tenant, TimeZone::find_or_utc(t == tenants_.end() ? "UTC" : t->second.zone))
             .first;
  }
  return it->second.local(at).month_key();
}

Billing::MonthRow& Billing::month_row(const std::string& tenant, const std::string& month) {
  MonthKey key{tenant, month};
  dirty_months_.insert(key);
  auto [it, made] = months_.try_emplace(key);
  if (made) it->second.plan = tenants_[tenant].plan;
  return it->second;
}

BillingLine& Billing::line(const CallBilling& c) {
  LineKey key{c.tenant_id, c.month, c.assistant_id};
  dirty_lines_.insert(key);
  return lines_[key];
}

void Billing::fold(const Envelope& e) {
  std::visit(
      [&](const auto& ev) {
        using T = std::decay_t<decltype(ev)>;
        if constexpr (std::is_same_v<T, TenantCreated>) {
          tenants_[ev.tenant_id] = TenantRow{ev.profile.plan, std::string(kDefaultOveragePolicy),
                                             ev.profile.time_zone};
          zones_.erase(ev.tenant_id);
          dirty_tenants_.insert(ev.tenant_id);
        } else if constexpr (std::is_same_v<T, TenantUpdated> || std::is_same_v<T, PlanChanged>) {
          TenantRow& t = tenants_[ev.tenant_id];
          std::optional<std::string> plan;
          if constexpr (std::is_same_v<T, TenantUpdated>) {
            plan = ev.plan;  // logs written before PlanChanged: a plan change, policy kept
            if (ev.time_zone) {
              t.zone = *ev.time_zone;
              zones_.erase(ev.tenant_id);
            }
          } else {
            plan = ev.plan;
            t.policy = ev.overage_policy;
          }
          dirty_tenants_.insert(ev.tenant_id);
          if (!plan) return;
          t.plan = *plan;
          month_row(ev.tenant_id, month_of(ev.tenant_id, e.recorded_at)).plan = *plan;
        } else if constexpr (std::is_same_v<T, CallStarted>) {
          if (calls_.count(ev.call_sid)) return;
          CallBilling c{.call_sid = ev.call_sid, .tenant_id = e.tenant,
                        .assistant_id = ev.assistant_id, .month = month_of(e.tenant, e.recorded_at)};
          MonthRow& m = month_row(c.tenant_id, c.month);
          ++m.calls;
          c.revenue_micros = plan_or_starter(m.plan).included_call_micros();
          BillingLine& l = line(c);
          ++l.calls;
          l.revenue_micros += c.revenue_micros;
          dirty_calls_.insert(c.call_sid);
          calls_.emplace(ev.call_sid, std::move(c));
        } else if constexpr (std::is_same_v<T, CallOverage>) {
          auto it = calls_.find(ev.call_sid);
          if (it == calls_.end() || it->second.overage) return;
          CallBilling& c = it->second;
          MonthRow& m = month_row(c.tenant_id, c.month);
          ++m.overage_calls;
          m.overage_revenue += ev.price_micros;
          BillingLine& l = line(c);
          ++l.overage_calls;
          l.revenue_micros += ev.price_micros - c.revenue_micros;
          c.revenue_micros = ev.price_micros;
          c.overage = true;
          dirty_calls_.insert(c.call_sid);
        } else if constexpr (std::is_same_v<T, CallRejected>) {
          ++month_row(e.tenant, ev.month).rejected;
        } else if constexpr (std::is_same_v<T, QuotaWarning>) {
          ++month_row(ev.tenant_id, ev.month).warnings;
        } else if constexpr (std::is_same_v<T, CallCosted>) {
          auto it = calls_.find(ev.call_sid);
          if (it == calls_.end() || it->second.costed) return;
          CallBilling& c = it->second;
          month_row(c.tenant_id, c.month).cost += ev.total_micros;
          BillingLine& l = line(c);
          ++l.costed_calls;
          l.cost_micros += ev.total_micros;
          c.cost_micros = ev.total_micros;
          c.costed = true;
          dirty_calls_.insert(c.call_sid);
        }
      },
      e.data);
}

void Billing::flush(RowSink& out) {
  for (const auto& id : dirty_tenants_) {
    const TenantRow& t = tenants_.at(id);
    out.put("t/" + id, join({t.plan, t.policy, t.zone}));
  }
  for (const auto& k : dirty_months_) {
    const MonthRow& m = months_.at(k);
    out.put("m/" + k.first + "/" + k.second,
            join({m.plan, num(m.calls), num(m.overage_calls), num(m.rejected), num(m.warnings),
                  num(m.overage_revenue), num(m.cost)}));
  }
  for (const auto& k : dirty_lines_) {
    const BillingLine& l = lines_.at(k);
    out.put("a/" + std::get<0>(k) + "/" + std::get<1>(k) + "/" + std::get<2>(k),
            join({num(l.calls), num(l.overage_calls), num(l.costed_calls), num(l.cost_micros),
                  num(l.revenue_micros)}));
  }
  for (const auto& sid : dirty_calls_) {
    const CallBilling& c = calls_.at(sid);
    out.put("c/" + sid, join({c.tenant_id, c.assistant_id, c.month, c.overage ? "1" : "0",
                              c.costed ? "1" : "0", num(c.cost_micros), num(c.revenue_micros)}));
  }
  dirty_tenants_.clear();
  dirty_months_.clear();
  dirty_lines_.clear();
  dirty_calls_.clear();
}

Status Billing::load(std::string_view key, std::string_view value) {
  auto corrupt = [&] { return Error::make(Errc::corrupt, "billing: bad row " + std::string(key)); };
  auto f = split_fields(value, '\t');
  auto ints = [&](std::size_t from, std::initializer_list<std::int64_t*> out) {
    std::size_t i = from;
    for (auto* p : out)
      if (i >= f.size() || !parse_int(f[i++], *p)) return false;
    return i == f.size();
  };
  if (key.starts_with("t/")) {
    if (f.size() != 3) return corrupt();
    tenants_[std::string(key.substr(2))] =
        TenantRow{std::string(f[0]), std::string(f[1]), std::string(f[2])};
    return {};
  }
  if (key.starts_with("m/")) {
    auto k = split_fields(key.substr(2), '/');
    if (k.size() != 2 || f.empty()) return corrupt();
    MonthRow m;
    m.plan = f[0];
    if (!ints(1, {&m.calls, &m.overage_calls, &m.rejected, &m.warnings, &m.overage_revenue,
                  &m.cost}))
      return corrupt();
    months_[MonthKey{std::string(k[0]), std::string(k[1])}] = std::move(m);
    return {};
  }
  if (key.starts_with("a/")) {
    auto k = split_fields(key.substr(2), '/');
    if (k.size() != 3) return corrupt();
    BillingLine l;
    if (!ints(0, {&l.calls, &l.overage_calls, &l.costed_calls, &l.cost_micros, &l.revenue_micros}))
      return corrupt();
    lines_[LineKey{std::string(k[0]), std::string(k[1]), std::string(k[2])}] = l;
    return {};
  }
  if (key.starts_with("c/")) {
    if (f.size() != 7) return corrupt();
    CallBilling c{.call_sid = std::string(key.substr(2)), .tenant_id = std::string(f[0]),
                  .assistant_id = std::string(f[1]), .month = std::string(f[2]),
                  .overage = f[3] == "1", .costed = f[4] == "1"};
    if (!parse_int(f[5], c.cost_micros) || !parse_int(f[6], c.revenue_micros)) return corrupt();
    calls_[c.call_sid] = std::move(c);
    return {};
  }
  return corrupt();
}

void Billing::reset() {
  tenants_.clear();
  months_.clear();
  lines_.clear();
  calls_.clear();
  zones_.clear();
  dirty_tenants_.clear();
  dirty_months_.clear();
  dirty_lines_.clear();
  dirty_calls_.clear();
}

// -- queries --

BillingView Billing::query(const BillingQuery& q) const {
  std::shared_lock lock(mutex());
  BillingView v;
  v.tenant_id = q.tenant_id;
  v.month = q.month;
  v.currency = std::string(kCurrency);
  auto t = tenants_.find(q.tenant_id);
  if (t != tenants_.end()) {
    v.plan = t->second.plan;
    v.overage_policy = t->second.policy;
    v.time_zone = t->second.zone;
  }
  auto m = months_.find({q.tenant_id, q.month});
  if (m != months_.end()) {
    if (!m->second.plan.empty()) v.plan = m->second.plan;
    v.calls_used = m->second.calls;
    v.overage_calls = m->second.overage_calls;
    v.rejected_calls = m->second.rejected;
    v.warnings = m->second.warnings;
    v.overage_revenue_micros = m->second.overage_revenue;
    v.cost_micros = m->second.cost;
  }
  const Plan& plan = plan_or_starter(v.plan);
  v.quota = plan.quota;
  v.plan_price_micros = plan.price_micros;
  v.revenue_micros = v.plan_price_micros + v.overage_revenue_micros;
  v.margin_micros = v.revenue_micros - v.cost_micros;
  for (auto it = lines_.lower_bound({q.tenant_id, q.month, ""}); it != lines_.end(); ++it) {
    const auto& [tenant, month, assistant] = it->first;
    if (tenant != q.tenant_id || month != q.month) break;
    v.by_assistant[assistant] = it->second;
  }
  return v;
}

std::optional<CallBilling> Billing::call(const std::string& call_sid) const {
  std::shared_lock lock(mutex());
  auto it = calls_.find(call_sid);
  if (it == calls_.end()) return std::nullopt;
  return it->second;
}

}  // namespace webox
