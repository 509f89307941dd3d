// The business facts the local engine needs, read from an assistant's context_data JSON.
//
//   auto c = parse_context(R"({"business_name": "Chez Marcel", "capacity": 8,
//                              "utc_offset": "+01:00", "address": "12 rue des Lilas, Paris",
//                              "transfer_number": "+33612345678",
//                              "opening_hours": {"tuesday": [["12:00","14:30"],["19:00","22:30"]],
//                                                "monday": []}})");
//   c->open_on(0)            -> false        (0 = Monday: listed with no slot)
//   c->open_at(1, 20 * 60)   -> true         (Tuesday 20:00)
//   c->open_on(6)            -> false        (Sunday: not listed, so closed)
//   c->utc_offset_minutes    -> 60
//
// Keys (all optional): business_name (falls back to the profile's name), address, phone,
// transfer_number (E.164; enables "let me put you through"), capacity (largest party for one
// booking; absent = no limit), utc_offset ("+01:00", "-05:00", "Z"; "timezone" is read too when
// it holds such an offset), opening_hours (weekday -> list of ["HH:MM","HH:MM"] or "HH:MM-HH:MM";
// English or French day names; a closing time at or before the opening runs past midnight).
// When opening_hours is absent the business is always open; when present, a day it omits is
// closed. Time zones are fixed offsets because g++ 12's libstdc++ has no tz database support
// (std::chrono::zoned_time): an assistant moving to summer time updates its utc_offset.
//
// What each trade adds (all optional; adapters/brain/local/knowledge.h answers from them):
//   "trade": "restaurant" (default) | "medical" | "ecommerce" | "hotel" | "garage"
//   "services": [{"name": "Vidange", "duration_minutes": 60, "price": "89 €",
//                 "keywords": ["huile", "oil change"]}]          what can be booked or priced
//   "practitioners": [{"name": "Dr Sophie Martin", "specialty": "généraliste"}]
//   "rooms": [{"type": "double", "count": 5, "capacity": 2, "price": "120 € la nuit"}]
//            type is one of single, double, twin, triple, suite, family (the calendar's pools,
//            adapters/booking/availability.h); count absent leaves the calendar unlimited
//   "check_in": "15:00", "check_out": "11:00"
//   "orders": [{"number": "CMD-1042", "status": "expédiée", "carrier": "Colissimo",
//               "tracking": "6A123", "eta": "jeudi", "items": "2 tasses"}]
//   "returns_policy": "...", "menu": "..." (or a list of lines), "emergency_number": "15"
//   "faq": [{"keywords": ["parking", "garer"], "answer": "Un parking gratuit est derrière."}]
// A price is free text in the business's words ("89 €", "à partir de 45 €"); a number is
// taken as its text. Unknown keys are ignored (the calendar's own keys live in the same object).
//
//   parse_context(R"({"services": [{"name": "A"}, {"name": "B", "duration_minutes": 0}]})")
//     -> Error{field "services[1].duration_minutes"}
//
// Contract: `parse_context` is strict (the first bad field is the error, named like
// "opening_hours.monday", "services[1].duration_minutes") so an API can validate;
// `read_context` is what a call uses: a bad field is skipped and reported (a bad entry of a list
// is dropped, the other entries kept), the rest still serves the caller. Required in a list
// entry: a service's and a practitioner's name, a room's type, an order's number (with a letter
// or a digit), an FAQ entry's keywords and answer.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::brain {

struct Interval {
  int open = 0;   // minutes since midnight
  int close = 0;  // minutes since midnight; <= open means the next day
  friend bool operator==(const Interval&, const Interval&) = default;
};

using WeekHours = std::array<std::vector<Interval>, 7>;  // 0 = Monday

// The five trades a business can be; `trade` always holds one of them.
inline constexpr std::string_view kTrades[] = {"restaurant", "medical", "ecommerce", "hotel",
                                               "garage"};
