#include "adapters/brain/local/context.h"

#include "adapters/brain/local/context_fields.h"
#include "adapters/brain/local/normalize.h"

#include <simdjson.h>

#include <cctype>

namespace webox::brain {
namespace {

using simdjson::dom::element;

constexpr std::string_view kDays[2][7] = {
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
    {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}};

int day_index(std::string_view key) {
  std::string lower(key);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& lang : kDays)
    for (int d = 0; d < 7; ++d)
      if (lower == lang[d]) return d;
  return -1;
}

Result<Interval> parse_interval(element e, const std::string& field) {
  std::string_view open, close;
  simdjson::dom::array pair;
  if (e.get_string().get(open) == simdjson::SUCCESS) {  // "12:00-14:30"
    const auto dash = open.find('-');
    if (dash == std::string_view::npos) return Error::invalid(field, "expected \"HH:MM-HH:MM\"");
    close = open.substr(dash + 1);
    open = open.substr(0, dash);
  } else if (e.get_array().get(pair) == simdjson::SUCCESS) {
    if (pair.size() != 2 || pair.at(0).get_string().get(open) || pair.at(1).get_string().get(close))
      return Error::invalid(field, "expected [\"HH:MM\", \"HH:MM\"]");
  } else {
    return Error::invalid(field, "expected [\"HH:MM\", \"HH:MM\"] or \"HH:MM-HH:MM\"");
  }
  auto o = parse_clock(open);
  auto c = parse_clock(close);
  if (!o) return Error::invalid(field, o.error().message);
  if (!c) return Error::invalid(field, c.error().message);
  return Interval{*o % 1440, *c};
}

Result<WeekHours> parse_hours(element e) {
  simdjson::dom::object days;
  if (e.get_object().get(days)) return Error::invalid("opening_hours", "must be an object of weekdays");
  WeekHours week;
  for (simdjson::dom::key_value_pair day : days) {
    const std::string field = "opening_hours." + std::string(day.key);
    const int d = day_index(day.key);
    if (d < 0) return Error::invalid(field, "not a weekday");
    simdjson::dom::array slots;
    if (day.value.get_array().get(slots))
      return Error::invalid(field, "must be a list of [\"HH:MM\", \"HH:MM\"]");
    for (element slot : slots) {
      auto iv = parse_interval(slot, field);
      if (!iv) return std::move(iv).error();
      week[d].push_back(*iv);
    }
  }
  return week;
}

std::optional<std::string> string_field(simdjson::dom::object obj, std::string_view key,
                                        std::vector<Error>& problems) {
  element e;
  if (obj.at_key(key).get(e)) return std::nullopt;  // absent
  if (e.is_null()) return std::nullopt;
  std::string_view s;
  if (e.get_string().get(s)) {
    problems.push_back(Error::invalid(std::string(key), "must be a string"));
    return std::nullopt;
  }
  return std::string(s);
}

}  // namespace

Result<int> parse_clock(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  const auto sep = s.find_first_of(":h");
  if (sep == std::string_view::npos || sep == 0 || sep > 2) return Error::invalid("time", "expected HH:MM");
  int h = 0, m = 0;
  for (char c : s.substr(0, sep)) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return Error::invalid("time", "expected HH:MM");
    h = h * 10 + (c - '0');
  }
  const auto mins = s.substr(sep + 1);
  if (mins.size() != 2 && !(mins.empty() && s[sep] == 'h')) return Error::invalid("time", "expected HH:MM");
  for (char c : mins) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return Error::invalid("time", "expected HH:MM");
    m = m * 10 + (c - '0');
  }
  if (h > 24 || m > 59 || (h == 24 && m != 0)) return Error::invalid("time", "out of range");
  return h * 60 + m;
}

