// Answered calls per tenant and calendar month (tenant's zone), in memory, for the decision a
// new call needs before it is answered: a mutex, a hash lookup and a small map, never a read.
//
//   QuotaTable quotas;                                   // folded from the log at startup
//   auto a = quotas.admit(tenant_view, now);             // counts the call if it is answered
//   a.verdict;           // accept, overage (past the quota, policy "overage") or reject
//   a.warnings;          // QuotaWarning(s) this call crossed: append each to
//                        // quota_stream(tenant, a.month), its event id from the threshold
//   quotas.settle(a, true);    // the warnings are in the log (or were found there)
//   quotas.release(a);         // the call was not recorded after all: uncount it
//
// A call is counted when admitted, not when its CallStarted is durable, so two calls racing
// for the last included call cannot both get it; a call whose append fails, or which turns
// out to be in the log already (a retry after a restart), is released. Thresholds are claimed
// by the call that crosses them and written with an event id derived from the threshold, so
// each is written once per tenant and month even across restarts (the log's warnings are
// folded at startup), in whichever order two calls' appends land.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/engine.h"
#include "projections/time_zone.h"

namespace webox {

class QuotaTable {
 public:
  enum class Verdict { accept, overage, reject };
  struct Admission {
    Verdict verdict = Verdict::accept;
    std::string tenant, month, plan;
    Micros at = 0;                       // the instant decided on: the call's recorded_at
    std::int64_t used = 0, quota = 0;    // used: this call included, unless rejected
    std::vector<QuotaWarning> warnings;  // thresholds to append, in order
    std::int64_t warned_before = 0;      // thresholds claimed before them (0, 1 or 2)
  };

  Admission admit(const TenantView& tenant, Micros now);
  void release(const Admission& a);
  // written: the warnings are in the log; false: they were not, the next call tries again.
  void settle(const Admission& a, bool written);

  // -- startup fold (before any admit) --
  // CallStarted and QuotaWarning; `time_zone` is the tenant's as of the event.
  void fold(const Envelope& e, const std::string& time_zone);

  std::int64_t used(const std::string& tenant, const std::string& month) const;

 private:
  struct Month {
    std::int64_t used = 0;
    std::int64_t claimed = 0;  // thresholds written or being written (0, 1 or 2)
  };
  struct Tenant {
    TimeZone zone;
    std::map<std::string, Month> months;
  };
  Tenant& tenant(const std::string& id, const std::string& time_zone);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Tenant> tenants_;
};

}  // namespace webox
