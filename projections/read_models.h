// Every read model the engine keeps, in one place: what the engine folds, what
// `webox projections rebuild [NAME]` rebuilds, and what the rebuild benchmark measures.
//
//   ReadModels models;
//   auto p = Projector::start(log, store, models.all());
//   models.calls.list({...});  models.stats.query({...});  models.billing.query({...});
//   models.bookings.query({...});
//   ReadModel* one = models.find("stats");        // nullptr for an unknown name
#pragma once

#include <string_view>
#include <vector>

#include "projections/billing.h"
#include "projections/bookings.h"
#include "projections/call_list.h"
#include "projections/read_model.h"
#include "projections/statistics.h"

namespace webox {

struct ReadModels {
  CallList calls;
  Statistics stats;
  Billing billing;
  Bookings bookings;

  std::vector<ReadModel*> all() { return {&calls, &stats, &billing, &bookings}; }
  ReadModel* find(std::string_view name) {
    for (auto* m : all())
      if (m->name() == name) return m;
    return nullptr;
  }
};

}  // namespace webox
