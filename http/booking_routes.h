// The bookings API. The router has authenticated the caller; every route works within the
// key's tenant (an admin names it with X-Webox-Tenant to write; reads without it see all).
//
//   GET  /api/v1/bookings[?assistant_id=&from=YYYY-MM-DD&to=&status=confirmed|cancelled&limit=]
//        -> 200 {"bookings":[…],"count":N}, by date and time; read-your-writes
//   POST /api/v1/bookings   {"assistant_id","kind","date","time","party_size","name",
//                            "phone"?,"resource"?,"service"?,"duration_minutes"?,"nights"?,
//                            "details"?}          [Idempotency-Key: any 1-64 of [A-Za-z0-9_-]]
//        -> 201 the booking (Location: /api/v1/bookings/{id}); the same Idempotency-Key again
//           -> 201 the same booking, booked once
//        -> 409 problem {"reason":"full"|"taken"|"closed"|"past"|"too_large",
//                        "alternatives":["20:15","19:45"]} when the calendar refuses
//        -> 400 problem naming the field for a bad body; 404 for an unknown assistant
//   GET  /api/v1/bookings/{id}          -> 200 the booking
//   POST /api/v1/bookings/{id}/cancel   -> 200 the booking, cancelled; 409 if it was already
#pragma once

#include "actors/engine.h"
#include "http/auth.h"
#include "http/message.h"

namespace webox::http {

void list_bookings(Engine& engine, const Access& access, const Request& request, Respond respond);
void create_booking(Engine& engine, const Access& access, const Request& request, Respond respond);
void get_booking(Engine& engine, const Access& access, std::string id, Respond respond);
void cancel_booking(Engine& engine, const Access& access, std::string id, Respond respond);

}  // namespace webox::http
