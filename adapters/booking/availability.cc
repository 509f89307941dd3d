#include "adapters/booking/availability.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>

namespace webox::booking {
namespace {

constexpr int kDay = 24 * 60;

std::string hhmm(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return buf;
}

// A positive integer key of the context, or nullopt (absent or malformed: the default applies).
std::optional<int> positive(simdjson::dom::object obj, std::string_view key) {
  std::int64_t v = 0;
  if (obj.at_key(key).get_int64().get(v) || v <= 0 || v > 1'000'000) return std::nullopt;
  return static_cast<int>(v);
}

std::optional<int> rooms_of_type(simdjson::dom::object obj, std::string_view type) {
  simdjson::dom::array rooms;
  if (obj.at_key("rooms").get_array().get(rooms)) return std::nullopt;
  for (simdjson::dom::element room : rooms) {
    std::string_view t;
    simdjson::dom::object r;
    if (room.get_object().get(r) || r.at_key("type").get_string().get(t) || t != type) continue;
    return positive(r, "count");
  }
  return std::nullopt;
}

std::string pool_of(const BookingConfirmed& b) { return b.kind + "|" + b.resource.value_or(""); }

}  // namespace

std::string_view to_string(Refusal r) {
  switch (r) {
    case Refusal::none: return "";
    case Refusal::invalid: return "invalid";
    case Refusal::past: return "past";
    case Refusal::closed: return "closed";
    case Refusal::too_large: return "too_large";
    case Refusal::taken: return "taken";
    case Refusal::full: return "full";
  }
  return "";
}

std::optional<brain::Date> parse_date(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  brain::Date d;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    auto [p, ec] = std::from_chars(iso.data() + at, iso.data() + at + n, out);
    return ec == std::errc() && p == iso.data() + at + n;
  };
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  if (!brain::valid_date(d)) return std::nullopt;
  return d;
}

std::optional<int> parse_time(std::string_view t) {
  auto minutes = brain::parse_clock(t);
  if (!minutes || *minutes >= kDay) return std::nullopt;
  return *minutes;
}

CalendarRules rules_for(std::string_view context_json, std::string_view kind,
                        std::string_view resource) {
  CalendarRules rules;
  const auto business = brain::read_context(context_json).context;
  rules.hours = business.hours;
  rules.max_party = business.capacity;
  simdjson::dom::parser parser;
  simdjson::dom::object obj;
  const bool readable = !parser.parse(context_json.data(), context_json.size()).get(obj);
  auto key = [&](std::string_view k) { return readable ? positive(obj, k) : std::nullopt; };
  if (kind == "table") {
    rules.seats = key("seats").value_or(0);
    rules.hold_minutes = key("table_minutes").value_or(90);
  } else if (kind == "room") {
    rules.counts_party = false;
    rules.ignores_hours = true;
    rules.hold_minutes = kDay;  // a night; the booking's `nights` multiplies it
    rules.seats = readable ? rooms_of_type(obj, resource).value_or(0) : 0;
    rules.max_party = 0;
  } else {  // appointment, service
    rules.counts_party = false;
    rules.hold_minutes = key("slot_minutes").value_or(30);
    rules.seats = key("places").value_or(1);
    rules.max_party = 0;
  }
  rules.step_minutes = std::clamp(kind == "table" ? 15 : rules.hold_minutes, 5, 120);
  return rules;
}

// -- folding --

void Calendar::apply(const BookingConfirmed& b) {
  if (!cancelled_.count(b.booking_id)) bookings_[b.booking_id] = b;
}

void Calendar::apply(const BookingCancelled& c) {
  cancelled_[c.booking_id] = true;
  bookings_.erase(c.booking_id);
}

const BookingConfirmed* Calendar::find(std::string_view booking_id) const {
  auto it = bookings_.find(std::string(booking_id));
  return it == bookings_.end() ? nullptr : &it->second;
}

bool Calendar::cancelled(std::string_view booking_id) const {
  return cancelled_.count(std::string(booking_id)) > 0;
}

// -- the check --

std::optional<Calendar::Span> Calendar::span_of(const CalendarRules& rules,
                                                const BookingConfirmed& b) const {
  auto date = parse_date(b.date);
  auto time = parse_time(b.time);
  if (!date || !time) return std::nullopt;
  Span s;
  s.start = brain::days_from_civil(*date) * kDay + *time;
  int hold = b.duration_minutes.value_or(rules.hold_minutes);
  if (b.kind == "room") {  // whole nights: the room is taken from arrival day to departure day
    s.start = brain::days_from_civil(*date) * kDay;
    hold = kDay * std::max(1, b.nights.value_or(1));
  }
  s.end = s.start + std::max(1, hold);
  s.units = rules.counts_party ? std::max(1, b.party_size) : 1;
  return s;
}

