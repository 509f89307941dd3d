// What each trade adds to context_data (adapters/brain/local/context.h): read into
// BusinessContext, every bad field named by its path for the API's validation.
#include <catch2/catch.hpp>

#include <type_traits>

#include "adapters/brain/local/context.h"

using namespace webox;
using namespace webox::brain;

TEST_CASE("a garage's, a practice's, a hotel's and a shop's facts are read", "[brain][context]") {
  auto c = parse_context(R"({
    "trade": "garage",
    "services": [{"name": "Vidange", "duration_minutes": 60, "price": "89 €",
                  "keywords": ["huile", "oil change"]},
                 {"name": "Pneus", "price": 45}],
    "practitioners": [{"name": "Dr Sophie Martin", "specialty": "généraliste"}],
    "rooms": [{"type": "double", "count": 5, "capacity": 2, "price": "120 € la nuit"},
              {"type": "suite", "count": 1}],
    "check_in": "15:00", "check_out": "11h",
    "orders": [{"number": "CMD-1042", "status": "expédiée", "items": ["2 tasses", "1 théière"]}],
    "returns_policy": "30 jours", "menu": ["Entrées", "Plats"], "emergency_number": "112",
    "faq": [{"keywords": ["parking"], "answer": "Parking gratuit."}, {"keywords": "wifi", "answer": "Oui."}],
    "seats": 40, "unknown_key": {"kept": "out of the way"}})");
  REQUIRE(c);
  CHECK(c->trade == "garage");
  REQUIRE(c->services.size() == 2);
  CHECK(c->services[0].name == "Vidange");
  CHECK(c->services[0].duration_minutes == 60);
  CHECK(c->services[0].price == "89 €");
  CHECK(c->services[0].keywords == std::vector<std::string>{"huile", "oil change"});
  CHECK(c->services[1].duration_minutes == 30);
  CHECK(c->services[1].price == "45");
  REQUIRE(c->practitioners.size() == 1);
  CHECK(c->practitioners[0].specialty == "généraliste");
  REQUIRE(c->rooms.size() == 2);
  CHECK(c->rooms[0].count == 5);
  CHECK(c->rooms[0].price == "120 € la nuit");
  CHECK(c->rooms[1].capacity == 2);
  CHECK(c->check_in == 15 * 60);
  CHECK(c->check_out == 11 * 60);
  REQUIRE(c->orders.size() == 1);
  CHECK(c->orders[0].items == "2 tasses, 1 théière");
  CHECK(c->returns_policy == "30 jours");
  CHECK(c->menu == "Entrées; Plats");
  REQUIRE(c->faq.size() == 2);
  CHECK(c->faq[1].keywords == std::vector<std::string>{"wifi"});
  CHECK(c->emergency_number == "112");

  auto plain = parse_context("{}");
  REQUIRE(plain);
  CHECK(plain->trade == "restaurant");
  CHECK_FALSE(plain->check_in);
  // Both spellings name the same types (the dialogue code uses either).
  static_assert(std::is_same_v<BusinessContext::Service, Service>);
}

TEST_CASE("parse_context names the first bad field by its path", "[brain][context]") {
  struct Case {
    const char* json;
    const char* field;
  };
  auto [json, field] = GENERATE(values<Case>({
      {R"({"trade": "bakery"})", "trade"},
      {R"({"trade": 3})", "trade"},
      {R"({"services": [{"name": "A"}, {"name": "B", "duration_minutes": 0}]})",
       "services[1].duration_minutes"},
      {R"({"services": [{"price": "10 €"}]})", "services[0].name"},
      {R"({"services": [{"name": "A", "keywords": [1]}]})", "services[0].keywords"},
      {R"({"services": {"name": "A"}})", "services"},
      {R"({"services": ["Vidange"]})", "services[0]"},
      {R"({"practitioners": [{"name": ""}]})", "practitioners[0].name"},
      {R"({"rooms": [{"type": "chambre double", "count": 2}]})", "rooms[0].type"},
      {R"({"rooms": [{"type": "double", "count": -1}]})", "rooms[0].count"},
      {R"({"rooms": [{"type": "double", "capacity": "two"}]})", "rooms[0].capacity"},
      {R"({"check_in": "3pm"})", "check_in"},
      {R"({"check_out": "24:00"})", "check_out"},
      {R"({"orders": [{"number": 1042}]})", "orders[0].number"},
      {R"({"orders": [{"number": "A1"}, {"status": "sent"}]})", "orders[1].number"},
      {R"({"orders": [{"number": " - # "}]})", "orders[0].number"},
      {R"({"returns_policy": ["30 days"]})", "returns_policy"},
      {R"({"menu": {"starters": []}})", "menu"},
      {R"({"faq": [{"answer": "Oui."}]})", "faq[0].keywords"},
      {R"({"faq": [{"keywords": ["wifi"]}]})", "faq[0].answer"},
      {R"({"emergency_number": 15})", "emergency_number"},
      {R"({"opening_hours": {"monday": "all day"}, "trade": "x"})", "opening_hours.monday"},
  }));
  CAPTURE(json);
  auto c = parse_context(json);
  REQUIRE_FALSE(c);
  CHECK(c.error().field == field);
  CHECK_FALSE(c.error().message.empty());
}

TEST_CASE("a call keeps the good entries of a list with a bad one", "[brain][context]") {
  auto r = read_context(R"({"trade": "hotel", "rooms": [{"type": "double", "count": 3},
                                                        {"type": "penthouse", "count": 1},
                                                        {"type": "suite", "count": 1}]})");
  CHECK(r.context.trade == "hotel");
  REQUIRE(r.context.rooms.size() == 2);
  CHECK(r.context.rooms[1].type == "suite");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].field == "rooms[1].type");
  auto bad_trade = read_context(R"({"trade": "bakery"})");
  CHECK(bad_trade.context.trade == "restaurant");
}

TEST_CASE("the emergency number: the business's own, its country's, its language's",
          "[brain][context]") {
  BusinessContext c;
  CHECK(emergency_number_for(c, "fr") == "15");
  CHECK(emergency_number_for(c, "fr-FR") == "15");
  CHECK(emergency_number_for(c, "en") == "112");
  CHECK(emergency_number_for(c, "en-US") == "911");
  CHECK(emergency_number_for(c, "en-GB") == "999");
  CHECK(emergency_number_for(c, "fr-CA") == "911");
  c.phone = "+33142000000";
  CHECK(emergency_number_for(c, "fr") == "15");
  CHECK(emergency_number_for(c, "en") == "112");
  c.phone = "+442071234567";
  CHECK(emergency_number_for(c, "en") == "999");
  c.phone = "";
  c.transfer_number = "+12125551234";
  CHECK(emergency_number_for(c, "en") == "911");
  c.transfer_number = "+3225551234";
  CHECK(emergency_number_for(c, "fr") == "112");
  c.emergency_number = "144";
  CHECK(emergency_number_for(c, "fr") == "144");
}
