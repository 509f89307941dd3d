// The restaurant the call tests book a table at: open every day so that "demain soir à 20h"
// holds whatever day the tests run.
#pragma once

#include <string>

#include "events/event_types.h"

namespace webox::testing {

inline std::string restaurant_context() {
  std::string day = R"([["12:00","14:30"],["19:00","23:00"]])";
  std::string hours;
  for (const char* d : {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"})
    hours += std::string(hours.empty() ? "" : ",") + "\"" + d + "\":" + day;
  return R"({"business_name":"Chez Marcel","address":"12 rue de la Paix, Paris",)"
         R"("capacity":10,"utc_offset":"+01:00","opening_hours":{)" + hours + "}}";
}

inline AssistantProfile restaurant(std::string phone, std::string language) {
  AssistantProfile p;
  p.name = "Chez Marcel";
  p.description = "Réservations du restaurant";
  p.phone_number = std::move(phone);
  p.language = std::move(language);
  p.context_data = restaurant_context();
  return p;
}

}  // namespace webox::testing
