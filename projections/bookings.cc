#include "projections/bookings.h"

#include <algorithm>
#include <mutex>
#include <tuple>

#include "events/codec.h"

namespace webox {
namespace {

bool selected(const BookingRecord& r, const BookingQuery& q) {
  const auto& b = r.booking();
  if (!q.tenant_id.empty() && r.confirmed.tenant != q.tenant_id) return false;
  if (!q.assistant_id.empty() && b.assistant_id != q.assistant_id) return false;
  if (!q.from.empty() && b.date < q.from) return false;
  if (!q.to.empty() && b.date > q.to) return false;
  if (q.status == "confirmed" && r.cancelled) return false;
  if (q.status == "cancelled" && !r.cancelled) return false;
  return true;
}

}  // namespace

std::vector<BookingRecord> Bookings::query(const BookingQuery& q) const {
  std::shared_lock lock(mutex());
  std::vector<const BookingRecord*> hits;
  for (const auto& [id, r] : records_)
    if (selected(r, q)) hits.push_back(&r);
  auto order = [](const BookingRecord* r) {
    const auto& b = r->booking();
    return std::tie(b.date, b.time, b.booking_id);
  };
  std::sort(hits.begin(), hits.end(),
            [&](const auto* a, const auto* b) { return order(a) < order(b); });
  std::vector<BookingRecord> out;
  for (const auto* r : hits) {
    if (out.size() >= q.limit) break;
    out.push_back(*r);
  }
  return out;
}

std::optional<BookingRecord> Bookings::find(const std::string& booking_id) const {
  std::shared_lock lock(mutex());
  auto it = records_.find(booking_id);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

void Bookings::fold(const Envelope& e) {
  if (auto* b = std::get_if<BookingConfirmed>(&e.data)) {
    if (records_.count(b->booking_id)) return;  // booked once, whatever a retry did
    records_.emplace(b->booking_id, BookingRecord{e, std::nullopt});
    dirty_.insert(b->booking_id);
  } else if (auto* c = std::get_if<BookingCancelled>(&e.data)) {
    auto it = records_.find(c->booking_id);
    if (it == records_.end() || it->second.cancelled) return;
    it->second.cancelled = e;
    dirty_.insert(c->booking_id);
  }
}

void Bookings::flush(RowSink& out) {
  for (const auto& id : dirty_) {
    const auto& r = records_.at(id);
    out.put("b/" + id, encode(r.confirmed));
    if (r.cancelled) out.put("x/" + id, encode(*r.cancelled));
  }
  dirty_.clear();
}

// Rows come in key order: every "b/" row before any "x/" row.
Status Bookings::load(std::string_view key, std::string_view value) {
  auto e = decode(value);
  if (!e) return std::move(e).error();
  if (key.starts_with("b/") && std::holds_alternative<BookingConfirmed>(e->data)) {
    records_.emplace(std::string(key.substr(2)), BookingRecord{std::move(*e), std::nullopt});
    return {};
  }
  if (key.starts_with("x/") && std::holds_alternative<BookingCancelled>(e->data)) {
    auto it = records_.find(std::string(key.substr(2)));
    if (it == records_.end())
      return Error::make(Errc::internal, "bookings: cancellation row without its booking");
    it->second.cancelled = std::move(*e);
    return {};
  }
  return Error::make(Errc::internal, "bookings: unexpected row " + std::string(key));
}

void Bookings::reset() {
  records_.clear();
  dirty_.clear();
}

}  // namespace webox
