#include "actors/quota_table.h"

#include <algorithm>

#include "events/plans.h"

namespace webox {

QuotaTable::Tenant& QuotaTable::tenant(const std::string& id, const std::string& time_zone) {
  auto& t = tenants_[id];
  if (t.zone.name() != time_zone) t.zone = TimeZone::find_or_utc(time_zone);
  return t;
}

QuotaTable::Admission QuotaTable::admit(const TenantView& view, Micros now) {
  const Plan* plan = find_plan(view.plan);
  if (!plan) plan = &kBillingPlans[0];
  Admission a;
  a.tenant = view.id;
  a.plan = std::string(plan->name);
  a.quota = plan->quota;
  a.at = now;
  std::lock_guard lock(mu_);
  Tenant& t = tenant(view.id, view.time_zone);
  a.month = t.zone.local(now).month_key();
  Month& m = t.months[a.month];
  if (m.used >= plan->quota) {
    if (view.overage_policy == "reject") {
      a.verdict = Verdict::reject;
      a.used = m.used;
      return a;
    }
    a.verdict = Verdict::overage;
  }
  a.used = ++m.used;
  std::int64_t due = 0;
  for (auto pct : kQuotaThresholds)
    if (m.used * 100 >= plan->quota * pct) ++due;
  a.warned_before = m.claimed;
  for (std::int64_t i = m.claimed; i < due; ++i)
    a.warnings.push_back(QuotaWarning{.tenant_id = view.id, .month = a.month,
                                      .threshold_percent = kQuotaThresholds[i], .plan = a.plan,
                                      .quota = a.quota, .calls_used = m.used});
  m.claimed = std::max(m.claimed, due);
  return a;
}

void QuotaTable::release(const Admission& a) {
  if (a.verdict == Verdict::reject) return;
  std::lock_guard lock(mu_);
  auto t = tenants_.find(a.tenant);
  if (t == tenants_.end()) return;
  auto m = t->second.months.find(a.month);
  if (m == t->second.months.end()) return;
  if (m->second.used > 0) --m->second.used;
  if (!a.warnings.empty()) m->second.claimed = std::min(m->second.claimed, a.warned_before);
}

void QuotaTable::settle(const Admission& a, bool written) {
  if (written || a.warnings.empty()) return;
  std::lock_guard lock(mu_);
  auto& m = tenants_[a.tenant].months[a.month];
  m.claimed = std::min(m.claimed, a.warned_before);
}

void QuotaTable::fold(const Envelope& e, const std::string& time_zone) {
  std::lock_guard lock(mu_);
  if (std::holds_alternative<CallStarted>(e.data)) {
    Tenant& t = tenant(e.tenant, time_zone);
    ++t.months[t.zone.local(e.recorded_at).month_key()].used;
  } else if (auto* w = std::get_if<QuotaWarning>(&e.data)) {
    // By the threshold, not the event's version: two calls' warnings may land in either order.
    auto& m = tenants_[w->tenant_id].months[w->month];
    const auto* at = std::find(kQuotaThresholds.begin(), kQuotaThresholds.end(),
                               w->threshold_percent);
    if (at != kQuotaThresholds.end())
      m.claimed = std::max<std::int64_t>(m.claimed, at - kQuotaThresholds.begin() + 1);
  }
}

std::int64_t QuotaTable::used(const std::string& tenant, const std::string& month) const {
  std::lock_guard lock(mu_);
  auto t = tenants_.find(tenant);
  if (t == tenants_.end()) return 0;
  auto m = t->second.months.find(month);
  return m == t->second.months.end() ? 0 : m->second.used;
}

}  // namespace webox
