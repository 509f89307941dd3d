#include "adapters/brain/local/booking_form.h"

namespace webox::brain {

std::vector<Asked> booking_form(const BusinessContext& c) {
  if (c.trade == "medical") {
    std::vector<Asked> form{Asked::service};
    if (c.practitioners.size() > 1) form.push_back(Asked::practitioner);
    form.insert(form.end(), {Asked::day, Asked::time, Asked::name, Asked::phone});
    return form;
  }
  if (c.trade == "hotel") {
    std::vector<Asked> form{Asked::day, Asked::nights, Asked::party};
    if (!c.rooms.empty()) form.push_back(Asked::room_type);
    form.push_back(Asked::name);
    return form;
  }
  if (c.trade == "garage")
    return {Asked::vehicle, Asked::plate, Asked::service, Asked::day, Asked::time, Asked::name};
  if (c.trade == "ecommerce") return {};
  return {Asked::party, Asked::day, Asked::time, Asked::name};
}

std::string_view booking_kind(const BusinessContext& c) {
  if (c.trade == "medical") return "appointment";
  if (c.trade == "hotel") return "room";
  if (c.trade == "garage") return "service";
  if (c.trade == "ecommerce") return "";
  return "table";
}

}  // namespace webox::brain
