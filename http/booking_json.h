// Bookings as the REST API reads and writes them.
//
//   auto b = parse_booking_request(R"({"assistant_id":"a-1","kind":"table","date":"2026-12-04",
//                                      "time":"20:00","party_size":4,"name":"Dupont"})");
//   // Result<BookingConfirmed>; an unknown or mistyped field is Error::invalid naming it
//   render_booking(view)
//   // {"id":"…","status":"confirmed","assistant_id":"a-1","call_sid":null,"kind":"table",
//   //  "date":"2026-12-04","time":"20:00","party_size":4,"name":"Dupont",…,
//   //  "created_at":"2026-12-01T10:00:00.000000Z","cancelled_at":null,"cancel_reason":null}
//   refusal_problem(attempt)   // 409 problem with "reason" and "alternatives"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "actors/engine.h"
#include "http/message.h"

namespace webox::http {

Result<BookingConfirmed> parse_booking_request(std::string_view json);
std::string render_booking(const BookingView& v);
std::string render_bookings(const std::vector<BookingView>& list);
Response refusal_problem(const BookingAttempt& a);

}  // namespace webox::http
