// What a booking needs at each trade, in the order the assistant asks for it, and what the
// calendar calls it.
//
//   BusinessContext garage;  garage.trade = "garage";
//   booking_form(garage)  -> {vehicle, plate, service, day, time, name}
//   booking_kind(garage)  -> "service"
//   BusinessContext practice;  practice.trade = "medical";  (two practitioners)
//   booking_form(practice) -> {service, practitioner, day, time, name, phone}
//
// Contract: pure. A restaurant books a table (party, day, time, name); a medical practice an
// appointment (reason, the practitioner when it has several, day, time, patient's name, a
// phone number to call back); a hotel a room (arrival day, nights, guests, the room type when
// it lists rooms, name); a garage a service (car, plate, service, day, time, name). A shop
// takes no bookings: its form is empty and its kind "".
#pragma once

#include <string_view>
#include <vector>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/understand.h"

namespace webox::brain {

std::vector<Asked> booking_form(const BusinessContext& c);
std::string_view booking_kind(const BusinessContext& c);  // table, appointment, room, service, ""

}  // namespace webox::brain
