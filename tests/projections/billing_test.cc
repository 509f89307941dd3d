// The billing read model against a plain fold of the same events (months counted by hand in
// Paris: UTC+2 until 25 October 2026), old TenantUpdated.plan rows still meaningful, and
// rebuild equal to incremental folding with restarts, byte for byte.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "events/plans.h"
#include "projections/billing.h"
#include "projections/projector.h"
#include "tests/projections/fold_fixture.h"

using namespace webox;
using webox::testing::LoggedCalls;

namespace {

// The synthetic calls start on 30 September at 20:00 UTC, one every 90 s: they cross midnight
// in Paris (22:00 UTC) after 80 calls.
constexpr Micros kStart = 1'790'798'400'000'000;  // 2026-09-30T20:00:00Z
const Micros kParisMidnight = *parse_utc("2026-09-30T22:00:00.000000Z");

std::string paris_month(Micros at) { return at >= kParisMidnight ? "2026-10" : "2026-09"; }

Envelope event(const std::string& stream, const std::string& tenant, Micros at, EventData d) {
  static std::uint64_t n = 0;
  Envelope e;
  e.stream = stream;
  e.tenant = tenant;
  e.event_id = Uuid::from_name(kCallEventNamespace, stream + "|" + std::to_string(++n));
  e.recorded_at = at;
  e.data = std::move(d);
  return e;
}

// Calls with their billing events: every call costed, every 7th past the quota, and now and
// then a refused call and a warning; t1's plan set the old way (TenantUpdated.plan).
struct BillingLog {
  LoggedCalls log{0, {.tenants = 2, .assistants_per_tenant = 2, .seed = 11, .start = kStart}};
  int n = 0;

