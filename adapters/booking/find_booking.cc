#include "adapters/booking/find_booking.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "adapters/brain/local/normalize.h"

namespace webox::booking {
namespace {

std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> out;
  for (auto& w : brain::tokenize(name)) out.push_back(std::move(w.text));
  return out;
}

bool contains_all(const std::vector<std::string>& outer, const std::vector<std::string>& inner) {
  return !inner.empty() && std::all_of(inner.begin(), inner.end(), [&](const std::string& w) {
    return std::find(outer.begin(), outer.end(), w) != outer.end();
  });
}

bool same_person(const std::vector<std::string>& said, std::string_view booked) {
  const auto b = words_of(booked);
  return contains_all(b, said) || contains_all(said, b);
}

// Digits only, the last nine: "+33 6 12 34 56 78" and "06 12 34 56 78" are one number.
std::string phone_key(std::string_view phone) {
  std::string d;
  for (char c : phone)
    if (c >= '0' && c <= '9') d += c;
  return d.size() > 9 ? d.substr(d.size() - 9) : d;
}

bool earlier(const BookingConfirmed& a, const BookingConfirmed& b) {
  return std::tie(a.date, a.time, a.booking_id) < std::tie(b.date, b.time, b.booking_id);
}

}  // namespace

BookingMatch find_booking(std::span<const BookingConfirmed> candidates,
                          const BookingSearch& search) {
  const auto said = words_of(search.name);
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& b = candidates[i];
    if (b.date < search.not_before) continue;
    if (!search.date.empty() && b.date != search.date) continue;
    if (same_person(said, b.name)) hits.push_back(i);
  }
  if (hits.empty()) return {.found = false, .reason = "not_found"};
  if (hits.size() > 1 && !search.caller_phone.empty()) {
    std::vector<std::size_t> theirs;
    const std::string mine = phone_key(search.caller_phone);
    for (auto i : hits)
      if (candidates[i].phone && phone_key(*candidates[i].phone) == mine) theirs.push_back(i);
    if (!theirs.empty()) hits = std::move(theirs);
  }
  // "Mon rendez-vous de demain à 9h": of several, the one at that time.
  if (hits.size() > 1 && !search.time.empty()) {
    std::vector<std::size_t> at_time;
    for (auto i : hits)
      if (candidates[i].time == search.time) at_time.push_back(i);
    if (!at_time.empty()) hits = std::move(at_time);
  }
  if (hits.size() > 1 && search.date.empty()) {
    // All on one day is one choice to read back; several days need the caller's answer.
    const auto& d = candidates[hits.front()].date;
    if (std::any_of(hits.begin(), hits.end(), [&](std::size_t i) { return candidates[i].date != d; }))
      return {.found = false, .reason = "several"};
  }
  const auto best = *std::min_element(hits.begin(), hits.end(), [&](std::size_t a, std::size_t b) {
    return earlier(candidates[a], candidates[b]);
  });
  return {.found = true, .index = best};
}

}  // namespace webox::booking
