// What the bookings read model answers (projections/bookings.h), as the API shows it.
//
//   BookingQuery q{.tenant_id = "t1", .assistant_id = "a-1", .from = "2026-12-01",
//                  .to = "2026-12-31", .status = "confirmed"};
//   // -> BookingView{.id = "…", .status = "confirmed", .date = "2026-12-04", .time = "20:00", …}
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/clock.h"
#include "events/event_types.h"

namespace webox {

struct BookingView {
  std::string id, tenant_id, assistant_id, call_sid;
  std::string status = "confirmed";  // "confirmed" or "cancelled"
  BookingConfirmed booking;          // personal fields opened, or "[erased]"
  Micros created_at = 0, cancelled_at = 0;
  std::string cancel_reason;         // "caller", "api"
};

struct BookingQuery {
  std::string tenant_id;     // empty: every tenant (admin)
  std::string assistant_id;  // empty: every assistant
  std::string from, to;      // YYYY-MM-DD, inclusive; empty: open-ended
  std::string status;        // "", "confirmed", "cancelled"
  std::size_t limit = 100;   // 1..1000
};

}  // namespace webox