  void calls(int count) {
    for (int i = 0; i < count; ++i) {
      auto reqs = log.gen.next_call();
      const Envelope first = reqs.front().events.front();  // a copy: append() consumes reqs
      auto started = std::get<CallStarted>(first.data);
      Micros end = reqs.back().events.back().recorded_at;
      std::string stream = call_stream(started.call_sid);
      log.append(std::move(reqs));
      ++n;
      std::vector<AppendRequest> extra;
      if (n % 7 == 0)
        extra.push_back({stream, kAnyVersion,
                         {event(stream, first.tenant, end + 1,
                                CallOverage{.call_sid = started.call_sid,
                                            .assistant_id = started.assistant_id,
                                            .price_micros = 400'000 + n})}});
      extra.push_back({stream, kAnyVersion,
                       {event(stream, first.tenant, end + 2,
                              CallCosted{.call_sid = started.call_sid,
                                         .assistant_id = started.assistant_id,
                                         .total_micros = 10'000 + 37 * n})}});
      if (n % 11 == 0) {
        std::string refused = call_stream("CArefused" + std::to_string(n));
        extra.push_back({refused, kNoStream,
                         {event(refused, first.tenant, end + 3,
                                CallRejected{.call_sid = "CArefused" + std::to_string(n),
                                             .assistant_id = started.assistant_id,
                                             .month = paris_month(end + 3)})}});
      }
      if (n == 120) {  // in October in Paris: the old way of setting a plan, then the new one
        extra.push_back({tenant_stream("t1"), kAnyVersion,
                         {event(tenant_stream("t1"), "t1", end + 4,
                                TenantUpdated{.tenant_id = "t1", .plan = "business"})}});
        extra.push_back({tenant_stream("t0"), kAnyVersion,
                         {event(tenant_stream("t0"), "t0", end + 5,
                                PlanChanged{.tenant_id = "t0", .plan = "pro",
                                            .overage_policy = "reject"})}});
      }
      if (n % 50 == 0) {
        std::string month = paris_month(end + 6);
        std::string q = quota_stream(first.tenant, month + "-" + std::to_string(n));
        extra.push_back({q, kNoStream,
                         {event(q, first.tenant, end + 6,
                                QuotaWarning{.tenant_id = first.tenant, .month = month,
                                             .threshold_percent = 80})}});
      }
      log.append(std::move(extra));
    }
  }
};

struct PlainMonth {
  std::int64_t calls = 0, overage = 0, rejected = 0, warnings = 0, overage_revenue = 0, cost = 0;
  std::map<std::string, std::int64_t> cost_by_assistant, calls_by_assistant;
};

// The obvious way: one pass, the month of each call remembered by its sid.
std::map<std::pair<std::string, std::string>, PlainMonth> plain_fold(
    const std::vector<Envelope>& events) {
  std::map<std::pair<std::string, std::string>, PlainMonth> out;
  std::map<std::string, std::pair<std::string, std::string>> month_of_call;
  for (const auto& e : events) {
    if (auto* s = std::get_if<CallStarted>(&e.data)) {
      auto key = std::make_pair(e.tenant, paris_month(e.recorded_at));
      month_of_call[s->call_sid] = key;
      ++out[key].calls;
      ++out[key].calls_by_assistant[s->assistant_id];
    } else if (auto* o = std::get_if<CallOverage>(&e.data)) {
      auto& m = out[month_of_call.at(o->call_sid)];
      ++m.overage;
      m.overage_revenue += o->price_micros;
    } else if (auto* c = std::get_if<CallCosted>(&e.data)) {
      auto& m = out[month_of_call.at(c->call_sid)];
      m.cost += c->total_micros;
      m.cost_by_assistant[c->assistant_id] += c->total_micros;
    } else if (auto* r = std::get_if<CallRejected>(&e.data)) {
      ++out[{e.tenant, r->month}].rejected;
    } else if (auto* w = std::get_if<QuotaWarning>(&e.data)) {
      ++out[{w->tenant_id, w->month}].warnings;
    }
  }
  return out;
}

void check_against_plain(const Billing& billing, const std::vector<Envelope>& events) {
  auto want = plain_fold(events);
  REQUIRE(want.size() == 4);  // two tenants, two months each
  for (const auto& [key, m] : want) {
    INFO(key.first << " " << key.second);
    BillingView v = billing.query({.tenant_id = key.first, .month = key.second});
    CHECK(v.calls_used == m.calls);
    CHECK(v.overage_calls == m.overage);
    CHECK(v.rejected_calls == m.rejected);
    CHECK(v.warnings == m.warnings);
    CHECK(v.overage_revenue_micros == m.overage_revenue);
    CHECK(v.cost_micros == m.cost);
    CHECK(v.revenue_micros == v.plan_price_micros + m.overage_revenue);
    CHECK(v.margin_micros == v.revenue_micros - m.cost);
    CHECK(v.quota == find_plan(v.plan)->quota);
    REQUIRE(v.by_assistant.size() == m.calls_by_assistant.size());
    for (const auto& [a, line] : v.by_assistant) {
      CHECK(line.calls == m.calls_by_assistant.at(a));
      CHECK(line.cost_micros == m.cost_by_assistant.at(a));
    }
  }
}

std::string dump(ReadModelStore& store) { return store.dump("billing").value(); }

}  // namespace

TEST_CASE("billing equals a plain fold: months in Paris, overage, rejected, warnings, costs") {
  BillingLog b;
  b.calls(200);
  Billing billing;
  auto store = b.log.store();
  REQUIRE(catch_up(*b.log.log, *store, {&billing}));
  check_against_plain(billing, b.log.events);

  // Plans: t0 moved to pro/reject in October (the month the change was made), t1 to business
  // through an old TenantUpdated.plan row, its policy kept.
  auto t0_oct = billing.query({.tenant_id = "t0", .month = "2026-10"});
  CHECK(t0_oct.plan == "pro");
  CHECK(t0_oct.overage_policy == "reject");
  CHECK(t0_oct.plan_price_micros == 150'000'000);
  CHECK(billing.query({.tenant_id = "t0", .month = "2026-09"}).plan == "starter");
  auto t1_oct = billing.query({.tenant_id = "t1", .month = "2026-10"});
  CHECK(t1_oct.plan == "business");
  CHECK(t1_oct.overage_policy == "overage");
  CHECK(t1_oct.quota == 2000);
  CHECK(billing.query({.tenant_id = "t1", .month = "2026-11"}).calls_used == 0);

  // One call's line: its revenue (an overage call earns its price) and margin.
  bool seen_overage = false;
  for (const auto& e : b.log.events)
    if (auto* o = std::get_if<CallOverage>(&e.data)) {
      auto c = billing.call(o->call_sid);
      REQUIRE(c);
      CHECK(c->overage);
      CHECK(c->costed);
      CHECK(c->revenue_micros == o->price_micros);
      CHECK(c->margin_micros() == o->price_micros - c->cost_micros);
      seen_overage = true;
      break;
    }
  CHECK(seen_overage);
}

TEST_CASE("billing: rebuild equals incremental folding with restarts, byte for byte") {
  BillingLog b;
  b.calls(60);
  std::string incremental;
  {
    auto store = b.log.store("incremental");
    std::mt19937 rng(5);
    for (int round = 0; round < 5; ++round) {
      Billing billing;  // a restart: rows loaded back
      REQUIRE(catch_up(*b.log.log, *store, {&billing},
                       ProjectorOptions{.page_events = 1 + rng() % 300}));
      b.calls(30);
    }
    Billing billing;
    REQUIRE(catch_up(*b.log.log, *store, {&billing}));
    check_against_plain(billing, b.log.events);  // nothing counted twice
    incremental = dump(*store);
  }
  auto fresh = b.log.store("rebuilt");
  Billing billing;
  REQUIRE(rebuild(*b.log.log, *fresh, {&billing}).value() == b.log.log->last_position());
  CHECK(dump(*fresh) == incremental);
  CHECK(incremental.size() > 5000);
}