Result<int> parse_utc_offset(std::string_view s) {
  if (s == "Z" || s == "UTC" || s == "GMT") return 0;
  if (s.starts_with("UTC") || s.starts_with("GMT")) s.remove_prefix(3);
  if (s.empty() || (s[0] != '+' && s[0] != '-'))
    return Error::invalid("utc_offset", "expected a fixed offset like \"+01:00\" (no time zone names)");
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0, digits = 0;
  std::size_t i = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 2; ++i, ++digits)
    h = h * 10 + (s[i] - '0');
  if (digits == 0) return Error::invalid("utc_offset", "expected a fixed offset like \"+01:00\"");
  if (i < s.size() && s[i] == ':') ++i;
  const auto rest = s.substr(i);
  if (!rest.empty()) {
    if (rest.size() != 2 || !std::isdigit(static_cast<unsigned char>(rest[0])) ||
        !std::isdigit(static_cast<unsigned char>(rest[1])))
      return Error::invalid("utc_offset", "expected a fixed offset like \"+01:00\"");
    m = (rest[0] - '0') * 10 + (rest[1] - '0');
  }
  if (h > 14 || m > 59) return Error::invalid("utc_offset", "out of range");
  return sign * (h * 60 + m);
}

bool BusinessContext::open_on(int weekday) const {
  return !hours || !(*hours)[weekday].empty();
}

bool BusinessContext::open_at(int weekday, int minutes) const {
  if (!hours) return true;
  for (const auto& iv : (*hours)[weekday]) {
    if (iv.close > iv.open ? (minutes >= iv.open && minutes < iv.close) : minutes >= iv.open) return true;
  }
  for (const auto& iv : (*hours)[(weekday + 6) % 7])  // yesterday's late service
    if (iv.close <= iv.open && minutes < iv.close) return true;
  return false;
}

ContextReading read_context(std::string_view json) {
  ContextReading r;
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  element root;
  if (auto err = parser.parse(padded).get(root); err) {
    r.problems.push_back(Error::invalid("context_data", std::string("not valid JSON: ") +
                                                           simdjson::error_message(err)));
    return r;
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) {
    r.problems.push_back(Error::invalid("context_data", "must be a JSON object"));
    return r;
  }
  auto& c = r.context;
  c.business_name = string_field(obj, "business_name", r.problems).value_or("");
  c.address = string_field(obj, "address", r.problems).value_or("");
  c.phone = string_field(obj, "phone", r.problems).value_or("");
  c.transfer_number = string_field(obj, "transfer_number", r.problems).value_or("");

  element e;
  if (!obj.at_key("capacity").get(e) && !e.is_null()) {
    std::int64_t cap = 0;
    if (e.get_int64().get(cap) || cap < 1 || cap > 100000)
      r.problems.push_back(Error::invalid("capacity", "must be a positive integer"));
    else
      c.capacity = static_cast<int>(cap);
  }
  // "utc_offset" wins; "timezone" is accepted when it already is an offset.
  for (std::string_view key : {"timezone", "utc_offset"}) {
    if (auto s = string_field(obj, key, r.problems)) {
      auto off = parse_utc_offset(*s);
      if (off) {
        c.utc_offset_minutes = *off;
      } else {
        r.problems.push_back(Error::invalid(std::string(key), off.error().message));
      }
    }
  }
  if (!obj.at_key("opening_hours").get(e) && !e.is_null()) {
    auto week = parse_hours(e);
    if (week) c.hours = std::move(*week);
    else r.problems.push_back(std::move(week).error());
  }
  FieldReader fields(obj, "", r.problems);
  read_trade_facts(fields, c);
  return r;
}

Result<BusinessContext> parse_context(std::string_view json) {
  auto r = read_context(json);
  if (!r.problems.empty()) return r.problems.front();
  return std::move(r.context);
}

bool works_on_motorbikes(const BusinessContext& c) {
  if (c.trade != "garage") return false;
  auto says_bike = [](std::string_view text) {
    for (const Word& w : tokenize(text))
      for (std::string_view k : {"motorbike", "motorbikes", "motorcycle", "motorcycles", "bike", "bikes",
                                 "moto", "motos", "scooter", "scooters", "motocycle", "motocycles"})
        if (w.text == k) return true;
    return false;
  };
  if (says_bike(c.business_name)) return true;
  for (const auto& s : c.services)
    if (says_bike(s.name)) return true;
  for (const auto& f : c.faq)
    if (says_bike(f.answer)) return true;
  return false;
}

}  // namespace webox::brain
