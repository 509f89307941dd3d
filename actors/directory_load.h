// Startup: the in-memory directories rebuilt from the whole log in one pass.
//
//   auto n = load_directories(log, assistants, tenants, quotas);   // Result<std::uint64_t> events read
//
// The quota table counts each tenant's calls per month in the tenant's zone as of each call,
// the zone the tenant snapshot being built has at that point of the log.
// Each directory's state is built aside and published in one store at the end, so nothing
// reads a half-loaded directory. The read-model issue replaces this full scan with
// checkpointed projections.
#pragma once

#include <cstdint>

#include "actors/assistant_directory.h"
#include "actors/quota_table.h"
#include "actors/tenant_directory.h"
#include "storage/event_log.h"

namespace webox {

[[nodiscard]] Result<std::uint64_t> load_directories(const EventLog& log,
                                                     AssistantDirectory& assistants,
                                                     TenantDirectory& tenants,
                                                     QuotaTable& quotas);

}  // namespace webox
