// The billing plans of the original plan, and the policies for calls past a plan's quota.
//
//   const Plan* p = find_plan("pro");   // {"pro", 150'000'000 micro-euros a month, 500 calls}
//   p->included_call_micros()          // 300'000: what one included call earns (150 € / 500)
//   find_plan("gold")                  // nullptr
//   valid_overage_policy("reject")     // true
//
// Plans are product facts, not settings: a quota or a price that changed would rewrite the
// meaning of every month already billed, so they live in code, next to the events that name
// them. Money is integer micro-units of kCurrency.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace webox {

inline constexpr std::string_view kCurrency = "EUR";

struct Plan {
  std::string_view name;
  std::int64_t price_micros;  // per calendar month
  std::int64_t quota;         // answered calls included per month
  std::int64_t included_call_micros() const { return price_micros / quota; }
};

inline constexpr std::array<Plan, 3> kBillingPlans{{
    {"starter", 50'000'000, 100},
    {"pro", 150'000'000, 500},
    {"business", 500'000'000, 2000},
}};

inline const Plan* find_plan(std::string_view name) {
  for (const auto& p : kBillingPlans)
    if (p.name == name) return &p;
  return nullptr;
}

// "overage" is the default: a business's callers are never turned away by surprise, and what
// an extra call costs the tenant is known in advance (price_overage_per_call in the config).
// It is also what tenants whose logs predate PlanChanged always had.
inline constexpr std::string_view kDefaultOveragePolicy = "overage";
inline bool valid_overage_policy(std::string_view p) { return p == "overage" || p == "reject"; }

// The thresholds a QuotaWarning is written at, in this order (stream version 1, then 2).
inline constexpr std::array<std::int32_t, 2> kQuotaThresholds{80, 100};

}  // namespace webox
