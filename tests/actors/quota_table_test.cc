// The quota table's decisions: thresholds claimed once each (80 %, then 100 %), the policy past
// the quota, releasing a call that was not recorded, a restart folded from the log, and the
// month in the tenant's time zone.
#include <catch2/catch.hpp>

#include "actors/quota_table.h"

using namespace webox;

namespace {

TenantView tenant(std::string plan = "starter", std::string policy = "overage",
                  std::string zone = "UTC") {
  TenantView t;
  t.id = "t1";
  t.plan = std::move(plan);
  t.overage_policy = std::move(policy);
  t.time_zone = std::move(zone);
  return t;
}

const Micros kDec = *parse_utc("2026-12-10T12:00:00.000000Z");

Envelope started(const std::string& sid, Micros at) {
  Envelope e;
  e.stream = call_stream(sid);
  e.tenant = "t1";
  e.version = 1;
  e.recorded_at = at;
  e.data = CallStarted{.call_sid = sid};
  return e;
}

// A QuotaWarning of tenant t1 for December 2026, as stored at `version` of its stream.
Envelope warning(std::int32_t threshold_percent, std::uint64_t version) {
  Envelope e;
  e.stream = quota_stream("t1", "2026-12");
  e.tenant = "t1";
  e.version = version;
  e.data = QuotaWarning{.tenant_id = "t1", .month = "2026-12",
                        .threshold_percent = threshold_percent};
  return e;
}

}  // namespace

TEST_CASE("quota: 79 -> 80 -> 100 %, each threshold claimed once, then the policy") {
  QuotaTable q;
  for (int i = 1; i <= 79; ++i) {
    auto a = q.admit(tenant(), kDec);
    REQUIRE(a.verdict == QuotaTable::Verdict::accept);
    REQUIRE(a.warnings.empty());
    CHECK(a.used == i);
  }
  auto at80 = q.admit(tenant(), kDec);
  CHECK(at80.month == "2026-12");
  CHECK(at80.used == 80);
  REQUIRE(at80.warnings.size() == 1);
  CHECK(at80.warnings[0].threshold_percent == 80);
  CHECK(at80.warnings[0].calls_used == 80);
  CHECK(at80.warnings[0].quota == 100);
  CHECK(at80.warned_before == 0);
  q.settle(at80, true);
  for (int i = 81; i <= 99; ++i) REQUIRE(q.admit(tenant(), kDec).warnings.empty());
  auto at100 = q.admit(tenant(), kDec);
  REQUIRE(at100.warnings.size() == 1);
  CHECK(at100.warnings[0].threshold_percent == 100);
  CHECK(at100.warned_before == 1);
  CHECK(at100.verdict == QuotaTable::Verdict::accept);  // the 100th call is included

  auto over = q.admit(tenant(), kDec);
  CHECK(over.verdict == QuotaTable::Verdict::overage);
  CHECK(over.used == 101);
  CHECK(over.warnings.empty());

  auto refused = q.admit(tenant("starter", "reject"), kDec);
  CHECK(refused.verdict == QuotaTable::Verdict::reject);
  CHECK(q.used("t1", "2026-12") == 101);  // a refused call is not counted
}

TEST_CASE("quota: a call released is uncounted and its threshold claimed again") {
  QuotaTable q;
  for (int i = 1; i <= 79; ++i) (void)q.admit(tenant(), kDec);
  auto a = q.admit(tenant(), kDec);
  REQUIRE(a.warnings.size() == 1);
  q.release(a);  // e.g. its append failed
  CHECK(q.used("t1", "2026-12") == 79);
  auto again = q.admit(tenant(), kDec);
  CHECK(again.used == 80);
  CHECK(again.warnings.size() == 1);
  // A warning append that failed: the next call tries it again, expecting the same version.
  q.settle(again, false);
  auto next = q.admit(tenant(), kDec);
  REQUIRE(next.warnings.size() == 1);
  CHECK(next.warned_before == 0);
}

TEST_CASE("quota: a plan change that jumps past both thresholds claims both, in order") {
  QuotaTable q;
  for (int i = 1; i <= 450; ++i) (void)q.admit(tenant("pro"), kDec);  // 90 % of 500
  auto a = q.admit(tenant("starter"), kDec);  // downgraded: 451 of 100
  REQUIRE(a.warnings.size() == 1);             // 80 % was claimed at 400 of 500
  CHECK(a.warnings[0].threshold_percent == 100);
  CHECK(a.verdict == QuotaTable::Verdict::overage);

  // Business -> starter with 120 calls: both at once.
  QuotaTable big;
  for (int i = 1; i <= 120; ++i) (void)big.admit(tenant("business"), kDec);
  auto c = big.admit(tenant("starter"), kDec);
  REQUIRE(c.warnings.size() == 2);
  CHECK(c.warnings[0].threshold_percent == 80);
  CHECK(c.warnings[1].threshold_percent == 100);
}

TEST_CASE("quota: a restart folds the month's calls and warnings from the log") {
  QuotaTable q;
  for (int i = 0; i < 85; ++i) q.fold(started("CA" + std::to_string(i), kDec), "UTC");
  q.fold(warning(80, 1), "UTC");
  auto a = q.admit(tenant(), kDec);
  CHECK(a.used == 86);
  CHECK(a.warnings.empty());  // 80 % is in the log already
  for (int i = 87; i < 100; ++i) (void)q.admit(tenant(), kDec);
  auto at100 = q.admit(tenant(), kDec);
  REQUIRE(at100.warnings.size() == 1);
  CHECK(at100.warned_before == 1);
}

TEST_CASE("quota: warnings that landed out of order fold by their threshold") {
  // Two calls crossed 80 % and 100 %; the second call's append landed first (version 1).
  QuotaTable q;
  for (int i = 0; i < 100; ++i) q.fold(started("CA" + std::to_string(i), kDec), "UTC");
  q.fold(warning(100, 1), "UTC");
  // Only the 100 % one is in the log (the other call's append was lost in a crash): 80 % is
  // not claimed again past it, and 100 % is not claimed twice.
  CHECK(q.admit(tenant(), kDec).warnings.empty());
  QuotaTable both;
  both.fold(warning(100, 1), "UTC");
  both.fold(warning(80, 2), "UTC");  // version 2, threshold 1 of 2: still both claimed
  for (int i = 0; i < 100; ++i) both.fold(started("CB" + std::to_string(i), kDec), "UTC");
  CHECK(both.admit(tenant(), kDec).warnings.empty());
}

TEST_CASE("quota: the month is the tenant's, in its time zone") {
  QuotaTable q;
  auto paris = tenant("starter", "overage", "Europe/Paris");
  // 23:30 UTC on 31 October is 00:30 on 1 November in Paris (CET, UTC+1).
  auto late = q.admit(paris, *parse_utc("2026-10-31T23:30:00.000000Z"));
  CHECK(late.month == "2026-11");
  auto before = q.admit(paris, *parse_utc("2026-10-31T22:30:00.000000Z"));
  CHECK(before.month == "2026-10");
  CHECK(q.used("t1", "2026-11") == 1);
  CHECK(q.used("t1", "2026-10") == 1);
  // Folded at startup with the zone the tenant had then: the same months.
  QuotaTable folded;
  folded.fold(started("CA1", *parse_utc("2026-10-31T23:30:00.000000Z")), "Europe/Paris");
  CHECK(folded.used("t1", "2026-11") == 1);
  CHECK(folded.used("t1", "2026-10") == 0);
}