bool is_trade(std::string_view trade);
// Room types as the calendar and the dialogue name them. "dorm" is a bed in a dormitory, one
// guest each: a hostel lists it among its rooms, or as a service named or keyed "dorm"
// ("Dorm bed", £22 a night), which the context reader then adds to its rooms.
inline constexpr std::string_view kRoomTypes[] = {"single", "double", "twin", "triple", "suite",
                                                  "family", "dorm"};
bool is_room_type(std::string_view type);

struct Service {
  std::string name;
  int duration_minutes = 30;
  std::string price;  // as the business writes it; empty: not said
  std::vector<std::string> keywords;

  // -- folded once when the context is read (word_match.h's phrase_of) --
  // Every caller line is matched against every service's words: folding them again on each
  // line was a third of the brain's time on a garage's turn.
  std::vector<std::string> name_words;                  // phrase_of(name)
  std::vector<std::vector<std::string>> keyword_words;  // phrase_of(each keyword)
  std::vector<std::string> name_content;                // content_words(name_words)
  std::vector<std::string> named_content;               // ... of the name and every keyword
  std::vector<std::string> price_content;               // content_words(phrase_of(price))
};
struct Practitioner {
  std::string name;
  std::string specialty;
};
struct RoomType {
  std::string type;  // one of kRoomTypes
  int count = 0;     // 0: not given
  int capacity = 2;  // guests one room sleeps
  std::string price;
};
struct Order {
  std::string number;
  std::string status;
  std::string carrier;
  std::string tracking;
  std::string eta;
  std::string items;
};
struct Faq {
  std::vector<std::string> keywords;
  std::string answer;
  std::vector<std::vector<std::string>> keyword_words;  // phrase_of(each keyword), read once
};

struct BusinessContext {
  // Also reachable as BusinessContext::Service etc.
  using Service = brain::Service;
  using Practitioner = brain::Practitioner;
  using RoomType = brain::RoomType;
  using Order = brain::Order;
  using Faq = brain::Faq;

  std::string trade = "restaurant";
  std::string business_name;
  std::string address;
  std::string phone;
  std::string transfer_number;
  std::optional<WeekHours> hours;  // nullopt: always open
  int capacity = 0;                // 0: no limit
  int utc_offset_minutes = 0;

  std::vector<Service> services;
  std::vector<Practitioner> practitioners;
  std::vector<RoomType> rooms;
  std::optional<int> check_in;   // minutes since midnight
  std::optional<int> check_out;
  std::vector<Order> orders;
  std::string returns_policy;
  std::string menu;
  std::vector<Faq> faq;
  std::string emergency_number;  // empty: emergency_number_for() picks the country's

  bool open_on(int weekday) const;
  // Open at `minutes` on `weekday`, counting the previous day's service that runs past midnight.
  bool open_at(int weekday, int minutes) const;
};

struct ContextReading {
  BusinessContext context;
  std::vector<Error> problems;
};

Result<BusinessContext> parse_context(std::string_view json);
ContextReading read_context(std::string_view json);

// The number a caller in danger is told to dial: `emergency_number` when the business set
// one; else by the business's country, read from the country code of its phone or
// transfer_number (+33 France: "15", the SAMU, in French and "112" in English, which answers
// in other languages; +1: "911"; +44: "999"; any other: "112"); else by the language's region
// ("en-US", "en-CA", "fr-CA": "911"; "en-GB": "999"); else "15" in French and "112" otherwise
// (112 reaches emergency services across Europe and, from a mobile, in most countries).
// The garage works on motorbikes: its name, a service's or an FAQ answer says "motorbike",
// "motorcycle", "bike", "moto", "scooter" ("Two Wheels Motorcycle Workshop"); its callers'
// vehicle is then "your bike", « votre moto », never "your car".
bool works_on_motorbikes(const BusinessContext& c);

std::string emergency_number_for(const BusinessContext& c, std::string_view language);

Result<int> parse_utc_offset(std::string_view text);   // "+01:00" -> 60
Result<int> parse_clock(std::string_view text);        // "19:30" -> 1170, "24:00" -> 1440

}  // namespace webox::brain
