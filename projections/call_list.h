// The call list and call detail read model ("calls"): every call with its outcome, turns,
// latencies and bookings, newest first, filtered as the dashboard filters.
//
//   CallList calls;                                   // folded by the projector
//   CallPage p = calls.list({.tenant_id = "t1", .status = "completed", .limit = 20});
//   auto d = calls.get("CA01");                       // std::optional<CallDetail>
//
// Personal fields (caller number, what was said, booking names) are kept exactly as the log
// holds them, sealed with the call's data key; the engine opens them for the answer. A
// CallErased event replaces them with "[erased]", so no ciphertext outlives the erasure here.
// A call refused past its tenant's quota (CallRejected) is listed too, outcome "rejected".
//
// Rows (one per call, rewritten when it changes; one per tenant for its time zone):
//   "c/" call_sid   -> JSON of the CallDetail
//   "z/" tenant_id  -> IANA time zone name (for the `day` filter)
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "projections/call_views.h"
#include "projections/read_model.h"

namespace webox {

class CallList final : public ReadModel {
 public:
  // -- queries (any thread) --
  CallPage list(const CallQuery& q) const;
  std::optional<CallDetail> get(const std::string& call_sid) const;
  std::size_t size() const;

  // -- ReadModel --
  std::string_view name() const override { return "calls"; }
  // 2: questions, new outcomes; 3: tickets, cancellations, booking_not_made
  std::uint32_t format() const override { return 4; }
  void fold(const Envelope& e) override;
  void flush(RowSink& out) override;
  Status load(std::string_view key, std::string_view value) override;
  void reset() override;

 private:
  using Order = std::pair<Micros, std::string>;  // (started_at, sid): newest = greatest
  using Calls = std::unordered_map<std::string, CallDetail>;
  Calls::value_type* find(const std::string& sid);
  void index(const CallDetail& d);
  // By address (nodes are stable), so an event marks its call without copying the sid; rows
  // are keyed by sid, so the order they are put in does not change what is stored.
  void touch(Calls::value_type* call) { dirty_.insert(call); }

  Calls calls_;
  std::set<Order> all_;
  std::map<std::string, std::set<Order>, std::less<>> by_tenant_;
  std::map<std::string, std::string, std::less<>> zones_;
  std::unordered_set<Calls::value_type*> dirty_;
  std::set<std::string> dirty_zones_;
};

// The outcome a summary shows (call_views.h kOutcomes), from what the call did.
std::string call_outcome(const CallSummary& s, const CallFacts& f);

}  // namespace webox
