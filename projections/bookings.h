// The bookings read model ("bookings"): every booking of every assistant, with its status,
// for the API (GET /api/v1/bookings) and the dashboard.
//
//   Bookings bookings;                                   // folded by the projector
//   auto rows = bookings.query({.tenant_id = "t1", .from = "2026-12-01", .to = "2026-12-07"});
//   rows[0].confirmed.data  -> BookingConfirmed{...}      // personal fields still sealed
//   rows[0].cancelled       -> the BookingCancelled envelope, or nullopt
//
// Folding: BookingConfirmed (from calendar streams, and the call streams older logs put them
// in) adds a booking; BookingCancelled marks it cancelled. Rows hold the events themselves,
// encoded as the log stores them (so sealed fields stay bound to their stream and event id):
//   "b/" booking_id  -> the BookingConfirmed envelope
//   "x/" booking_id  -> the BookingCancelled envelope
// Queries order by date, time, then id.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "projections/booking_views.h"
#include "projections/read_model.h"

namespace webox {

struct BookingRecord {
  Envelope confirmed;                 // holds a BookingConfirmed
  std::optional<Envelope> cancelled;  // holds a BookingCancelled
  const BookingConfirmed& booking() const { return std::get<BookingConfirmed>(confirmed.data); }
};

class Bookings final : public ReadModel {
 public:
  // -- queries (any thread) --
  std::vector<BookingRecord> query(const BookingQuery& q) const;
  std::optional<BookingRecord> find(const std::string& booking_id) const;

  // -- ReadModel --
  std::string_view name() const override { return "bookings"; }
  void fold(const Envelope& e) override;
  void flush(RowSink& out) override;
  Status load(std::string_view key, std::string_view value) override;
  void reset() override;

 private:
  std::map<std::string, BookingRecord> records_;  // by booking id
  std::set<std::string> dirty_;
};

}  // namespace webox
