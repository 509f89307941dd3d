// A tenant's plan and policy as the directory folds them: PlanChanged sets both, and the
// TenantUpdated.plan rows of older logs still change the plan, keeping the policy.
#include <catch2/catch.hpp>

#include "actors/tenant_directory.h"

using namespace webox;

namespace {

Envelope at_version(std::uint64_t v, EventData d) {
  Envelope e;
  e.stream = tenant_stream("bistro");
  e.tenant = "bistro";
  e.version = v;
  e.recorded_at = 1'000'000 * static_cast<Micros>(v);
  e.data = std::move(d);
  return e;
}

}  // namespace

TEST_CASE("plan and over-quota policy fold from PlanChanged and older TenantUpdated.plan") {
  TenantDirectory dir(SecretKey::random(), "");
  dir.apply(at_version(1, TenantCreated{"bistro", TenantProfile{.name = "Bistro"}}));
  CHECK(dir.get("bistro")->plan == "starter");
  CHECK(dir.get("bistro")->overage_policy == "overage");  // the default, also for old tenants

  dir.apply(at_version(2, TenantUpdated{.tenant_id = "bistro", .plan = "pro"}));
  CHECK(dir.get("bistro")->plan == "pro");
  CHECK(dir.get("bistro")->overage_policy == "overage");

  dir.apply(at_version(3, PlanChanged{"bistro", "business", "reject"}));
  auto v = dir.get("bistro");
  CHECK(v->plan == "business");
  CHECK(v->overage_policy == "reject");
  CHECK(v->version == 3);  // the next tenant command expects it

  dir.apply(at_version(4, TenantUpdated{.tenant_id = "bistro", .plan = "starter"}));
  CHECK(dir.get("bistro")->plan == "starter");
  CHECK(dir.get("bistro")->overage_policy == "reject");  // an old-style change keeps it
}
