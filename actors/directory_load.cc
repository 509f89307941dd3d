#include "actors/directory_load.h"

namespace webox {

Result<std::uint64_t> load_directories(const EventLog& log, AssistantDirectory& assistants,
                                       TenantDirectory& tenants, QuotaTable& quotas) {
  auto a = std::make_shared<AssistantDirectory::Snapshot>();
  auto t = std::make_shared<TenantDirectory::Snapshot>();
  std::uint64_t from = 1, count = 0;
  for (;;) {
    auto page = log.read_all(from, 4096);
    if (!page) return std::move(page).error();
    if (page->empty()) break;
    for (auto& e : *page) {
      if (AssistantDirectory::concerns(e)) AssistantDirectory::fold(*a, e);
      else if (TenantDirectory::concerns(e)) tenants.fold(*t, e);
      else if (std::holds_alternative<CallStarted>(e.data) ||
               std::holds_alternative<QuotaWarning>(e.data)) {
        auto it = t->tenants.find(e.tenant);
        quotas.fold(e, it == t->tenants.end() ? std::string("UTC") : it->second.view.time_zone);
      }
    }
    count += page->size();
    from = page->back().position + 1;
  }
  assistants.publish(std::move(a));
  tenants.publish(std::move(t));
  return count;
}

}  // namespace webox
