// cancel_booking's search (adapters/booking/find_booking.h) against the recorded situations of
// tests/data/booking/find_booking.txt.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "adapters/booking/find_booking.h"

using namespace webox;
using namespace webox::booking;

namespace {

std::vector<std::string> fields(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (true) {
    auto bar = s.find('|', at);
    std::string f = s.substr(at, bar == std::string::npos ? std::string::npos : bar - at);
    while (!f.empty() && f.front() == ' ') f.erase(f.begin());
    while (!f.empty() && f.back() == ' ') f.pop_back();
    out.push_back(f);
    if (bar == std::string::npos) return out;
    at = bar + 1;
  }
}

}  // namespace

TEST_CASE("a caller's booking is found by the name and day they give", "[booking][cancel]") {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/booking/find_booking.txt");
  REQUIRE(in.good());
  std::vector<BookingConfirmed> bookings;
  int searches = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("booking: ")) {
      auto f = fields(line.substr(9));
      REQUIRE(f.size() >= 4);
      BookingConfirmed b{.booking_id = f[0], .date = f[1], .time = f[2], .party_size = 2,
                         .name = f[3]};
      if (f.size() > 4) b.phone = f[4];
      bookings.push_back(b);
    } else if (line.starts_with("search: ")) {
      const auto arrow = line.find(" -> ");
      REQUIRE(arrow != std::string::npos);
      auto f = fields(line.substr(8, arrow - 8));
      REQUIRE(f.size() >= 3);
      const std::string want = line.substr(arrow + 4);
      auto m = find_booking(bookings, BookingSearch{.name = f[0], .date = f[1],
                                                    .not_before = "2026-11-25",
                                                    .caller_phone = f[2], .time = f.size() > 3 ? f[3] : ""});
      INFO(line);
      CHECK((m.found ? bookings[m.index].booking_id : m.reason) == want);
      ++searches;
    }
  }
  CHECK(searches >= 15);
}
