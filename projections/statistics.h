// The statistics read model ("stats"): the original plan's dashboard figures, per tenant,
// assistant and local day: calls, average duration and turns, outcomes, busiest hours, and
// turn latency percentiles.
//
//   Statistics stats;                                        // folded by the projector
//   StatsView v = stats.query({.tenant_id = "t1", .from_day = "2026-11-19",
//                              .to_day = "2026-11-25"});
//   v.total.calls; v.by_assistant["a-1"].turn_latency.p95_micros; v.by_day["2026-11-25"];
//
// A call counts on the local day and hour (tenant's time zone as of the call's start) at which
// it started, in the bucket of its assistant; whatever happens later in the call (turns, the
// end, a booking) lands in that same bucket. Turn latency is the time from the caller's words
// being recorded to the reply being recorded, at least the brain's own time; percentiles come
// from a log-scale histogram (bins 19 % wide), so they are exact to within one bin.
//
// Rows:
//   "b/" tenant "/" assistant "/" day  -> JSON of the bucket
//   "m/" call_sid                      -> JSON of what the model remembers of the call
//   "z/" tenant                        -> IANA time zone name
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "projections/call_views.h"
#include "projections/read_model.h"
#include "projections/time_zone.h"

namespace webox {

class Statistics final : public ReadModel {
 public:
  static constexpr int kLatencyBins = 128;

  struct Bucket {
    std::uint64_t calls = 0, ended = 0, answered = 0, duration_seconds = 0, turns = 0,
                  bookings = 0;
    std::map<std::string, std::uint64_t> outcomes;
    std::array<std::uint64_t, 24> hours{};
    std::array<std::uint64_t, kLatencyBins> latency{};
    friend bool operator==(const Bucket&, const Bucket&) = default;
  };
  using BucketKey = std::tuple<std::string, std::string, std::string>;  // tenant, assistant, day

  // -- queries (any thread) --
  StatsView query(const StatsQuery& q) const;
  std::string time_zone(const std::string& tenant) const;  // "UTC" when unknown

  // -- ReadModel --
  std::string_view name() const override { return "stats"; }
  // 2: marks hold all of CallFacts; 3: and its cancelled, ticket, booking_started
  std::uint32_t format() const override { return 3; }
  void fold(const Envelope& e) override;
  void flush(RowSink& out) override;
  Status load(std::string_view key, std::string_view value) override;
  void reset() override;

 private:
  using Buckets = std::map<BucketKey, Bucket>;
  struct Mark {  // what a later event of the call needs
    BucketKey bucket;
    Buckets::value_type* slot = nullptr;  // buckets_'s entry for `bucket` (nodes are stable)
    bool dirty = false;                   // in dirty_marks_
    std::string status, end_reason, outcome = "in_progress";
    std::int32_t turns = 0, last_turn = 0;
    Micros last_caller_at = 0, ended_at = 0;
    CallFacts facts;
  };

  Bucket* bucket_of(const std::string& sid, Mark** mark);
  void recount(Mark& m, Bucket& b);
  TimeZone& zone(const std::string& tenant);

  using Marks = std::unordered_map<std::string, Mark>;
  void touch(Marks::value_type& m);

  Buckets buckets_;
  Marks marks_;
  std::map<std::string, std::string> zone_names_;
  std::map<std::string, TimeZone> zones_;  // folding thread only
  // What changed since the last flush, by address: an event marks its call and bucket without
  // copying or comparing their keys. Rows are keyed by name, so the order they are put in does
  // not change what is stored.
  std::unordered_set<Buckets::value_type*> dirty_buckets_;
  std::vector<Marks::value_type*> dirty_marks_;
  std::set<std::string> dirty_zones_;
};

// Percentile (0..1) of a latency histogram, in microseconds; 0 without samples.
std::int64_t latency_percentile(const std::array<std::uint64_t, Statistics::kLatencyBins>& h,
                                double p);
int latency_bin(std::int64_t micros);

}  // namespace webox