// True when the pool of `b` has `s.units` free during all of `s`: the load only changes where
// a booking starts, so checking at `s.start` and at every start inside `s` is enough.
bool Calendar::fits(const CalendarRules& rules, const BookingConfirmed& b, const Span& s) const {
  if (rules.seats <= 0) return true;
  const std::string pool = pool_of(b);
  std::vector<Span> held;
  for (const auto& [id, other] : bookings_) {
    if (pool_of(other) != pool) continue;
    auto o = span_of(rules, other);
    if (o && o->start < s.end && s.start < o->end) held.push_back(*o);
  }
  std::vector<std::int64_t> instants{s.start};
  for (const auto& h : held)
    if (h.start > s.start) instants.push_back(h.start);
  for (auto t : instants) {
    int load = s.units;
    for (const auto& h : held)
      if (h.start <= t && t < h.end) load += h.units;
    if (load > rules.seats) return false;
  }
  return true;
}

std::vector<std::string> Calendar::alternatives(const CalendarRules& rules,
                                                const BookingConfirmed& b,
                                                const brain::LocalMoment& now) const {
  std::vector<std::string> out;
  auto date = parse_date(b.date);
  auto time = parse_time(b.time);
  if (!date || !time || b.kind == "room") return out;
  const int weekday = brain::weekday(*date);
  const std::int64_t now_at = brain::days_from_civil(now.date) * kDay + now.minutes;
  auto free_at = [&](int minutes) {
    if (minutes < 0 || minutes >= kDay) return false;
    if (!rules.ignores_hours && rules.hours) {
      brain::BusinessContext open{.hours = rules.hours};
      if (!open.open_at(weekday, minutes)) return false;
    }
    BookingConfirmed moved = b;
    moved.time = hhmm(minutes);
    auto s = span_of(rules, moved);
    return s && s->start >= now_at && fits(rules, moved, *s);
  };
  const int step = rules.step_minutes;
  for (int k = 1; k * step < kDay && out.size() < 2; ++k) {
    // Later first on a tie: callers asked for a time they wanted to come by.
    for (int t : {*time + k * step, *time - k * step})
      if (out.size() < 2 && free_at(t)) out.push_back(hhmm(t));
  }
  return out;
}

Verdict Calendar::check(const CalendarRules& rules, const BookingConfirmed& request,
                        const brain::LocalMoment& now) const {
  if (find(request.booking_id)) return {};
  auto refuse = [](Refusal r, std::string message) {
    return Verdict{.reason = r, .message = std::move(message), .alternatives = {}};
  };
  if (request.booking_id.empty()) return refuse(Refusal::invalid, "booking_id is empty");
  if (cancelled(request.booking_id))
    return refuse(Refusal::invalid, "booking " + request.booking_id + " was cancelled");
  auto date = parse_date(request.date);
  if (!date) return refuse(Refusal::invalid, "date must be YYYY-MM-DD");
  auto time = parse_time(request.time);
  if (!time) return refuse(Refusal::invalid, "time must be HH:MM");
  if (rules.counts_party && request.party_size < 1)
    return refuse(Refusal::invalid, "party_size must be at least 1");
  if (request.kind == "room" && request.nights && *request.nights < 1)
    return refuse(Refusal::invalid, "nights must be at least 1");
  if (std::make_pair(*date, *time) < std::make_pair(now.date, now.minutes))
    return refuse(Refusal::past, "that time has passed");
  if (!rules.ignores_hours && rules.hours) {
    brain::BusinessContext open{.hours = rules.hours};
    if (!open.open_at(brain::weekday(*date), *time))
      return refuse(Refusal::closed, "closed on " + request.date + " at " + request.time);
  }
  if (rules.max_party > 0 && request.party_size > rules.max_party)
    return refuse(Refusal::too_large,
                  "at most " + std::to_string(rules.max_party) + " in one booking");
  auto span = span_of(rules, request);
  if (span && fits(rules, request, *span)) return {};
  Verdict v = refuse(rules.seats == 1 ? Refusal::taken : Refusal::full,
                     rules.seats == 1 ? "that slot is taken" : "no room left at that time");
  v.alternatives = alternatives(rules, request, now);
  return v;
}

}  // namespace webox::booking
