// The calendar's check (adapters/booking/availability.h) against recorded situations:
// tests/data/booking/availability.txt lists businesses, the bookings they hold, and what each
// request must get (the verdict and the alternatives offered).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/booking/availability.h"

using namespace webox;
using namespace webox::booking;

namespace {

const std::string kFile = std::string(WEBOX_TEST_DATA_DIR) + "/booking/availability.txt";
const brain::LocalMoment kNow{brain::Date{2026, 11, 25}, 10 * 60};

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// "<kind> <date> <time> <party> [resource] [nights]" from word `at` on.
BookingConfirmed booking_of(std::vector<std::string> w, std::size_t at, std::string id) {
  w.erase(std::find(w.begin(), w.end(), "->"), w.end());
  BookingConfirmed b;
  b.booking_id = std::move(id);
  b.kind = w.at(at);
  b.date = w.at(at + 1);
  b.time = w.at(at + 2);
  b.party_size = std::stoi(w.at(at + 3));
  if (w.size() > at + 4) b.resource = w[at + 4];
  if (w.size() > at + 5) b.nights = std::stoi(w[at + 5]);
  return b;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

TEST_CASE("the calendar decides as recorded", "[booking][data]") {
  std::ifstream in(kFile);
  REQUIRE(in.good());
  std::string context;
  Calendar cal;
  int checks = 0, n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    auto w = words(line);
    INFO("availability.txt:" << n << ": " << line);
    if (w[0] == "context") {
      context = line.substr(line.find('{'));
      cal = Calendar{};
    } else if (w[0] == "booked") {
      cal.apply(booking_of(w, 2, w[1]));
    } else if (w[0] == "cancelled") {
      cal.apply(BookingCancelled{.booking_id = w[1]});
    } else {
      REQUIRE(w[0] == "check");
      auto request = booking_of(w, 1, "new-" + std::to_string(n));
      const auto arrow = line.find("-> ");
      REQUIRE(arrow != std::string::npos);
      const auto want = words(line.substr(arrow + 3));
      const auto rules = rules_for(context, request.kind, request.resource.value_or(""));
      const Verdict v = cal.check(rules, request, kNow);
      CHECK(std::string(v.ok() ? "ok" : to_string(v.reason)) == want.at(0));
      if (want.size() > 1) CHECK(joined(v.alternatives) == (want[1] == "-" ? "" : want[1]));
      ++checks;
    }
  }
  CHECK(checks >= 30);
}

TEST_CASE("a booking already in the calendar is accepted again, even when full", "[booking]") {
  Calendar cal;
  const std::string ctx = R"({"seats": 4})";
  BookingConfirmed b{.booking_id = "b1", .kind = "table", .date = "2026-11-26", .time = "20:00",
                     .party_size = 4};
  cal.apply(b);
  CHECK(cal.check(rules_for(ctx, "table", ""), b, kNow).ok());  // a retried request
  b.booking_id = "b2";
  CHECK(cal.check(rules_for(ctx, "table", ""), b, kNow).reason == Refusal::full);
  cal.apply(BookingCancelled{.booking_id = "b1"});
  CHECK(cal.cancelled("b1"));
  CHECK(cal.find("b1") == nullptr);
  CHECK(cal.check(rules_for(ctx, "table", ""), b, kNow).ok());
}

TEST_CASE("malformed calendar keys fall back to the defaults", "[booking]") {
  auto r = rules_for(R"({"seats": "forty", "table_minutes": -5, "slot_minutes": 0})", "table", "");
  CHECK(r.seats == 0);
  CHECK(r.hold_minutes == 90);
  CHECK(rules_for("not json", "appointment", "").hold_minutes == 30);
  CHECK(rules_for("{}", "appointment", "").seats == 1);
}
